package dev.ludus.server.audit;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ludus.arena.ArenaRules;
import dev.ludus.net.ReplaySource;
import dev.ludus.sim.spectate.SpectatorFeed;
import dev.ludus.sim.world.PlayerLink;
import dev.ludus.sim.world.Simulation;
import dev.ludus.sim.world.SimulationListener;
import dev.ludus.sim.world.WorldConfig;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A finished audit log as a recording spectators can replay from any tick (docs/protocol.md §18.4,
 * {@code ludus replay LOG --serve}). The world is rebuilt from the header as {@link AuditLogReplayer}
 * rebuilds it, each tick's recorded commands are submitted in order (joins with a link that drops what
 * the world sends) and the tick runs at its recorded time; after every tick the replayed state hash is
 * compared with the recorded one, so a replay shows the recorded game or stops.
 *
 * <p>The constructor reads the log once to learn its header and count its ticks; each {@link #open}
 * reads it again for its own cursor. Thread-safe.
 */
public final class AuditLogReplaySource implements ReplaySource {
    private final Path file;
    private final AuditHeader header;
    private final long ticks;

    /**
     * @param file a log written by {@code serve} or {@code simulate}
     * @throws IOException when the file cannot be read, has no valid header, or an entry is unreadable or
     *     out of tick order
     */
    public AuditLogReplaySource(Path file) throws IOException {
        this.file = Objects.requireNonNull(file, "file");
        AuditHeader first = null;
        long count = 0;
        try (LineReader reader = new LineReader(new BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
            for (byte[] line = reader.next(); line != null; line = reader.next()) {
                JsonNode node = Json.parseObject(line);
                if (first == null) {
                    first = AuditHeader.read(node);
                } else if (Json.textField(node, "type").equals(LogEntries.TICK)) {
                    if (Json.longField(node, "tick") != count) {
                        throw new MalformedEntryException("line " + reader.lineNumber() + ": tick "
                            + Json.longField(node, "tick") + " where tick " + count + " comes next");
                    }
                    count++;
                }
            }
        } catch (MalformedEntryException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
        if (first == null) {
            throw new IOException(file + ": the file has no header (it is empty)");
        }
        this.header = first;
        this.ticks = count;
    }

    @Override
    public WorldConfig world() {
        return header.world();
    }

    @Override
    public long ticks() {
        return ticks;
    }

    @Override
    public Cursor open(long fromTick, SpectatorFeed feed) throws IOException {
        if (fromTick < 0 || fromTick >= ticks) {
            throw new IllegalArgumentException("fromTick : " + fromTick + " (expected: 0 to " + (ticks - 1) + ")");
        }
        LogCursor cursor = new LogCursor(feed);
        try {
            for (long tick = 0; tick < fromTick; tick++) {
                cursor.step();
            }
        } catch (IOException | RuntimeException e) {
            cursor.close();
            throw e;
        }
        return cursor;
    }

    /** One replay's simulation and its own reader of the log. */
    private final class LogCursor implements Cursor {
        private final LineReader reader;
        private final Simulation simulation;
        private final SpectatorFeed feed;

        LogCursor(SpectatorFeed feed) throws IOException {
            this.feed = feed;
            reader = new LineReader(new BufferedInputStream(Files.newInputStream(file), 1 << 16));
            try {
                // The header, read by the constructor.
                reader.next();
            } catch (MalformedEntryException e) {
                reader.close();
                throw new IOException(file + ": " + e.getMessage(), e);
            }
            simulation = new Simulation(header.world(), new ArenaRules(header.arena()), SimulationListener.NONE, 1,
                System::nanoTime);
            simulation.spectatorFeed(feed);
        }

        /**
         * A recorded join's link tells the feed the player's name once the world has placed it (scoreboards name
         * their players); what the world sends to a replayed player is discarded.
         */
        private PlayerLink linkFor(JsonNode command) {
            if (!"join".equals(command.path("kind").asText())) {
                return PlayerLink.DISCARD;
            }
            String name = command.path("name").asText("");
            return PlayerLink.welcomeOnly(welcome -> feed.onPlayerJoined(welcome.entityId(), name));
        }

        @Override
        public long step() throws IOException {
            try {
                for (byte[] line = reader.next(); line != null; line = reader.next()) {
                    JsonNode node = Json.parseObject(line);
                    switch (Json.textField(node, "type")) {
                        case LogEntries.CMD -> {
                            JsonNode command = Json.field(node, "cmd");
                            simulation.submit(CommandCodec.read(command, linkFor(command), result -> { }));
                        }
                        case LogEntries.TICK -> {
                            long tick = simulation.completedTicks();
                            long timeMs = Json.longField(node, "timeMs");
                            simulation.tick(timeMs);
                            long recorded = LogEntries.parseStateHash(Json.textField(node, "stateHash"));
                            if (simulation.stateHash() != recorded) {
                                throw new IOException(file + ": tick " + tick + ": the log records state hash "
                                    + LogEntries.stateHash(recorded) + ", the replay gives "
                                    + LogEntries.stateHash(simulation.stateHash()));
                            }
                            return timeMs;
                        }
                        default -> {
                            // Signed tree heads and the end entry change nothing in the world.
                        }
                    }
                }
                return -1;
            } catch (MalformedEntryException e) {
                throw new IOException(file + ": " + e.getMessage(), e);
            }
        }

        @Override
        public void close() {
            simulation.close();
            try {
                reader.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
