package dev.ludus.net;

/**
 * Settings of replication to each connection: bandwidth, outbound bounds, latency probes, input
 * buffering. Immutable; checked once.
 *
 * @param budgetBytesPerSecond   per-client bandwidth budget for snapshots, bytes per second, 1,024 to 16 MiB
 *                               (default 16 KiB/s); reliable messages count against it but are never held back,
 *                               positional updates beyond it are deferred by priority
 * @param burstMillis            how much unspent budget a client may accumulate, milliseconds of budget,
 *                               50 to 5,000 (default 250: a full frame after a join fits a quarter second)
 * @param maxOutboundBytes       bytes queued for one client beyond which it is a slow consumer and is
 *                               disconnected with close code {@value #CLOSE_SLOW_CONSUMER}, 64 KiB to 256 MiB
 *                               (default 4 MiB)
 * @param maxStalledSnapshots    consecutive snapshots a client's full send buffer may refuse before it is
 *                               disconnected as a slow consumer, {@code >= 1} (default 100: 5 s at 20 Hz)
 * @param maxSendIntervalTicks   the slowest adaptive send rate: one frame every this many ticks, 1 to 16
 *                               (default 4: 5 Hz at 20 Hz ticks)
 * @param pingIntervalMillis     interval of the server's WebSocket ping (RTT and jitter probes), 100 to 60,000 ms
 *                               (default 1,000)
 * @param jitterBufferInputs     inputs a connection's jitter buffer holds before it releases the oldest
 *                               early, 1 to 64 (default 4: 200 ms at 20 Hz)
 */
public record NetcodeConfig(int budgetBytesPerSecond, int burstMillis, long maxOutboundBytes, int maxStalledSnapshots,
                            int maxSendIntervalTicks, int pingIntervalMillis, int jitterBufferInputs) {

    /**
     * WebSocket close code for a client disconnected because it did not read what was sent (the
     * private-use range 4000-4999 of RFC 6455 §7.4.2).
     */
    public static final int CLOSE_SLOW_CONSUMER = 4000;

    /** @throws IllegalArgumentException naming the first value out of range */
    public NetcodeConfig {
        check(budgetBytesPerSecond >= 1024 && budgetBytesPerSecond <= 16 << 20, "budgetBytesPerSecond",
            budgetBytesPerSecond, "1024 to 16 MiB");
        check(burstMillis >= 50 && burstMillis <= 5000, "burstMillis", burstMillis, "50 to 5000");
        check(maxOutboundBytes >= 64 << 10 && maxOutboundBytes <= 256L << 20, "maxOutboundBytes", maxOutboundBytes,
            "64 KiB to 256 MiB");
        check(maxStalledSnapshots >= 1, "maxStalledSnapshots", maxStalledSnapshots, ">= 1");
        check(maxSendIntervalTicks >= 1 && maxSendIntervalTicks <= 16, "maxSendIntervalTicks", maxSendIntervalTicks,
            "1 to 16");
        check(pingIntervalMillis >= 100 && pingIntervalMillis <= 60_000, "pingIntervalMillis", pingIntervalMillis,
            "100 to 60000");
        check(jitterBufferInputs >= 1 && jitterBufferInputs <= 64, "jitterBufferInputs", jitterBufferInputs, "1 to 64");
    }

    /** @return the defaults named above */
    public static NetcodeConfig defaults() {
        return new NetcodeConfig(16 * 1024, 250, 4L << 20, 100, 4, 1000, 4);
    }

    /**
     * @param bytesPerSecond the per-client budget
     * @return a copy with that budget
     */
    public NetcodeConfig withBudget(int bytesPerSecond) {
        return new NetcodeConfig(bytesPerSecond, burstMillis, maxOutboundBytes, maxStalledSnapshots, maxSendIntervalTicks,
            pingIntervalMillis, jitterBufferInputs);
    }

    private static void check(boolean ok, String name, long value, String expected) {
        if (!ok) {
            throw new IllegalArgumentException(name + " : " + value + " (expected: " + expected + ")");
        }
    }
}
