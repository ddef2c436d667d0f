package dev.ludus.net;

import dev.ludus.protocol.JsonCodec;
import dev.ludus.protocol.ProtobufCodec;
import dev.ludus.protocol.ServerMessage;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A test client on the JDK's own {@link java.net.http.WebSocket} (not our code): sends raw text or
 * binary frames and decodes what comes back with the protocol codecs.
 */
public final class WsClient implements WebSocket.Listener, AutoCloseable {
    private static final JsonCodec JSON = new JsonCodec();
    private static final ProtobufCodec PROTOBUF = new ProtobufCodec();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final BlockingQueue<ServerMessage> messages = new LinkedBlockingQueue<>();
    private final CompletableFuture<Integer> closeCode = new CompletableFuture<>();
    private final StringBuilder text = new StringBuilder();
    private final ByteArrayOutputStream binary = new ByteArrayOutputStream();
    private final List<String> undecodable = new ArrayList<>();
    private final java.util.Set<String> frameTypes = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final WebSocket socket;
    /** Reliable events received, in order: (eventSeq, event). */
    private final List<ServerMessage.Numbered> numbered = new java.util.concurrent.CopyOnWriteArrayList<>();

    private WsClient(URI uri) {
        this.socket = HTTP.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5)).buildAsync(uri, this).join();
    }

    public static WsClient connect(int port) {
        return connect(URI.create("ws://127.0.0.1:" + port + "/ws"));
    }

    public static WsClient connect(URI uri) {
        return new WsClient(uri);
    }

    /** Sends one text message as several frames (a first frame and continuations). */
    public WsClient sendTextFragments(String... parts) {
        try {
            for (int i = 0; i < parts.length; i++) {
                socket.sendText(parts[i], i == parts.length - 1).join();
            }
        } catch (java.util.concurrent.CompletionException e) {
            undecodable.add("send failed: " + e.getCause());
        }
        return this;
    }

    /** Sends a text frame; a send that fails because the server closed the connection is ignored. */
    public WsClient sendText(String json) {
        try {
            socket.sendText(json, true).join();
        } catch (java.util.concurrent.CompletionException e) {
            undecodable.add("send failed: " + e.getCause());
        }
        return this;
    }

    /** Sends a binary frame; a send that fails because the server closed the connection is ignored. */
    public WsClient sendBinary(byte[] bytes) {
        try {
            socket.sendBinary(ByteBuffer.wrap(bytes), true).join();
        } catch (java.util.concurrent.CompletionException e) {
            undecodable.add("send failed: " + e.getCause());
        }
        return this;
    }

    /** Waits for the first message of a type that matches; earlier messages of other shapes are dropped. */
    public <T extends ServerMessage> T await(Class<T> type, Predicate<T> condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            ServerMessage message = messages.poll(100, TimeUnit.MILLISECONDS);
            if (type.isInstance(message) && condition.test(type.cast(message))) {
                return type.cast(message);
            }
        }
        throw new AssertionError("no " + type.getSimpleName() + " matching the condition within 10 s; close code "
            + closeCode.getNow(null) + ", undecodable " + undecodable);
    }

    /** Takes what has arrived so far, without waiting: whether a message of the type matching the condition was among it. */
    public <T extends ServerMessage> boolean awaitOptional(Class<T> type, Predicate<T> condition) {
        boolean found = false;
        for (ServerMessage message = messages.poll(); message != null; message = messages.poll()) {
            found |= type.isInstance(message) && condition.test(type.cast(message));
        }
        return found;
    }

    public <T extends ServerMessage> T await(Class<T> type) throws InterruptedException {
        return await(type, m -> true);
    }

    /** @return the close status the server sent, waiting up to 10 s */
    public int awaitClose() throws Exception {
        return closeCode.get(10, TimeUnit.SECONDS);
    }

    /** @return {@code "text"} and/or {@code "binary"}: the kinds of data message received so far */
    public java.util.Set<String> frameTypesReceived() {
        return java.util.Set.copyOf(frameTypes);
    }

    public boolean isClosed() {
        return closeCode.isDone();
    }

    /** A numbered event is recorded with its number and queued as the event itself, so awaits see the event. */
    private void received(ServerMessage message) {
        if (message instanceof ServerMessage.Numbered event) {
            numbered.add(event);
            messages.add(event.event());
        } else {
            messages.add(message);
        }
    }

    /** @return the reliable events received so far with their session numbers, in arrival order */
    public List<ServerMessage.Numbered> numbered() {
        return List.copyOf(numbered);
    }

    /** Drops the TCP connection without a close handshake, as a lost network does. */
    public void abort() {
        socket.abort();
    }

    @Override
    public void onOpen(WebSocket webSocket) {
        webSocket.request(Long.MAX_VALUE);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        text.append(data);
        if (last) {
            String whole = text.toString();
            text.setLength(0);
            frameTypes.add("text");
            try {
                received(JSON.decodeServer(whole.getBytes(StandardCharsets.UTF_8)));
            } catch (RuntimeException e) {
                undecodable.add(whole);
            }
        }
        return null;
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
        byte[] chunk = new byte[data.remaining()];
        data.get(chunk);
        binary.writeBytes(chunk);
        if (last) {
            byte[] whole = binary.toByteArray();
            binary.reset();
            frameTypes.add("binary");
            try {
                received(PROTOBUF.decodeServer(whole));
            } catch (RuntimeException e) {
                undecodable.add("binary " + whole.length + " bytes");
            }
        }
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closeCode.complete(statusCode);
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        closeCode.complete(-1);
    }

    @Override
    public void close() {
        if (!socket.isOutputClosed()) {
            try {
                // A clean close (1000 ends the player's session at once): wait for the server's answer before dropping.
                socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(2, TimeUnit.SECONDS);
                closeCode.get(2, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                // The server is gone or slow: drop the connection anyway.
            }
        }
        socket.abort();
    }
}
