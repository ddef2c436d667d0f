package dev.ludus.bench;

import dev.ludus.protocol.DeltaEntity;
import dev.ludus.protocol.EntityKind;
import dev.ludus.protocol.EntityState;
import dev.ludus.protocol.JsonCodec;
import dev.ludus.protocol.ProtobufCodec;
import dev.ludus.protocol.ServerMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Encoding one player's frame, the per-player per-tick cost of the send path (issue 6): a full
 * snapshot of {@code inView} entities, a delta in which all of them are new (no baseline
 * acknowledged), and a steady-state delta in which a quarter changed (turns and rounding residues,
 * benchmarks §15: 12 of 31). Positions are spread over a 100 m area of interest around (2,000, 2,000)
 * m, velocities up to 5 m/s, ids up to 20,000 (seed 42). Score: nanoseconds per frame.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@State(Scope.Thread)
public class CodecBenchmark {
    /** Entities in the player's area of interest. */
    @Param({"80"})
    public int inView;

    private final ProtobufCodec protobuf = new ProtobufCodec();
    private final JsonCodec json = new JsonCodec();
    private ServerMessage.Snapshot snapshot;
    private ServerMessage.Delta fullDelta;
    private ServerMessage.Delta steadyDelta;

    @Setup
    public void setUp() {
        SplittableRandom random = new SplittableRandom(42);
        List<EntityState> states = new ArrayList<>();
        List<DeltaEntity> news = new ArrayList<>();
        List<DeltaEntity> changes = new ArrayList<>();
        for (int i = 0; i < inView; i++) {
            long id = 1 + random.nextInt(20_000);
            double x = 1_900 + random.nextDouble() * 200;
            double y = 1_900 + random.nextDouble() * 200;
            double vx = random.nextDouble() * 10 - 5;
            double vy = random.nextDouble() * 10 - 5;
            EntityKind kind = i % 4 == 0 ? EntityKind.NPC : EntityKind.PLAYER;
            states.add(new EntityState(id, kind, x, y, vx, vy));
            news.add(new DeltaEntity(id, kind, DeltaEntity.quantize(x), DeltaEntity.quantize(y),
                DeltaEntity.quantize(vx), DeltaEntity.quantize(vy)));
            if (i % 4 == 1) {
                changes.add(new DeltaEntity(id, null, random.nextInt(5) - 2, random.nextInt(5) - 2,
                    random.nextInt(1_000) - 500, random.nextInt(1_000) - 500));
            }
        }
        news.sort(java.util.Comparator.comparingLong(DeltaEntity::id));
        changes.sort(java.util.Comparator.comparingLong(DeltaEntity::id));
        snapshot = new ServerMessage.Snapshot(123_456, 1_795_307_032_307L, 4_321, states, List.of());
        fullDelta = new ServerMessage.Delta(123_456, -1, 1_795_307_032_307L, 4_321, 1.0, news, List.of());
        steadyDelta = new ServerMessage.Delta(123_456, 123_454, 1_795_307_032_307L, 4_321, 1.0, changes, List.of(77L));
    }

    @Benchmark
    public byte[] snapshotProtobuf() {
        return protobuf.encode(snapshot);
    }

    @Benchmark
    public byte[] fullDeltaProtobuf() {
        return protobuf.encode(fullDelta);
    }

    @Benchmark
    public byte[] steadyDeltaProtobuf() {
        return protobuf.encode(steadyDelta);
    }

    @Benchmark
    public byte[] steadyDeltaJson() {
        return json.encode(steadyDelta);
    }
}
