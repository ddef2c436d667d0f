package dev.ludus.server;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueFactory;
import com.typesafe.config.ConfigValueType;
import dev.ludus.arena.ArenaConfig;
import dev.ludus.net.GatewayConfig;
import dev.ludus.net.NetcodeConfig;
import dev.ludus.server.audit.AuditSettings;
import dev.ludus.sim.physics.PhysicsConfig;
import dev.ludus.sim.world.WorldConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads the configuration: the defaults in {@code reference.conf}, then a HOCON file, then
 * {@code LUDUS_*} environment variables, then command-line overrides, and validates the result once.
 *
 * <p>An environment variable's name is {@code LUDUS_} followed by the key in upper case with
 * {@code .} and {@code -} replaced by {@code _}: {@code server.port} is {@code LUDUS_SERVER_PORT}.
 * Keys that the defaults do not have are refused (a typo must not be silently ignored). All problems
 * are reported together in one {@link ConfigException}.
 */
public final class ConfigLoader {
    /**
     * Read by the ledger's, the activities' and the sessions' wiring (ServerLedger, StoreConfig, ServerActivities,
     * ServerSessions), not part
     * of the HOCON tree; secrets stay out of it.
     */
    private static final java.util.Set<String> LEDGER_VARIABLES =
        java.util.Set.of("LUDUS_ADMIN_KEY", "LUDUS_DB_URL", "LUDUS_DB_USER", "LUDUS_DB_PASSWORD", "LUDUS_ACTIVITY_TIME_SCALE",
            "LUDUS_ACTIVITY_RETENTION",
            "LUDUS_SERVER_ID", "LUDUS_SESSION_KEY", "LUDUS_SESSION_GRACE_MILLIS", "LUDUS_SESSION_TOKEN_TTL_MILLIS",
            "LUDUS_STALE_TIMEOUT_MILLIS");
    /** Prefix of the environment variables that override configuration keys. */
    public static final String ENV_PREFIX = "LUDUS_";

    private final Config reference;

    /** Loads the defaults from the classpath's {@code reference.conf}. */
    public ConfigLoader() {
        this.reference = ConfigFactory.parseResources(ConfigLoader.class, "/reference.conf",
            ConfigParseOptions.defaults().setAllowMissing(false)).resolve();
    }

    /**
     * @param file      a HOCON file, or null for none
     * @param env       the environment (normally {@code System.getenv()})
     * @param overrides key to value, applied last (command-line options)
     * @return the validated configuration
     * @throws ConfigException naming every key that is unknown, unreadable, of the wrong type or out of range
     */
    public LudusConfig load(Path file, Map<String, String> env, Map<String, Object> overrides) {
        List<String> problems = new ArrayList<>();
        Config merged = reference;
        if (file != null) {
            if (!Files.isRegularFile(file)) {
                throw new ConfigException(List.of("--config : " + file + " (expected: a readable HOCON file)"));
            }
            try {
                Config fromFile = ConfigFactory.parseFile(file.toFile(), ConfigParseOptions.defaults().setAllowMissing(false));
                for (Map.Entry<String, ConfigValue> entry : fromFile.entrySet()) {
                    if (!reference.hasPath(entry.getKey())) {
                        problems.add(entry.getKey() + " : unknown key in " + file + " (expected one of: "
                            + String.join(", ", similarKeys(entry.getKey())) + ")");
                    }
                }
                merged = fromFile.withFallback(merged);
            } catch (com.typesafe.config.ConfigException e) {
                throw new ConfigException(List.of("--config : " + file + " (expected: valid HOCON; " + e.getMessage() + ")"));
            }
        }
        Map<String, String> envKeys = envNames();
        for (Map.Entry<String, String> variable : env.entrySet()) {
            String name = variable.getKey();
            if (!name.startsWith(ENV_PREFIX) || name.equals("LUDUS_LOG_LEVEL") || name.equals("LUDUS_JAVA_OPTS")
                || LEDGER_VARIABLES.contains(name)) {
                continue;
            }
            String key = envKeys.get(name);
            if (key == null) {
                problems.add(name + " : unknown variable (expected one of: " + String.join(", ", new TreeSet<>(envKeys.keySet())) + ")");
                continue;
            }
            merged = ConfigFactory.parseMap(Map.of(key, variable.getValue())).withFallback(merged);
        }
        for (Map.Entry<String, Object> override : overrides.entrySet()) {
            merged = merged.withValue(override.getKey(), ConfigValueFactory.fromAnyRef(override.getValue()));
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return build(new Reader(merged, problems), problems);
    }

    private static LudusConfig build(Reader r, List<String> problems) {
        String bind = r.text("server.bind-address");
        int port = r.intIn("server.port", 0, 65535);
        int maxFrame = r.intIn("server.max-frame-bytes", 64, GatewayConfig.MAX_FRAME_LIMIT);
        double rate = r.positive("server.rate-limit.messages-per-second");
        int burst = r.intIn("server.rate-limit.burst", 1, Integer.MAX_VALUE);
        int faults = r.intIn("server.max-consecutive-faults", 1, Integer.MAX_VALUE);
        int faultsPerMinute = r.intIn("server.max-faults-per-minute", 1, Integer.MAX_VALUE);
        int status = r.intIn("server.status-interval-seconds", 0, 86_400);
        int ioThreads = r.intIn("server.io-threads", 0, GatewayConfig.MAX_IO_THREADS);
        if (bind != null && bind.isBlank()) {
            problems.add("server.bind-address : \"\" (expected: a host name or IP address)");
        }

        double width = r.positive("world.width-metres");
        double height = r.positive("world.height-metres");
        double cell = r.positive("world.cell-size-metres");
        double aoi = r.positive("world.aoi-radius-metres");
        int tickRate = r.intIn("world.tick-rate-hz", 1, 240);
        int maxPlayers = r.intIn("world.max-players", 1, 1_000_000);
        double spawnX = r.number("world.spawn.x-metres");
        double spawnY = r.number("world.spawn.y-metres");
        double spawnRadius = r.nonNegative("world.spawn.radius-metres");
        double spawnSquare = r.nonNegative("world.spawn.square-metres");
        double playerSpeed = r.positive("world.player-speed-metres-per-second");
        long seed = r.longValue("world.seed");
        int workers = r.intIn("world.workers", 0, 256);
        if (cell > 0 && width > 0 && height > 0 && cell > Math.min(width, height)) {
            problems.add("world.cell-size-metres : " + fmt(cell) + " (expected: <= the smaller of world.width-metres and world.height-metres)");
        }
        if (width > 0 && !(spawnX >= 0 && spawnX <= width)) {
            problems.add("world.spawn.x-metres : " + fmt(spawnX) + " (expected: 0 to world.width-metres " + fmt(width) + ")");
        }
        if (height > 0 && !(spawnY >= 0 && spawnY <= height)) {
            problems.add("world.spawn.y-metres : " + fmt(spawnY) + " (expected: 0 to world.height-metres " + fmt(height) + ")");
        }

        int npcs = r.intIn("arena.npc-count", 0, 10_000_000);
        double npcSpeed = r.positive("arena.npc-speed-metres-per-second");
        double wander = r.positive("arena.mean-wander-seconds");
        double rest = r.number("arena.rest-probability");
        int herd = r.intIn("arena.herd-size", 1, 64);
        double rocks = density(r, problems, "arena.rocks-per-km2");
        double resources = density(r, problems, "arena.resource-nodes-per-km2");
        double items = density(r, problems, "arena.items-per-km2");
        boolean worldEvents = r.bool("arena.world-events");
        if (!(rest >= 0 && rest <= 1)) {
            problems.add("arena.rest-probability : " + fmt(rest) + " (expected: 0 to 1)");
        }

        boolean auditEnabled = r.bool("audit.enabled");
        String auditDir = r.text("audit.dir");
        int headInterval = r.intIn("audit.signed-head-interval-ticks", 1, AuditSettings.MAX_SIGNED_HEAD_INTERVAL_TICKS);
        int queueTicks = r.intIn("audit.queue-ticks", AuditSettings.MIN_QUEUE_TICKS, AuditSettings.MAX_QUEUE_TICKS);
        Path auditPath = null;
        if (auditDir != null) {
            try {
                auditPath = auditDir.isBlank() ? null : Path.of(auditDir);
            } catch (java.nio.file.InvalidPathException e) {
                // reported below
            }
            if (auditPath == null) {
                problems.add("audit.dir : \"" + auditDir + "\" (expected: a directory path)");
            }
        }
        int budget = r.intIn("netcode.budget-bytes-per-second", 1024, 16 << 20);
        int burstMillis = r.intIn("netcode.burst-millis", 50, 5000);
        int maxOutbound = r.intIn("netcode.max-outbound-bytes", 64 << 10, 256 << 20);
        int stalled = r.intIn("netcode.max-stalled-snapshots", 1, Integer.MAX_VALUE);
        int maxInterval = r.intIn("netcode.max-send-interval-ticks", 1, 16);
        int pingMillis = r.intIn("netcode.ping-interval-millis", 100, 60_000);
        int jitterInputs = r.intIn("netcode.jitter-buffer-inputs", 1, 64);
        boolean learnCosts = r.bool("load.learn-costs");
        PhysicsConfig physics = physics(r, problems);
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return new LudusConfig(
            new GatewayConfig(bind, port, maxFrame, rate, burst, faults, faultsPerMinute, ioThreads),
            new WorldConfig(width, height, cell, aoi, tickRate, maxPlayers, spawnX, spawnY, spawnRadius, playerSpeed, seed,
                spawnSquare),
            new ArenaConfig(npcs, npcSpeed, wander, rest, herd, rocks, resources, items, worldEvents),
            status, workers == 0 ? Runtime.getRuntime().availableProcessors() : workers,
            new AuditSettings(auditEnabled, auditPath, headInterval, queueTicks),
            new NetcodeConfig(budget, burstMillis, maxOutbound, stalled, maxInterval, pingMillis, jitterInputs),
            physics, learnCosts);
    }

    /**
     * {@code physics.levels}: four levels separated by commas, each five integers separated by
     * {@code /}; then the limits. Problems are added with the key, the value and what was expected.
     *
     * @return the physics configuration, or null when a value is wrong (a problem is then recorded)
     */
    private static PhysicsConfig physics(Reader r, List<String> problems) {
        String levelsText = r.text("physics.levels");
        double maxSpeed = r.positive("physics.max-speed-metres-per-second");
        double damping = r.nonNegative("physics.linear-damping-per-second");
        if (levelsText == null || Double.isNaN(maxSpeed) || Double.isNaN(damping)) {
            return null;
        }
        String expected = " (expected: " + (PhysicsConfig.MAX_LEVEL + 1) + " levels separated by commas, each"
            + " near-velocity/near-position/mid-velocity/mid-position/mid-interval-ticks, e.g. \"8/3/6/2/2, 6/2/4/2/2,"
            + " 4/2/3/1/4, 3/1/2/1/4\")";
        List<PhysicsConfig.Level> levels = new ArrayList<>();
        for (String level : levelsText.split(",", -1)) {
            String[] parts = level.trim().split("/", -1);
            if (parts.length != 5) {
                problems.add("physics.levels : \"" + levelsText + "\"" + expected);
                return null;
            }
            int[] values = new int[5];
            try {
                for (int i = 0; i < 5; i++) {
                    values[i] = Integer.parseInt(parts[i].trim());
                }
                levels.add(new PhysicsConfig.Level(values[0], values[1], values[2], values[3], values[4]));
            } catch (IllegalArgumentException e) {
                problems.add("physics.levels : \"" + levelsText + "\"" + (e instanceof NumberFormatException ? expected
                    : " (" + e.getMessage() + ")"));
                return null;
            }
        }
        try {
            return new PhysicsConfig(levels, maxSpeed, damping);
        } catch (IllegalArgumentException e) {
            String message = e.getMessage();
            String key = message.startsWith("maxSpeed") ? "physics.max-speed-metres-per-second"
                : message.startsWith("linearDamping") ? "physics.linear-damping-per-second" : "physics.levels";
            problems.add(key + " : " + (key.equals("physics.levels") ? "\"" + levelsText + "\" (" + message + ")"
                : message.substring(message.indexOf(':') + 2)));
            return null;
        }
    }

    private static double density(Reader r, List<String> problems, String key) {
        double value = r.nonNegative(key);
        if (value > 10_000) {
            problems.add(key + " : " + fmt(value) + " (expected: 0 to 10000)");
        }
        return value;
    }

    /** @return environment variable name to configuration key, for every key of the defaults */
    public Map<String, String> envNames() {
        Map<String, String> names = new java.util.TreeMap<>();
        for (String key : reference.entrySet().stream().map(Map.Entry::getKey).toList()) {
            names.put(envName(key), key);
        }
        return names;
    }

    /**
     * @param key a configuration key such as {@code arena.npc-count}
     * @return its environment variable, e.g. {@code LUDUS_ARENA_NPC_COUNT}
     */
    public static String envName(String key) {
        return ENV_PREFIX + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    private Set<String> similarKeys(String unknown) {
        String section = unknown.contains(".") ? unknown.substring(0, unknown.lastIndexOf('.')) : "";
        Set<String> keys = new TreeSet<>();
        for (Map.Entry<String, ConfigValue> entry : reference.entrySet()) {
            if (entry.getKey().startsWith(section)) {
                keys.add(entry.getKey());
            }
        }
        return keys.isEmpty() ? new TreeSet<>(reference.root().keySet()) : keys;
    }

    private static String fmt(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value) : Double.toString(value);
    }

    /** Typed reads that record a problem and return a neutral value instead of throwing. */
    private record Reader(Config config, List<String> problems) {
        String text(String key) {
            ConfigValue value = config.getValue(key);
            if (value.valueType() != ConfigValueType.STRING) {
                problems.add(key + " : " + value.render() + " (expected: a string)");
                return null;
            }
            return config.getString(key);
        }

        double number(String key) {
            try {
                double value = config.getDouble(key);
                if (!Double.isFinite(value)) {
                    problems.add(key + " : " + value + " (expected: a finite number)");
                    return Double.NaN;
                }
                return value;
            } catch (com.typesafe.config.ConfigException e) {
                problems.add(key + " : " + config.getValue(key).render() + " (expected: a number)");
                return Double.NaN;
            }
        }

        double positive(String key) {
            double value = number(key);
            if (!Double.isNaN(value) && !(value > 0)) {
                problems.add(key + " : " + fmt(value) + " (expected: > 0)");
            }
            return value;
        }

        double nonNegative(String key) {
            double value = number(key);
            if (!Double.isNaN(value) && value < 0) {
                problems.add(key + " : " + fmt(value) + " (expected: >= 0)");
            }
            return value;
        }

        boolean bool(String key) {
            try {
                return config.getBoolean(key);
            } catch (com.typesafe.config.ConfigException e) {
                problems.add(key + " : " + config.getValue(key).render() + " (expected: true or false)");
                return false;
            }
        }

        long longValue(String key) {
            try {
                return config.getLong(key);
            } catch (com.typesafe.config.ConfigException e) {
                problems.add(key + " : " + config.getValue(key).render() + " (expected: an integer)");
                return 0;
            }
        }

        int intIn(String key, int min, int max) {
            long value;
            try {
                ConfigValue raw = config.getValue(key);
                double asDouble = config.getDouble(key);
                if (asDouble != Math.rint(asDouble)) {
                    problems.add(key + " : " + raw.render() + " (expected: an integer from " + min + " to " + max + ")");
                    return min;
                }
                value = config.getLong(key);
            } catch (com.typesafe.config.ConfigException e) {
                problems.add(key + " : " + config.getValue(key).render() + " (expected: an integer from " + min + " to " + max + ")");
                return min;
            }
            if (value < min || value > max) {
                problems.add(key + " : " + value + " (expected: " + min + " to " + max + ")");
                return min;
            }
            return (int) value;
        }
    }
}
