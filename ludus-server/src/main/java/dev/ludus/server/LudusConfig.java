package dev.ludus.server;

import dev.ludus.arena.ArenaConfig;
import dev.ludus.net.GatewayConfig;
import dev.ludus.net.NetcodeConfig;
import dev.ludus.server.audit.AuditSettings;
import dev.ludus.sim.physics.PhysicsConfig;
import dev.ludus.sim.world.WorldConfig;

/**
 * The whole configuration of one server, validated. Immutable; built by {@link ConfigLoader}.
 *
 * @param gateway               network settings ({@code server.*})
 * @param world                 the world's shape and time ({@code world.*})
 * @param arena                 the reference game's settings ({@code arena.*})
 * @param statusIntervalSeconds seconds between status lines in the log, 0 for none
 * @param workers               threads that tick regions and build snapshots ({@code world.workers}), {@code >= 1}
 * @param audit                 the audit log ({@code audit.*})
 * @param netcode               replication to each client: bandwidth budget, slow consumers, probes ({@code netcode.*})
 * @param physics               rigid-body precision levels and limits ({@code physics.*})
 * @param learnCosts            whether the load planner prices work from measured time ({@code load.learn-costs})
 */
public record LudusConfig(GatewayConfig gateway, WorldConfig world, ArenaConfig arena, int statusIntervalSeconds,
                          int workers, AuditSettings audit, NetcodeConfig netcode, PhysicsConfig physics,
                          boolean learnCosts) {

    /** A configuration with the default physics, learning costs. */
    public LudusConfig(GatewayConfig gateway, WorldConfig world, ArenaConfig arena, int statusIntervalSeconds,
                       int workers, AuditSettings audit, NetcodeConfig netcode) {
        this(gateway, world, arena, statusIntervalSeconds, workers, audit, netcode, PhysicsConfig.DEFAULTS, true);
    }

    /** A configuration with the default netcode settings. */
    public LudusConfig(GatewayConfig gateway, WorldConfig world, ArenaConfig arena, int statusIntervalSeconds,
                       int workers, AuditSettings audit) {
        this(gateway, world, arena, statusIntervalSeconds, workers, audit, NetcodeConfig.defaults());
    }

    /** A configuration without an audit log. */
    public LudusConfig(GatewayConfig gateway, WorldConfig world, ArenaConfig arena, int statusIntervalSeconds,
                       int workers) {
        this(gateway, world, arena, statusIntervalSeconds, workers, AuditSettings.DISABLED);
    }
}
