package dev.ludus.net;

/**
 * Settings of the network gateway. Immutable.
 *
 * @param bindAddress          address to listen on, e.g. {@code 127.0.0.1} (loopback only) or {@code 0.0.0.0}
 * @param port                 TCP port, 0 to 65535 (0 picks a free port, for tests)
 * @param maxFrameBytes        largest WebSocket message accepted, bytes, 64 to 16 MiB; a larger one closes the
 *                             connection with status 1009 (message too big, RFC 6455 §7.4.1)
 * @param messagesPerSecond    sustained message rate a connection may send, {@code > 0}
 * @param burstMessages        messages a connection may send at once above the sustained rate, {@code >= 1}
 *                             (a token bucket of this size refilled at {@code messagesPerSecond})
 * @param maxConsecutiveFaults rejected messages in a row (malformed or over the rate) after which the
 *                             connection is closed with status 1008 (policy violation), {@code >= 1}
 * @param maxFaultsPerMinute   rejected messages a connection may accumulate, refilled at this many per
 *                             minute (a token bucket), so that interleaving good messages with bad ones
 *                             does not evade {@code maxConsecutiveFaults}; when it runs out the
 *                             connection is closed with 1008, {@code >= 1}
 * @param ioThreads            Netty event loops serving the connections, 1 to 1,024, or 0 for one per available
 *                             core. Netty's own default is two per core; a game server's tick and region threads
 *                             share those cores; on a 2-core machine with 1,000 players two loops used 0.80 cores
 *                             against 0.95 for four in one pair of runs (benchmarks §15)
 */
public record GatewayConfig(String bindAddress, int port, int maxFrameBytes, double messagesPerSecond,
                            int burstMessages, int maxConsecutiveFaults, int maxFaultsPerMinute, int ioThreads) {

    /** Largest {@link #ioThreads()} accepted. */
    public static final int MAX_IO_THREADS = 1024;

    /**
     * Settings with one event loop per available core.
     *
     * @param bindAddress          address to listen on
     * @param port                 TCP port, 0 to 65535
     * @param maxFrameBytes        largest WebSocket message accepted, bytes
     * @param messagesPerSecond    sustained message rate a connection may send
     * @param burstMessages        burst above that rate
     * @param maxConsecutiveFaults rejected messages in a row before 1008
     * @param maxFaultsPerMinute   rejected messages a connection may accumulate per minute
     */
    public GatewayConfig(String bindAddress, int port, int maxFrameBytes, double messagesPerSecond,
                         int burstMessages, int maxConsecutiveFaults, int maxFaultsPerMinute) {
        this(bindAddress, port, maxFrameBytes, messagesPerSecond, burstMessages, maxConsecutiveFaults,
            maxFaultsPerMinute, 0);
    }

    /** @return the event loops to start: {@link #ioThreads()}, or the available cores when it is 0 */
    public int effectiveIoThreads() {
        return ioThreads > 0 ? ioThreads : Runtime.getRuntime().availableProcessors();
    }

    /** Largest {@link #maxFrameBytes()} accepted. */
    public static final int MAX_FRAME_LIMIT = 16 * 1024 * 1024;

    /** @throws IllegalArgumentException naming the first value out of range */
    public GatewayConfig {
        if (bindAddress == null || bindAddress.isBlank()) {
            throw new IllegalArgumentException("bindAddress : \"" + bindAddress + "\" (expected: a host name or IP address)");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port : " + port + " (expected: 0 to 65535)");
        }
        if (maxFrameBytes < 64 || maxFrameBytes > MAX_FRAME_LIMIT) {
            throw new IllegalArgumentException("maxFrameBytes : " + maxFrameBytes + " (expected: 64 to " + MAX_FRAME_LIMIT + ")");
        }
        if (!(messagesPerSecond > 0) || !Double.isFinite(messagesPerSecond)) {
            throw new IllegalArgumentException("messagesPerSecond : " + messagesPerSecond + " (expected: finite and > 0)");
        }
        if (burstMessages < 1) {
            throw new IllegalArgumentException("burstMessages : " + burstMessages + " (expected: >= 1)");
        }
        if (maxConsecutiveFaults < 1) {
            throw new IllegalArgumentException("maxConsecutiveFaults : " + maxConsecutiveFaults + " (expected: >= 1)");
        }
        if (maxFaultsPerMinute < 1) {
            throw new IllegalArgumentException("maxFaultsPerMinute : " + maxFaultsPerMinute + " (expected: >= 1)");
        }
        if (ioThreads < 0 || ioThreads > MAX_IO_THREADS) {
            throw new IllegalArgumentException("ioThreads : " + ioThreads + " (expected: 0 for one per core, or 1 to "
                + MAX_IO_THREADS + ")");
        }
    }
}
