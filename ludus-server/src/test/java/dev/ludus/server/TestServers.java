package dev.ludus.server;

import java.util.Map;

/** Starts in-process servers on a free port with a small, fast world. */
final class TestServers {
    private TestServers() {
    }

    static LudusServer start(Map<String, Object> overrides) throws InterruptedException {
        Map<String, Object> settings = new java.util.HashMap<>(Map.of(
            "server.port", 0,
            "server.status-interval-seconds", 0,
            "arena.npc-count", 500,
            "audit.dir", "target/test-audit"));
        settings.putAll(overrides);
        LudusServer server = new LudusServer(new ConfigLoader().load(null, Map.of(), settings));
        server.start();
        return server;
    }

    static LudusServer start() throws InterruptedException {
        return start(Map.of());
    }
}
