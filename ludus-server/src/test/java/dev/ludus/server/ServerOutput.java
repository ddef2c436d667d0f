package dev.ludus.server;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a child server process's output on a daemon thread: keeps every line, and completes
 * {@link #port()} with the port of its "listening on ws://127.0.0.1:PORT/ws" line, or exceptionally
 * (with the output so far) when the process ends before listening.
 */
final class ServerOutput {
    private static final Pattern LISTENING = Pattern.compile("listening on ws://127\\.0\\.0\\.1:(\\d+)/ws");

    private final StringBuilder lines = new StringBuilder();
    private final CompletableFuture<Integer> port = new CompletableFuture<>();
    private final Thread reader;

    /** @param process a child started with its error stream merged into its output */
    ServerOutput(Process process) {
        reader = Thread.ofPlatform().daemon().start(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    synchronized (lines) {
                        lines.append(line).append('\n');
                    }
                    Matcher m = LISTENING.matcher(line);
                    if (m.find()) {
                        port.complete(Integer.parseInt(m.group(1)));
                    }
                }
                port.completeExceptionally(new IllegalStateException("the server exited before listening:\n" + text()));
            } catch (IOException e) {
                port.completeExceptionally(e);
            }
        });
    }

    /** @return completes with the port the server listens on */
    CompletableFuture<Integer> port() {
        return port;
    }

    /** @return the output so far */
    String text() {
        synchronized (lines) {
            return lines.toString();
        }
    }

    /** Waits up to {@code millis} for the output to end (the process exited and its pipe closed). */
    void awaitEnd(long millis) throws InterruptedException {
        reader.join(millis);
    }
}
