package dev.ludus.server;

import dev.ludus.arena.ArenaConfig;
import dev.ludus.net.GatewayConfig;
import dev.ludus.sim.world.WorldConfig;

/**
 * The whole configuration of one server, validated. Immutable; built by {@link ConfigLoader}.
 *
 * @param gateway               network settings ({@code server.*})
 * @param world                 the world's shape and time ({@code world.*})
 * @param arena                 the reference game's settings ({@code arena.*})
 * @param statusIntervalSeconds seconds between status lines in the log, 0 for none
 */
public record LudusConfig(GatewayConfig gateway, WorldConfig world, ArenaConfig arena, int statusIntervalSeconds) {
}
