package dev.ludus.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.ludus.server.audit.AuditLogReplayer;
import dev.ludus.server.audit.AuditLogVerifier;
import dev.ludus.server.audit.ServerKeyStore;
import dev.ludus.sim.world.Command;
import dev.ludus.sim.world.PlayerLink;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code serve} and {@code simulate} write their world's audit log where they are told, or refuse to start. */
class AuditWiringIT {
    @TempDir
    Path dir;

    private static final PlayerLink SILENT = PlayerLink.DISCARD;

    private static String captureErr(Runnable action) {
        PrintStream original = System.err;
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        System.setErr(new PrintStream(buffer, true, StandardCharsets.UTF_8));
        try {
            action.run();
        } finally {
            System.setErr(original);
        }
        return buffer.toString(StandardCharsets.UTF_8);
    }

    @Test
    void shouldRecordAServedWorldSoThatItVerifiesAndReplays() throws Exception {
        Path audit = dir.resolve("audit");
        LudusServer server = TestServers.start(Map.of("audit.dir", audit.toString(), "audit.signed-head-interval-ticks", 5));
        try {
            server.simulation().submit(new Command.Join(7, "auditor", "secret-session", SILENT));
            await().atMost(Duration.ofSeconds(10)).until(() -> server.simulation().playerCount() == 1);
            server.simulation().submit(new Command.Move(7, 1, 1, 0));
            await().atMost(Duration.ofSeconds(10)).until(() -> server.audit().signedHeads() >= 3);
            assertThat(server.scrapeMetrics()).contains("ludus_audit_entries_total", "ludus_audit_ticks_dropped_total");
        } finally {
            server.close();
        }
        Path log = server.audit().path();
        assertThat(log.getParent()).isEqualTo(audit.toAbsolutePath());
        assertThat(Files.readString(log)).doesNotContain("secret-session").contains("\"source\":\"serve\"");

        AuditLogVerifier.Result verified = new AuditLogVerifier(ServerKeyStore.readPublicKey(audit.resolve("server.pub")),
            false, line -> { }, System::nanoTime).verify(log);
        assertThat(verified.ok()).as(String.valueOf(verified.problem())).isTrue();
        assertThat(verified.summary().commands()).isEqualTo(2);
        AuditLogReplayer.Result replayed = new AuditLogReplayer(2, line -> { }, System::nanoTime).replay(log);
        assertThat(replayed.ok()).as(String.valueOf(replayed.problem())).isTrue();
        assertThat(replayed.summary().ticks()).isEqualTo(verified.summary().ticks()).isPositive();
    }

    @Test
    void shouldRefuseToStartWithExitTwoWhenTheAuditDirectoryCannotBeWritten() throws IOException {
        Path file = Files.writeString(dir.resolve("a-file"), "x");
        String bad = file.resolve("audit").toString();

        String serve = captureErr(() -> assertThat(Ludus.run("serve", "--port", "0", "--npcs", "10", "--audit-dir", bad))
            .isEqualTo(2));
        String simulate = captureErr(() -> assertThat(Ludus.run("simulate", "--players", "1", "--npcs", "1", "--ticks",
            "2", "--warmup", "0", "--world", "200", "--json", dir.resolve("r.json").toString(), "--audit-dir", bad))
            .isEqualTo(2));

        assertThat(serve).contains("--audit-dir : " + bad, "expected: a writable directory");
        assertThat(simulate).contains("--audit-dir : " + bad, "expected: a writable directory");
        assertThat(Files.exists(dir.resolve("r.json"))).as("nothing ran").isFalse();
    }

    @Test
    void shouldReadTheAuditKeysFromConfigurationAndEnvironment() {
        LudusConfig fromEnv = new ConfigLoader().load(null, Map.of("LUDUS_AUDIT_DIR", "/var/lib/ludus/audit",
            "LUDUS_AUDIT_ENABLED", "false"), Map.of());
        assertThat(fromEnv.audit().dir()).isEqualTo(Path.of("/var/lib/ludus/audit"));
        assertThat(fromEnv.audit().enabled()).isFalse();
        LudusConfig defaults = new ConfigLoader().load(null, Map.of(), Map.of());
        assertThat(defaults.audit().enabled()).isTrue();
        assertThat(defaults.audit().dir()).isEqualTo(Path.of("./data/audit"));
        assertThat(defaults.audit().signedHeadIntervalTicks()).isEqualTo(20);

        assertThatThrownBy(() -> new ConfigLoader().load(null, Map.of(), Map.of("audit.enabled", "maybe",
            "audit.dir", "", "audit.queue-ticks", 0)))
            .isInstanceOf(ConfigException.class)
            .hasMessageContaining("audit.enabled : \"maybe\" (expected: true or false)")
            .hasMessageContaining("audit.dir : \"\" (expected: a directory path)")
            .hasMessageContaining("audit.queue-ticks : 0");
    }
}
