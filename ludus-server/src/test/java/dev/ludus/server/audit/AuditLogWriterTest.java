package dev.ludus.server.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.ludus.arena.ArenaConfig;
import dev.ludus.sim.audit.ServerKeys;
import dev.ludus.sim.audit.TreeHeadSigner;
import dev.ludus.sim.world.Command;
import dev.ludus.sim.world.WorldConfig;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The writer never holds up or breaks the tick: a slow disk, a failing disk, a closed log. */
class AuditLogWriterTest {
    private static final WorldConfig WORLD = new WorldConfig(1000, 1000, 32, 100, 20, 10, 500, 500, 5, 6, 11);
    private static final ArenaConfig ARENA = new ArenaConfig(0, 1.4, 4, 0.25, 1);
    private static final KeyPair KEYS = TreeHeadSigner.generateKeys();

    @TempDir
    Path dir;

    private static AuditHeader header(int interval) {
        return new AuditHeader(ServerKeys.serverId(KEYS.getPublic()), KEYS.getPublic(), 1_000, "test", "test", interval,
            WORLD, ARENA);
    }

    private static AuditLogVerifier.Result verify(Path file, boolean allowUnsignedTail) throws IOException {
        return new AuditLogVerifier(KEYS.getPublic(), allowUnsignedTail, line -> { }, System::nanoTime).verify(file);
    }

    /** A disk that takes writes until told to stall, then waits until told to go on. */
    private static final class StallingStream extends FilterOutputStream {
        final CountDownLatch release = new CountDownLatch(1);
        volatile boolean stalled;

        StallingStream(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            awaitRelease();
            out.write(bytes, offset, length);
        }

        @Override
        public void write(int b) throws IOException {
            awaitRelease();
            out.write(b);
        }

        private void awaitRelease() throws IOException {
            if (stalled) {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    throw new IOException(e);
                }
            }
        }
    }

    @Test
    @Timeout(60)   // guards against a hang only; the assertions are on counts
    void shouldNeverBlockTheTickWhenTheQueueOverflowsAndEndTheLogThereSigned() throws IOException {
        Path file = dir.resolve("slow.ludlog");
        StallingStream disk = new StallingStream(Files.newOutputStream(file));
        AuditLogWriter writer = new AuditLogWriter(file, disk, () -> { }, KEYS, header(5), 4);
        disk.stalled = true;

        for (long tick = 0; tick < 100; tick++) {
            writer.onTick(tick, 2_000 + 50 * tick, List.of(new Command.Leave(tick)), tick * 31);
        }
        // At most the four queued ticks and the one the writer holds are kept; everything else is dropped.
        assertThat(writer.ticksDropped()).isBetween(95L, 96L);
        disk.stalled = false;
        disk.release.countDown();
        writer.close();

        assertThat(writer.endReason()).isEqualTo(LogEntries.QUEUE_OVERFLOW);
        assertThat(writer.ticksRecorded() + writer.ticksDropped()).isEqualTo(100);
        AuditLogVerifier.Result result = verify(file, false);
        assertThat(result.ok()).as(String.valueOf(result.problem())).isTrue();
        assertThat(result.summary().ticks()).isEqualTo(writer.ticksRecorded());
        assertThat(result.summary().endReason()).isEqualTo("queue_overflow");
    }

    @Test
    void shouldStopRecordingWhenTheDiskFailsAndCountWithoutThrowing() throws IOException {
        Path file = dir.resolve("failing.ludlog");
        OutputStream disk = new FilterOutputStream(Files.newOutputStream(file)) {
            private long written;

            @Override
            public void write(byte[] bytes, int offset, int length) throws IOException {
                written += length;
                if (written > 3_000) {
                    throw new IOException("No space left on device");
                }
                out.write(bytes, offset, length);
            }

            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }
        };
        AuditLogWriter writer = new AuditLogWriter(file, disk, () -> { }, KEYS, header(5), 1000);
        for (long tick = 0; tick < 200; tick++) {
            writer.onTick(tick, 2_000 + 50 * tick, List.of(new Command.Move(1, tick, 1, 0)), tick);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> writer.writeErrors() == 1);
        // Ticks after the failure are counted, never thrown at the tick.
        writer.onTick(200, 12_000, List.of(), 0);
        writer.close();

        assertThat(writer.endReason()).isNull();
        assertThat(writer.ticksRecorded()).isLessThan(200);
        assertThat(writer.ticksRecorded() + writer.ticksDropped()).isEqualTo(201);
        // What reached the disk before the failure is still readable, and reported as an unclosed log.
        assertThat(verify(file, false).problem().code()).isIn(VerifyProblem.Code.UNSIGNED_TAIL, VerifyProblem.Code.NOT_CLOSED);
        assertThat(verify(file, true).ok()).isTrue();
    }

    @Test
    void shouldWriteAHeadEveryIntervalAndIgnoreTicksAfterClose() throws IOException {
        AuditLogWriter writer = AuditLogWriter.open(AuditSettings.in(dir), "test", WORLD, ARENA, 1_767_225_600_000L);
        for (long tick = 0; tick < 45; tick++) {
            writer.onTick(tick, 1_767_225_600_000L + 50 * tick, List.of(), tick);
        }
        writer.close();
        writer.onTick(45, 0, List.of(), 0);
        writer.close();

        assertThat(writer.path().getFileName().toString()).isEqualTo("world-11-20260101T000000Z.ludlog");
        assertThat(writer.signedHeads()).isEqualTo(3);   // after ticks 19 and 39, and the final one
        assertThat(writer.entries()).isEqualTo(1 + 45 + 1);
        assertThat(writer.ticksDropped()).isZero();
        assertThat(writer.startedAtMs()).isEqualTo(1_767_225_600_000L);
        AuditLogVerifier.Result result = new AuditLogVerifier(null, false, line -> { }, System::nanoTime).verify(writer.path());
        assertThat(result.ok()).as(String.valueOf(result.problem())).isTrue();

        // A second log of the same seed in the same second gets its own file; the key is reused.
        AuditLogWriter second = AuditLogWriter.open(AuditSettings.in(dir), "test", WORLD, ARENA, 1_767_225_600_000L);
        second.close();
        assertThat(second.path().getFileName().toString()).isEqualTo("world-11-20260101T000000Z-2.ludlog");
        assertThat(ServerKeyStore.readPublicKey(dir.resolve("server.pub")).getEncoded())
            .isEqualTo(ServerKeyStore.loadOrCreate(dir).getPublic().getEncoded());
    }

    @Test
    void shouldKeepTheServerKeyPrivateAndRefuseAMismatchedPublicKey() throws IOException {
        KeyPair keys = ServerKeyStore.loadOrCreate(dir);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("server.key"))))
            .isEqualTo("rw-------");
        assertThat(ServerKeyStore.loadOrCreate(dir).getPrivate().getEncoded()).isEqualTo(keys.getPrivate().getEncoded());

        Files.writeString(dir.resolve("server.pub"), ServerKeyStore.pem("PUBLIC KEY",
            TreeHeadSigner.generateKeys().getPublic().getEncoded()));
        assertThatThrownBy(() -> ServerKeyStore.loadOrCreate(dir)).isInstanceOf(IOException.class)
            .hasMessageContaining("another key");
        Files.delete(dir.resolve("server.pub"));
        assertThat(ServerKeyStore.loadOrCreate(dir).getPublic().getEncoded()).isEqualTo(keys.getPublic().getEncoded());
        // DER works as well as PEM.
        Path der = Files.write(dir.resolve("key.der"), keys.getPublic().getEncoded());
        assertThat(ServerKeyStore.readPublicKey(der).getEncoded()).isEqualTo(keys.getPublic().getEncoded());
        Files.writeString(dir.resolve("server.key"), "not a key");
        assertThatThrownBy(() -> ServerKeyStore.loadOrCreate(dir)).isInstanceOf(IOException.class)
            .hasMessageContaining("server.key");
    }

    @Test
    void shouldNameTheDirectoryWhenItCannotBeCreated() throws IOException {
        Path notADirectory = Files.writeString(dir.resolve("file"), "x");
        AuditSettings settings = AuditSettings.in(notADirectory.resolve("audit"));

        assertThatThrownBy(() -> AuditLogWriter.open(settings, "test", WORLD, ARENA, 0))
            .isInstanceOf(AuditLogException.class)
            .hasMessageContaining("--audit-dir : " + notADirectory.resolve("audit"))
            .hasMessageContaining("expected: a writable directory");
        assertThatThrownBy(() -> new AuditSettings(true, dir, 0, 10)).hasMessageContaining("signed-head-interval-ticks");
        assertThatThrownBy(() -> new AuditSettings(true, dir, 1, 0)).hasMessageContaining("queue-ticks");
    }
}
