package dev.ludus.net;

import dev.ludus.protocol.EntityKind;
import dev.ludus.protocol.JsonCodec;
import dev.ludus.protocol.ProtobufCodec;
import dev.ludus.protocol.ServerMessage;
import dev.ludus.protocol.ServerMessage.SpectatorState;
import dev.ludus.sim.spectate.WorldReader;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The aggregated state spectators see beside the entities (docs/protocol.md §18.2): a scoreboard of
 * player kills and deaths, a feed of every kill, and a heat map of players per coarse cell, captured
 * every {@link #everyTicks()} ticks (once a second) into a bounded history from which each view takes
 * the states as delayed as its frames.
 *
 * <p>Each captured state is encoded once per wire format when it is captured; every spectator of every
 * view receives the same bytes. The history holds {@code MAX_DELAY_MS / period + 2} states (302 at the
 * default rates), so a view with the longest delay still finds its state.
 *
 * <p>Threads: {@link #onKill} and {@link #capture} run on the tick thread (the simulation's
 * {@link dev.ludus.sim.spectate.SpectatorFeed}); {@link #onPlayerJoined} on event loops; {@link #due}
 * on the tick thread or replication workers. The tallies are the tick thread's alone; the history is
 * guarded by its own monitor.
 */
final class SpectatorAggregates {
    /** Cells of the heat map along the world's longer side: 16 (250 m cells on the 4 km reference world). */
    static final int HEAT_CELLS = 16;

    /** One captured state and its two encodings. */
    record Frame(SpectatorState state, byte[] json, byte[] protobuf) {
        byte[] bytes(WireFormat format) {
            return format == WireFormat.JSON ? json : protobuf;
        }
    }

    private static final class Tally {
        final long id;
        String name;
        int kills;
        int deaths;

        Tally(long id, String name) {
            this.id = id;
            this.name = name;
        }
    }

    private static final Comparator<Tally> LEADERS = Comparator.<Tally>comparingInt(t -> -t.kills)
        .thenComparingInt(t -> t.deaths).thenComparingLong(t -> t.id);

    private final JsonCodec json;
    private final ProtobufCodec protobuf;
    private final int everyTicks;
    private final int capacity;
    /** Display names of the players that joined, by entity id (event loops write, the tick thread reads). */
    private final Map<Long, String> names = new ConcurrentHashMap<>();
    // Tick thread only.
    private final Map<Long, Tally> tallies = new HashMap<>();
    private final List<SpectatorState.Kill> pendingKills = new ArrayList<>();
    private int[] counts = new int[0];
    // Guarded by history.
    private final ArrayDeque<Frame> history;

    /**
     * @param tickRateHz the world's tick rate: a state is captured every {@code tickRateHz} ticks (1 s)
     */
    SpectatorAggregates(JsonCodec json, ProtobufCodec protobuf, int tickRateHz) {
        this.json = json;
        this.protobuf = protobuf;
        this.everyTicks = tickRateHz;
        this.capacity = (int) (dev.ludus.protocol.ClientMessage.Spectate.MAX_DELAY_MS / 1000) + 2;
        this.history = new ArrayDeque<>(capacity);
    }

    /** @return ticks between two captured states */
    int everyTicks() {
        return everyTicks;
    }

    /** A player entered the world under this name. Any thread. */
    void onPlayerJoined(long entityId, String name) {
        names.put(entityId, name);
    }

    /** A kill (tick thread): the feed lists every kill; the scoreboard counts players killed and player deaths. */
    void onKill(long tick, long killerId, long victimId, EntityKind victimKind) {
        pendingKills.add(new SpectatorState.Kill(tick, killerId, victimId, victimKind));
        if (victimKind == EntityKind.PLAYER) {
            tally(killerId).kills++;
            tally(victimId).deaths++;
        }
    }

    private Tally tally(long id) {
        return tallies.computeIfAbsent(id, key -> new Tally(key, names.getOrDefault(key, "")));
    }

    /**
     * Captures the state at the end of a tick when one is due (tick thread).
     *
     * @return whether a state was captured
     */
    boolean capture(long tick, long serverTimeMs, WorldReader world) {
        if (tick % everyTicks != 0) {
            return false;
        }
        double width = world.widthMetres();
        double height = world.heightMetres();
        double cellMetres = Math.max(width, height) / HEAT_CELLS;
        int columns = (int) Math.max(1, Math.ceil(width / cellMetres));
        int rows = (int) Math.max(1, Math.ceil(height / cellMetres));
        if (counts.length != columns * rows) {
            counts = new int[columns * rows];
        }
        world.countPlayers(cellMetres, columns, rows, counts);
        List<Integer> heat = new ArrayList<>(counts.length);
        for (int count : counts) {
            heat.add(count);
        }
        List<Tally> leaders = new ArrayList<>(tallies.values());
        leaders.sort(LEADERS);
        List<SpectatorState.Score> scoreboard = new ArrayList<>(Math.min(SpectatorState.TOP, leaders.size()));
        for (Tally tally : leaders.subList(0, Math.min(SpectatorState.TOP, leaders.size()))) {
            if (tally.name.isEmpty()) {
                tally.name = names.getOrDefault(tally.id, "");
            }
            scoreboard.add(new SpectatorState.Score(tally.id, tally.name, tally.kills, tally.deaths));
        }
        SpectatorState state = new SpectatorState(tick, serverTimeMs, scoreboard, pendingKills,
            new SpectatorState.HeatMap(cellMetres, columns, rows, heat));
        pendingKills.clear();
        Frame frame = new Frame(state, json.encode(state), protobuf.encode(state));
        synchronized (history) {
            if (history.size() == capacity) {
                history.pollFirst();
            }
            history.addLast(frame);
        }
        return true;
    }

    /**
     * The states a view should send with its frame of {@code frameTick}: those captured after
     * {@code sentTick} up to {@code frameTick}, oldest first; or, for a view that sent none yet
     * ({@code sentTick} -1), only the newest of them. Any thread.
     *
     * @param sentTick  the tick of the last state the view sent, or -1
     * @param frameTick the tick of the frame the view sends now
     * @return the states, possibly empty
     */
    List<Frame> due(long sentTick, long frameTick) {
        List<Frame> due = new ArrayList<>(1);
        synchronized (history) {
            for (Frame frame : history) {
                long tick = frame.state().tick();
                if (tick > frameTick) {
                    break;
                }
                if (tick > sentTick) {
                    if (sentTick < 0) {
                        due.clear();
                    }
                    due.add(frame);
                }
            }
        }
        return due;
    }

    /** @return the newest captured state, or null; for tests and the replay's seek */
    ServerMessage.SpectatorState latest() {
        synchronized (history) {
            return history.isEmpty() ? null : history.peekLast().state();
        }
    }
}
