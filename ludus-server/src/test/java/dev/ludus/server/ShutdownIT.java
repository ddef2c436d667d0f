package dev.ludus.server;

import dev.ludus.net.WsClient;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ludus.protocol.ServerMessage.Welcome;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@code ludus serve} in its own process stops cleanly on SIGTERM: clients get 1001, the process exits 0. */
class ShutdownIT {

    @Test
    void shouldCloseClientsWith1001AndExitZeroOnSigterm() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java));
        // Carry the coverage agent along, so the child's code counts like the rest of the suite.
        ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
            .filter(arg -> arg.startsWith("-javaagent:") && arg.contains("jacoco")).forEach(command::add);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), "dev.ludus.server.Ludus", "serve",
            "--port", "0", "--npcs", "100", "--audit-dir", "target/test-audit", "--data-dir", "target/test-data"));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            ServerOutput output = new ServerOutput(process);
            try (WsClient client = WsClient.connect(output.port().get(30, TimeUnit.SECONDS))) {
                client.sendText("{\"type\":\"login\",\"name\":\"leaver\"}");
                client.await(Welcome.class);
                // Process.destroy() would also close our end of the child's output; send the signal as an operator does.
                assertThat(new ProcessBuilder("kill", "-TERM", Long.toString(process.pid())).start().waitFor()).isZero();
                assertThat(client.awaitClose()).isEqualTo(1001);
            }
            assertThat(process.waitFor(20, TimeUnit.SECONDS)).isTrue();
            output.awaitEnd(5000);
            assertThat(process.exitValue()).as(output.text()).isZero();
            assertThat(output.text()).contains("Stopped");
        } finally {
            process.destroyForcibly();
        }
    }
}
