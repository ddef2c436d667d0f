package dev.ludus.protocol;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The JSON form of the protocol (WebSocket text frames): one JSON object per frame, named by its
 * {@code "type"} field. Unknown extra fields are ignored so that newer clients still talk to older
 * servers; everything else is strict.
 *
 * <p>Thread-safe: one instance may be shared by all connections.
 */
public final class JsonCodec {
    private static final int MAX_NESTING_DEPTH = 16;

    private final ObjectMapper mapper;
    private final JsonFactory factory;

    /** Creates a codec with strict parsing (no trailing tokens, no duplicate keys, no NaN tokens). */
    public JsonCodec() {
        JsonFactory jsonFactory = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING_DEPTH).build())
            .build();
        this.mapper = JsonMapper.builder(jsonFactory)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();
        this.factory = mapper.getFactory();
    }

    // ------------------------------------------------------------------ client -> server

    /**
     * Every {@code type} a client may send, in the order of docs/protocol.md; named in the
     * {@link ErrorCode#UNKNOWN_TYPE} error. One per body of the protobuf {@code ClientEnvelope}.
     */
    static final List<String> CLIENT_TYPES = List.of("login", "input", "attack", "pickup", "harvest", "trade", "use",
        "ping", "ack", "buy", "activity.start", "activity.cancel", "activity.list", "spectate", "replay.control", "resume",
        "refresh", "handoff", "logout");

    /**
     * Decodes a client message.
     *
     * @param utf8 the text frame's payload, UTF-8
     * @return the message
     * @throws ProtocolException {@link ErrorCode#MALFORMED_JSON} when the bytes are not one JSON object,
     *     {@link ErrorCode#UNKNOWN_TYPE}, {@link ErrorCode#MISSING_FIELD} or {@link ErrorCode#INVALID_FIELD}
     *     when the object is not a valid client message
     */
    public ClientMessage decodeClient(byte[] utf8) {
        JsonNode root = readObject(utf8);
        String type = requiredText(root, "type", "message");
        return switch (type) {
            case "login" -> new ClientMessage.Login(requiredText(root, "name", type),
                isPresent(root, "deltas") && requiredBoolean(root, "deltas", type));
            case "ack" -> new ClientMessage.Ack(requiredLong(root, "tick", type));
            case "input" -> new ClientMessage.Input(requiredLong(root, "seq", type), requiredVec(root, "move", type),
                viewTick(root, type), optionalVec(root, "pos", type));
            case "attack" -> new ClientMessage.Attack(requiredLong(root, "seq", type), requiredLong(root, "target", type),
                Weapon.fromWireName(requiredText(root, "weapon", type)), requiredVec(root, "aim", type),
                viewTick(root, type));
            case "pickup" -> new ClientMessage.PickUp(requiredLong(root, "seq", type), requiredLong(root, "item", type),
                viewTick(root, type));
            case "harvest" -> new ClientMessage.Harvest(requiredLong(root, "seq", type), requiredLong(root, "node", type),
                viewTick(root, type));
            case "trade" -> {
                long seq = requiredLong(root, "seq", type);
                long partner = requiredLong(root, "partner", type);
                JsonNode give = requiredObject(root, "give", type);
                String giveItem = requiredText(give, "item", "trade.give");
                int giveCount = requiredCount(give, "count", "trade.give");
                JsonNode want = requiredObject(root, "want", type);
                yield new ClientMessage.Trade(seq, partner, giveItem, giveCount, requiredText(want, "item", "trade.want"),
                    requiredCount(want, "count", "trade.want"), viewTick(root, type));
            }
            case "use" -> new ClientMessage.Use(requiredLong(root, "seq", type), requiredText(root, "item", type),
                viewTick(root, type));
            case "ping" -> new ClientMessage.Ping(requiredDouble(root, "t", type));
            case "buy" -> new ClientMessage.Buy(requiredText(root, "key", type), requiredText(root, "sku", type));
            case "activity.start" -> new ClientMessage.ActivityStart(requiredText(root, "task", type),
                isPresent(root, "count") ? requiredInt(root, "count", type) : 1);
            case "activity.cancel" -> new ClientMessage.ActivityCancel(requiredText(root, "taskId", type));
            case "activity.list" -> new ClientMessage.ActivityList();
            case "spectate" -> readSpectate(root);
            case "replay.control" -> new ClientMessage.ReplayControl(
                isPresent(root, "paused") ? (requiredBoolean(root, "paused", type) ? 1 : 0) : -1,
                isPresent(root, "speed") ? requiredDouble(root, "speed", type) : Double.NaN,
                isPresent(root, "fromTick") ? requiredLong(root, "fromTick", type) : -1);
            case "resume" -> new ClientMessage.Resume(requiredText(root, "session", type),
                isPresent(root, "lastEventSeq") ? requiredLong(root, "lastEventSeq", type) : 0);
            case "refresh" -> new ClientMessage.Refresh();
            case "handoff" -> new ClientMessage.Handoff(requiredText(root, "token", type));
            case "logout" -> new ClientMessage.Logout();
            default -> throw new ProtocolException(ErrorCode.UNKNOWN_TYPE, "message.type : \"" + Texts.clip(type)
                + "\" (expected: " + String.join(", ", CLIENT_TYPES.subList(0, CLIENT_TYPES.size() - 1)) + " or "
                + CLIENT_TYPES.getLast() + ")");
        };
    }

    /**
     * Encodes a client message (used by bots, tests and Java clients).
     *
     * @param message the message
     * @return UTF-8 JSON
     */
    public byte[] encode(ClientMessage message) {
        return write(g -> {
            g.writeStringField("type", message.type());
            switch (message) {
                case ClientMessage.Login login -> {
                    g.writeStringField("name", login.name());
                    if (login.deltas()) {
                        g.writeBooleanField("deltas", true);
                    }
                }
                case ClientMessage.Ack ack -> g.writeNumberField("tick", ack.tick());
                case ClientMessage.Spectate spectate -> {
                    if (spectate.area() == null) {
                        g.writeNumberField("target", spectate.target());
                    } else {
                        writeArea(g, spectate.area());
                    }
                    g.writeNumberField("delayMs", spectate.delayMs());
                    writeReplay(g, spectate.replayFromTick());
                }
                case ClientMessage.Resume resume -> {
                    g.writeStringField("session", resume.session());
                    g.writeNumberField("lastEventSeq", resume.lastEventSeq());
                }
                case ClientMessage.Handoff handoff -> g.writeStringField("token", handoff.token());
                case ClientMessage.ReplayControl control -> {
                    if (control.setsPaused()) {
                        g.writeBooleanField("paused", control.paused() == 1);
                    }
                    if (control.setsSpeed()) {
                        g.writeNumberField("speed", control.speed());
                    }
                    if (control.seeks()) {
                        g.writeNumberField("fromTick", control.fromTick());
                    }
                }
                case ClientMessage.Refresh refresh -> {
                    // no fields
                }
                case ClientMessage.Logout logout -> {
                    // no fields
                }
                case ClientMessage.Input input -> {
                    g.writeNumberField("seq", input.seq());
                    writeVec(g, "move", input.move());
                    writeViewTick(g, input.viewTick());
                    if (input.pos() != null) {
                        writeVec(g, "pos", input.pos());
                    }
                }
                case ClientMessage.Attack attack -> {
                    g.writeNumberField("seq", attack.seq());
                    g.writeNumberField("target", attack.target());
                    g.writeStringField("weapon", attack.weapon().wireName());
                    writeVec(g, "aim", attack.aim());
                    writeViewTick(g, attack.viewTick());
                }
                case ClientMessage.PickUp pickUp -> {
                    g.writeNumberField("seq", pickUp.seq());
                    g.writeNumberField("item", pickUp.item());
                    writeViewTick(g, pickUp.viewTick());
                }
                case ClientMessage.Harvest harvest -> {
                    g.writeNumberField("seq", harvest.seq());
                    g.writeNumberField("node", harvest.node());
                    writeViewTick(g, harvest.viewTick());
                }
                case ClientMessage.Trade trade -> {
                    g.writeNumberField("seq", trade.seq());
                    g.writeNumberField("partner", trade.partner());
                    writeStack(g, "give", trade.giveItem(), trade.giveCount());
                    writeStack(g, "want", trade.wantItem(), trade.wantCount());
                    writeViewTick(g, trade.viewTick());
                }
                case ClientMessage.Use use -> {
                    g.writeNumberField("seq", use.seq());
                    g.writeStringField("item", use.item());
                    writeViewTick(g, use.viewTick());
                }
                case ClientMessage.Ping ping -> g.writeNumberField("t", ping.t());
                case ClientMessage.Buy buy -> {
                    g.writeStringField("key", buy.key());
                    g.writeStringField("sku", buy.sku());
                }
                case ClientMessage.ActivityStart start -> {
                    g.writeStringField("task", start.task());
                    g.writeNumberField("count", start.count());
                }
                case ClientMessage.ActivityCancel cancel -> g.writeStringField("taskId", cancel.taskId());
                case ClientMessage.ActivityList list -> { }
            }
        });
    }

    // ------------------------------------------------------------------ server -> client

    /**
     * Encodes a server message.
     *
     * @param message the message
     * @return UTF-8 JSON
     */
    public byte[] encode(ServerMessage message) {
        return write(g -> writeServer(g, message));
    }

    private void writeServer(JsonGenerator g, ServerMessage message) throws IOException {
        g.writeStringField("type", message.type());
        switch (message) {
            case ServerMessage.Numbered n -> {
                // The event's own fields, then its number: {"type":"action_result",...,"eventSeq":7}.
                writeServerFields(g, n.event());
                g.writeNumberField("eventSeq", n.eventSeq());
            }
            default -> writeServerFields(g, message);
        }
    }

    private void writeServerFields(JsonGenerator g, ServerMessage message) throws IOException {
        switch (message) {
            case ServerMessage.Numbered n -> throw new IllegalArgumentException("a numbered event inside another: " + n);
            case ServerMessage.Resumed r -> {
                g.writeStringField("session", r.session());
                g.writeNumberField("entityId", r.entityId());
                g.writeNumberField("lastEventSeq", r.lastEventSeq());
                g.writeNumberField("lastSeq", r.lastSeq());
            }
            case ServerMessage.SessionToken t -> {
                g.writeStringField("session", t.session());
                g.writeNumberField("expiresAtMs", t.expiresAtMs());
            }
            case ServerMessage.Transfer t -> {
                g.writeStringField("url", t.url());
                g.writeStringField("server", t.server());
                g.writeStringField("token", t.token());
                g.writeNumberField("expiresAtMs", t.expiresAtMs());
            }
            case ServerMessage.Welcome w -> {
                g.writeStringField("session", w.session());
                g.writeNumberField("entityId", w.entityId());
                g.writeNumberField("tickRate", w.tickRate());
                g.writeNumberField("worldWidth", w.worldWidth());
                g.writeNumberField("worldHeight", w.worldHeight());
                g.writeNumberField("aoiRadius", w.aoiRadius());
                g.writeNumberField("spawnX", w.spawnX());
                g.writeNumberField("spawnY", w.spawnY());
                g.writeNumberField("maxSpeed", w.maxSpeed());
            }
            case ServerMessage.Snapshot s -> writeSnapshot(g, s);
            case ServerMessage.Delta d -> writeDelta(g, d);
            case ServerMessage.Spectating sp -> {
                if (sp.area() == null) {
                    g.writeNumberField("target", sp.target());
                } else {
                    writeArea(g, sp.area());
                }
                g.writeNumberField("delayMs", sp.delayMs());
                g.writeNumberField("everyTicks", sp.everyTicks());
                writeReplay(g, sp.replayFromTick());
            }
            case ServerMessage.SpectatorState st -> writeSpectatorState(g, st);
            case ServerMessage.Pong p -> {
                g.writeNumberField("t", p.t());
                g.writeNumberField("tick", p.tick());
                g.writeNumberField("serverTimeMs", p.serverTimeMs());
            }
            case ServerMessage.ErrorMessage e -> {
                g.writeStringField("code", e.code().code());
                g.writeStringField("message", e.message());
            }
            case ServerMessage.ActionResult r -> {
                g.writeNumberField("seq", r.seq());
                g.writeStringField("action", r.action());
                g.writeBooleanField("accepted", r.accepted());
                if (r.reason() != null) {
                    g.writeStringField("reason", r.reason().code());
                }
                if (r.hit() != null) {
                    g.writeStringField("hit", r.hit().wireName());
                }
                if (r.hit() != null || r.damage() != 0) {
                    g.writeNumberField("damage", r.damage());
                }
                g.writeStringField("detail", r.detail());
            }
            case ServerMessage.Status s -> {
                g.writeNumberField("tick", s.tick());
                g.writeNumberField("health", s.health());
                g.writeObjectFieldStart("inventory");
                for (var entry : s.inventory().entrySet()) {
                    g.writeNumberField(entry.getKey(), entry.getValue());
                }
                g.writeEndObject();
                g.writeNumberField("version", s.version());
            }
            case ServerMessage.PurchaseResult r -> {
                g.writeStringField("key", r.key());
                g.writeStringField("sku", r.sku());
                g.writeStringField("status", r.status());
                if (r.committed()) {
                    g.writeStringField("transactionId", r.transactionId());
                    g.writeBooleanField("replayed", r.replayed());
                } else {
                    g.writeStringField("error", r.error());
                }
                if (!r.detail().isEmpty()) {
                    g.writeStringField("detail", r.detail());
                }
            }
            case ServerMessage.ActivityNotice n -> writeActivityNotice(g, n);
        }
    }

    /**
     * Decodes a server message (used by bots, tests and Java clients).
     *
     * @param utf8 UTF-8 JSON
     * @return the message
     * @throws ProtocolException when the bytes are not a valid server message
     */
    public ServerMessage decodeServer(byte[] utf8) {
        JsonNode root = readObject(utf8);
        ServerMessage message = readServer(root, requiredText(root, "type", "message"));
        return isPresent(root, "eventSeq") ? new ServerMessage.Numbered(positive(requiredLong(root, "eventSeq", message.type()),
            "eventSeq"), message) : message;
    }

    private static long positive(long value, String field) {
        if (value < 1) {
            throw new ProtocolException(ErrorCode.INVALID_FIELD, field + " : " + value + " (expected: >= 1)");
        }
        return value;
    }

    private ServerMessage readServer(JsonNode root, String type) {
        return switch (type) {
            case "resumed" -> new ServerMessage.Resumed(requiredText(root, "session", type), requiredLong(root, "entityId", type),
                requiredLong(root, "lastEventSeq", type), requiredSignedLong(root, "lastSeq", type));
            case "session" -> new ServerMessage.SessionToken(requiredText(root, "session", type),
                requiredSignedLong(root, "expiresAtMs", type));
            case "transfer" -> new ServerMessage.Transfer(requiredText(root, "url", type), requiredText(root, "server", type),
                requiredText(root, "token", type), requiredSignedLong(root, "expiresAtMs", type));
            case "welcome" -> new ServerMessage.Welcome(
                requiredText(root, "session", type), requiredLong(root, "entityId", type),
                requiredInt(root, "tickRate", type), requiredDouble(root, "worldWidth", type),
                requiredDouble(root, "worldHeight", type), requiredDouble(root, "aoiRadius", type),
                requiredDouble(root, "spawnX", type), requiredDouble(root, "spawnY", type),
                requiredDouble(root, "maxSpeed", type));
            case "snapshot" -> readSnapshot(root);
            case "delta" -> readDelta(root);
            case "pong" -> new ServerMessage.Pong(requiredDouble(root, "t", type), requiredLong(root, "tick", type),
                requiredSignedLong(root, "serverTimeMs", type));
            case "error" -> new ServerMessage.ErrorMessage(ErrorCode.fromCode(requiredText(root, "code", type)),
                requiredText(root, "message", type));
            case "action_result" -> readActionResult(root);
            case "status" -> readStatus(root);
            case "spectating" -> new ServerMessage.Spectating(isPresent(root, "area") ? -1 : requiredLong(root, "target", type),
                requiredLong(root, "delayMs", type), requiredInt(root, "everyTicks", type),
                isPresent(root, "area") ? readArea(root, type) : null, readReplay(root, type));
            case "spectator_state" -> readSpectatorState(root);
            case "purchase_result" -> new ServerMessage.PurchaseResult(requiredText(root, "key", type),
                requiredText(root, "sku", type), requiredText(root, "status", type),
                isPresent(root, "transactionId") ? requiredText(root, "transactionId", type) : "",
                isPresent(root, "error") ? requiredText(root, "error", type) : "",
                isPresent(root, "detail") ? requiredText(root, "detail", type) : "",
                isPresent(root, "replayed") && requiredBoolean(root, "replayed", type));
            case "task_started", "task_progress", "task_completed", "task_failed", "queue_updated" -> readActivityNotice(root, type);
            default -> throw new ProtocolException(ErrorCode.UNKNOWN_TYPE, "message.type : \"" + Texts.clip(type)
                + "\" (expected: welcome, snapshot, delta, pong, error, action_result, status, purchase_result, spectating, "
                + "spectator_state or an activity notification)");
        };
    }

    // ------------------------------------------------------------------ spectators

    /** A player ({@code target}) or an area, an optional delay, an optional replay; the record checks the rules. */
    private static ClientMessage.Spectate readSpectate(JsonNode root) {
        String type = "spectate";
        SpectateArea area = isPresent(root, "area") ? readArea(root, type) : null;
        long target = isPresent(root, "target") ? requiredLong(root, "target", type) : -1;
        long delayMs = isPresent(root, "delayMs") ? requiredSignedLong(root, "delayMs", type)
            : ClientMessage.Spectate.DEFAULT_DELAY_MS;
        return new ClientMessage.Spectate(target, delayMs, area, readReplay(root, type));
    }

    private static SpectateArea readArea(JsonNode root, String owner) {
        JsonNode area = requiredObject(root, "area", owner);
        String path = owner + ".area";
        return new SpectateArea(requiredDouble(area, "x", path), requiredDouble(area, "y", path),
            requiredDouble(area, "radius", path));
    }

    private static long readReplay(JsonNode root, String owner) {
        return isPresent(root, "replay") ? requiredLong(requiredObject(root, "replay", owner), "fromTick", owner + ".replay")
            : -1;
    }

    private static void writeArea(JsonGenerator g, SpectateArea area) throws IOException {
        g.writeObjectFieldStart("area");
        g.writeNumberField("x", area.xMetres());
        g.writeNumberField("y", area.yMetres());
        g.writeNumberField("radius", area.radiusMetres());
        g.writeEndObject();
    }

    private static void writeReplay(JsonGenerator g, long fromTick) throws IOException {
        if (fromTick >= 0) {
            g.writeObjectFieldStart("replay");
            g.writeNumberField("fromTick", fromTick);
            g.writeEndObject();
        }
    }

    private static void writeSpectatorState(JsonGenerator g, ServerMessage.SpectatorState st) throws IOException {
        g.writeNumberField("tick", st.tick());
        g.writeNumberField("serverTimeMs", st.serverTimeMs());
        g.writeArrayFieldStart("scoreboard");
        for (ServerMessage.SpectatorState.Score score : st.scoreboard()) {
            g.writeStartObject();
            g.writeNumberField("id", score.id());
            g.writeStringField("name", score.name());
            g.writeNumberField("kills", score.kills());
            g.writeNumberField("deaths", score.deaths());
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeArrayFieldStart("kills");
        for (ServerMessage.SpectatorState.Kill kill : st.kills()) {
            g.writeStartObject();
            g.writeNumberField("tick", kill.tick());
            g.writeNumberField("killer", kill.killer());
            g.writeNumberField("victim", kill.victim());
            g.writeStringField("victimKind", kill.victimKind().wireName());
            g.writeEndObject();
        }
        g.writeEndArray();
        ServerMessage.SpectatorState.HeatMap heat = st.heat();
        g.writeObjectFieldStart("heat");
        g.writeNumberField("cellMetres", heat.cellMetres());
        g.writeNumberField("columns", heat.columns());
        g.writeNumberField("rows", heat.rows());
        g.writeArrayFieldStart("counts");
        for (int count : heat.counts()) {
            g.writeNumber(count);
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    private static ServerMessage.SpectatorState readSpectatorState(JsonNode root) {
        String owner = "spectator_state";
        List<ServerMessage.SpectatorState.Score> scoreboard = new ArrayList<>();
        for (JsonNode score : requiredArray(root, "scoreboard", owner)) {
            String path = owner + ".scoreboard";
            scoreboard.add(new ServerMessage.SpectatorState.Score(requiredLong(score, "id", path),
                requiredText(score, "name", path), requiredInt(score, "kills", path), requiredInt(score, "deaths", path)));
        }
        List<ServerMessage.SpectatorState.Kill> kills = new ArrayList<>();
        for (JsonNode kill : requiredArray(root, "kills", owner)) {
            String path = owner + ".kills";
            kills.add(new ServerMessage.SpectatorState.Kill(requiredLong(kill, "tick", path), requiredLong(kill, "killer", path),
                requiredLong(kill, "victim", path), EntityKind.fromWireName(requiredText(kill, "victimKind", path))));
        }
        JsonNode heat = requiredObject(root, "heat", owner);
        String path = owner + ".heat";
        List<Integer> counts = new ArrayList<>();
        for (JsonNode count : requiredArray(heat, "counts", path)) {
            if (!count.isIntegralNumber() || !count.canConvertToInt() || count.intValue() < 0) {
                throw invalid(path, "counts", count, "integers >= 0");
            }
            counts.add(count.intValue());
        }
        try {
            return new ServerMessage.SpectatorState(requiredLong(root, "tick", owner), requiredSignedLong(root, "serverTimeMs", owner),
                scoreboard, kills, new ServerMessage.SpectatorState.HeatMap(requiredDouble(heat, "cellMetres", path),
                    requiredInt(heat, "columns", path), requiredInt(heat, "rows", path), counts));
        } catch (IllegalArgumentException e) {
            throw new ProtocolException(ErrorCode.INVALID_FIELD, e.getMessage(), e);
        }
    }

    // ------------------------------------------------------------------ activity notifications

    private static void writeActivityNotice(JsonGenerator g, ServerMessage.ActivityNotice n) throws IOException {
        g.writeNumberField("seq", n.seq());
        if (!n.kind().equals("queue_updated")) {
            g.writeStringField("taskId", n.taskId());
            g.writeStringField("task", n.task());
            g.writeNumberField("done", n.done());
            g.writeNumberField("total", n.total());
        }
        g.writeNumberField("atMs", n.atMs());
        if (n.endsAtMs() != 0) {
            g.writeNumberField("endsAtMs", n.endsAtMs());
        }
        if (!n.rewards().isEmpty()) {
            g.writeObjectFieldStart("rewards");
            for (var entry : n.rewards().entrySet()) {
                g.writeNumberField(entry.getKey(), entry.getValue());
            }
            g.writeEndObject();
        }
        if (n.quality() != 0) {
            g.writeNumberField("quality", n.quality());
        }
        if (!n.reason().isEmpty()) {
            g.writeStringField("reason", n.reason());
        }
        if (n.kind().equals("queue_updated")) {
            g.writeArrayFieldStart("queue");
            for (String id : n.queue()) {
                g.writeString(id);
            }
            g.writeEndArray();
        }
    }

    private static ServerMessage.ActivityNotice readActivityNotice(JsonNode root, String type) {
        java.util.TreeMap<String, Long> rewards = new java.util.TreeMap<>();
        if (isPresent(root, "rewards")) {
            JsonNode node = requiredObject(root, "rewards", type);
            for (var field : node.properties()) {
                rewards.put(field.getKey(), requiredLong(node, field.getKey(), type + ".rewards"));
            }
        }
        List<String> queue = new ArrayList<>();
        if (isPresent(root, "queue")) {
            for (JsonNode id : requiredArray(root, "queue", type)) {
                queue.add(id.asText());
            }
        }
        boolean aboutATask = !type.equals("queue_updated");
        return new ServerMessage.ActivityNotice(type, requiredLong(root, "seq", type),
            aboutATask ? requiredText(root, "taskId", type) : "", aboutATask ? requiredText(root, "task", type) : "",
            aboutATask ? requiredInt(root, "done", type) : 0, aboutATask ? requiredInt(root, "total", type) : 0,
            requiredSignedLong(root, "atMs", type), isPresent(root, "endsAtMs") ? requiredSignedLong(root, "endsAtMs", type) : 0,
            rewards, isPresent(root, "quality") ? requiredInt(root, "quality", type) : 0,
            isPresent(root, "reason") ? requiredText(root, "reason", type) : "", queue);
    }

    // ------------------------------------------------------------------ snapshots

    private static void writeSnapshot(JsonGenerator g, ServerMessage.Snapshot s) throws IOException {
        g.writeNumberField("tick", s.tick());
        g.writeNumberField("serverTimeMs", s.serverTimeMs());
        g.writeNumberField("ackSeq", s.ackSeq());
        g.writeArrayFieldStart("entities");
        for (EntityState e : s.entities()) {
            g.writeStartObject();
            g.writeNumberField("id", e.id());
            g.writeStringField("kind", e.kind().wireName());
            g.writeNumberField("x", (float) e.x());
            g.writeNumberField("y", (float) e.y());
            g.writeNumberField("vx", (float) e.vx());
            g.writeNumberField("vy", (float) e.vy());
            if (e.radius() > 0) {
                g.writeNumberField("radius", (float) e.radius());
            }
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeArrayFieldStart("removed");
        for (Long id : s.removed()) {
            g.writeNumber(id);
        }
        g.writeEndArray();
        writeTimeScale(g, s.timeScale());
    }

    /** Written only when dilated: absent means 1.0, as in protobuf. */
    private static void writeTimeScale(JsonGenerator g, double timeScale) throws IOException {
        if (timeScale != 1.0) {
            g.writeNumberField("timeScale", timeScale);
        }
    }

    private static double readTimeScale(JsonNode root, String owner) {
        if (!isPresent(root, "timeScale")) {
            return 1.0;
        }
        double value = requiredDouble(root, "timeScale", owner);
        if (!(value > 0 && value <= 1)) {
            throw new ProtocolException(ErrorCode.INVALID_FIELD, owner + ".timeScale : " + value + " (expected: > 0 and <= 1)");
        }
        return value;
    }

    private static void writeDelta(JsonGenerator g, ServerMessage.Delta d) throws IOException {
        g.writeNumberField("tick", d.tick());
        g.writeNumberField("baseTick", d.baseTick());
        g.writeNumberField("serverTimeMs", d.serverTimeMs());
        g.writeNumberField("ackSeq", d.ackSeq());
        g.writeArrayFieldStart("entities");
        for (DeltaEntity e : d.entities()) {
            g.writeStartObject();
            g.writeNumberField("id", e.id());
            if (e.kind() != null) {
                g.writeStringField("kind", e.kind().wireName());
            }
            // Zeros are omitted, as protobuf omits them: an unchanged value costs nothing.
            writeNonZero(g, "x", e.x());
            writeNonZero(g, "y", e.y());
            writeNonZero(g, "vx", e.vx());
            writeNonZero(g, "vy", e.vy());
            writeNonZero(g, "radius", e.radius());
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeArrayFieldStart("removed");
        for (Long id : d.removed()) {
            g.writeNumber(id);
        }
        g.writeEndArray();
        writeTimeScale(g, d.timeScale());
    }

    private static void writeNonZero(JsonGenerator g, String field, int value) throws IOException {
        if (value != 0) {
            g.writeNumberField(field, value);
        }
    }

    private static ServerMessage.Delta readDelta(JsonNode root) {
        String owner = "delta";
        JsonNode entitiesNode = requiredArray(root, "entities", owner);
        List<DeltaEntity> entities = new ArrayList<>(entitiesNode.size());
        for (JsonNode e : entitiesNode) {
            entities.add(new DeltaEntity(requiredLong(e, "id", "delta.entity"),
                isPresent(e, "kind") ? EntityKind.fromWireName(requiredText(e, "kind", "delta.entity")) : null,
                optionalInt(e, "x"), optionalInt(e, "y"), optionalInt(e, "vx"), optionalInt(e, "vy"),
                EntityWire.deltaRadius(optionalInt(e, "radius"), isPresent(e, "kind"))));
        }
        long tick = requiredLong(root, "tick", owner);
        long baseTick = requiredSignedLong(root, "baseTick", owner);
        if (baseTick < -1 || baseTick >= tick && baseTick != -1) {
            throw new ProtocolException(ErrorCode.INVALID_FIELD, "delta.baseTick : " + baseTick
                + " (expected: -1, or below tick " + tick + ")");
        }
        return new ServerMessage.Delta(tick, baseTick, requiredSignedLong(root, "serverTimeMs", owner),
            requiredSignedLong(root, "ackSeq", owner), readTimeScale(root, owner), entities,
            readIds(requiredArray(root, "removed", owner), "delta.removed"));
    }

    private static int optionalInt(JsonNode node, String field) {
        if (!isPresent(node, field)) {
            return 0;
        }
        JsonNode value = node.get(field);
        if (!value.isIntegralNumber() || !value.canConvertToInt()) {
            throw invalid("delta.entity", field, value, "an integer, centimetres");
        }
        return value.intValue();
    }

    private static List<Long> readIds(JsonNode array, String owner) {
        List<Long> ids = new ArrayList<>(array.size());
        for (JsonNode id : array) {
            if (!id.isIntegralNumber() || !id.canConvertToLong()) {
                throw new ProtocolException(ErrorCode.INVALID_FIELD, owner + " : " + id + " (expected: integers)");
            }
            ids.add(id.longValue());
        }
        return ids;
    }

    private static ServerMessage.Snapshot readSnapshot(JsonNode root) {
        JsonNode entitiesNode = requiredArray(root, "entities", "snapshot");
        JsonNode removedNode = requiredArray(root, "removed", "snapshot");
        List<EntityState> entities = new ArrayList<>(entitiesNode.size());
        for (JsonNode e : entitiesNode) {
            entities.add(new EntityState(requiredLong(e, "id", "entity"),
                EntityKind.fromWireName(requiredText(e, "kind", "entity")),
                requiredDouble(e, "x", "entity"), requiredDouble(e, "y", "entity"),
                requiredDouble(e, "vx", "entity"), requiredDouble(e, "vy", "entity"),
                isPresent(e, "radius") ? EntityWire.radius(requiredDouble(e, "radius", "entity"), "entity") : 0));
        }
        List<Long> removed = new ArrayList<>(removedNode.size());
        for (JsonNode id : removedNode) {
            if (!id.isIntegralNumber() || !id.canConvertToLong()) {
                throw new ProtocolException(ErrorCode.INVALID_FIELD, "snapshot.removed : " + id + " (expected: integers)");
            }
            removed.add(id.longValue());
        }
        return new ServerMessage.Snapshot(requiredLong(root, "tick", "snapshot"),
            requiredSignedLong(root, "serverTimeMs", "snapshot"), requiredSignedLong(root, "ackSeq", "snapshot"),
            entities, removed, readTimeScale(root, "snapshot"));
    }

    // ------------------------------------------------------------------ actions

    private static ServerMessage.ActionResult readActionResult(JsonNode root) {
        String owner = "action_result";
        long seq = requiredLong(root, "seq", owner);
        String action = requiredText(root, "action", owner);
        boolean accepted = requiredBoolean(root, "accepted", owner);
        ActionReason reason = null;
        if (!accepted) {
            reason = ActionReason.fromCode(requiredText(root, "reason", owner));
        } else if (isPresent(root, "reason")) {
            throw invalid(owner, "reason", root.get("reason"), "absent when accepted");
        }
        HitZone hit = isPresent(root, "hit") ? HitZone.fromWireName(requiredText(root, "hit", owner)) : null;
        int damage = isPresent(root, "damage") ? requiredInt(root, "damage", owner) : 0;
        return new ServerMessage.ActionResult(seq, action, accepted, reason, requiredText(root, "detail", owner), hit,
            damage);
    }

    private static ServerMessage.Status readStatus(JsonNode root) {
        JsonNode inventoryNode = requiredObject(root, "inventory", "status");
        SortedMap<String, Integer> inventory = new TreeMap<>();
        for (Map.Entry<String, JsonNode> entry : inventoryNode.properties()) {
            String item = entry.getKey();
            if (!ItemNames.isValid(item)) {
                throw new ProtocolException(ErrorCode.INVALID_FIELD, "status.inventory : \"" + Texts.clip(item)
                    + "\" (expected: item names of 1-32 characters of a-z 0-9 _)");
            }
            inventory.put(item, requiredInt(inventoryNode, item, "status.inventory"));
        }
        return new ServerMessage.Status(requiredLong(root, "tick", "status"), requiredInt(root, "health", "status"),
            inventory, requiredLong(root, "version", "status"));
    }

    // ------------------------------------------------------------------ field access

    private JsonNode readObject(byte[] utf8) {
        JsonNode root;
        try (JsonParser parser = factory.createParser(utf8)) {
            root = mapper.readTree(parser);
            if (parser.nextToken() != null) {
                throw new ProtocolException(ErrorCode.MALFORMED_JSON, "trailing data after the JSON object");
            }
        } catch (JacksonException e) {
            // Jackson's messages quote the input (a duplicate field's name, up to the frame's size): kept to 200 characters.
            throw new ProtocolException(ErrorCode.MALFORMED_JSON, "not valid JSON: " + Texts.clip(e.getOriginalMessage(), 200), e);
        } catch (IOException e) {
            throw new ProtocolException(ErrorCode.MALFORMED_JSON, "not valid JSON: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new ProtocolException(ErrorCode.MALFORMED_JSON, "expected one JSON object per frame");
        }
        return root;
    }

    private static JsonNode required(JsonNode node, String field, String owner) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            throw new ProtocolException(ErrorCode.MISSING_FIELD, owner + "." + field + " is required");
        }
        return value;
    }

    private static String requiredText(JsonNode node, String field, String owner) {
        JsonNode value = required(node, field, owner);
        if (!value.isTextual()) {
            throw invalid(owner, field, value, "a string");
        }
        return value.textValue();
    }

    private static long requiredLong(JsonNode node, String field, String owner) {
        long value = requiredSignedLong(node, field, owner);
        if (value < 0) {
            throw invalid(owner, field, node.get(field), "an integer >= 0");
        }
        return value;
    }

    private static int requiredInt(JsonNode node, String field, String owner) {
        long value = requiredLong(node, field, owner);
        if (value > Integer.MAX_VALUE) {
            throw invalid(owner, field, node.get(field), "an integer from 0 to " + Integer.MAX_VALUE);
        }
        return (int) value;
    }

    private static JsonNode requiredArray(JsonNode node, String field, String owner) {
        JsonNode value = required(node, field, owner);
        if (!value.isArray()) {
            throw invalid(owner, field, value, "an array");
        }
        return value;
    }

    private static long requiredSignedLong(JsonNode node, String field, String owner) {
        JsonNode value = required(node, field, owner);
        if (!value.isIntegralNumber() || !value.canConvertToLong()) {
            throw invalid(owner, field, value, "an integer");
        }
        return value.longValue();
    }

    private static double requiredDouble(JsonNode node, String field, String owner) {
        JsonNode value = required(node, field, owner);
        if (!value.isNumber()) {
            throw invalid(owner, field, value, "a number");
        }
        double d = value.doubleValue();
        if (!Double.isFinite(d)) {
            throw invalid(owner, field, value, "a finite number");
        }
        return d;
    }

    private static Vec2 requiredVec(JsonNode node, String field, String owner) {
        JsonNode value = required(node, field, owner);
        if (!value.isObject()) {
            throw invalid(owner, field, value, "an object {\"x\":..,\"y\":..}");
        }
        String path = owner + "." + field;
        return new Vec2(requiredDouble(value, "x", path), requiredDouble(value, "y", path));
    }

    private static Vec2 optionalVec(JsonNode node, String field, String owner) {
        return isPresent(node, field) ? requiredVec(node, field, owner) : null;
    }

    /** An optional {@code viewTick}: absent or null is -1 (not given); the record checks the range. */
    private static long viewTick(JsonNode node, String owner) {
        return isPresent(node, "viewTick") ? requiredSignedLong(node, "viewTick", owner) : -1;
    }

    private static int requiredCount(JsonNode node, String field, String owner) {
        long value = requiredSignedLong(node, field, owner);
        if (value < 1 || value > ClientMessage.MAX_COUNT) {
            throw invalid(owner, field, node.get(field), "an integer from 1 to " + ClientMessage.MAX_COUNT);
        }
        return (int) value;
    }

    private static boolean requiredBoolean(JsonNode node, String field, String owner) {
        JsonNode value = required(node, field, owner);
        if (!value.isBoolean()) {
            throw invalid(owner, field, value, "true or false");
        }
        return value.booleanValue();
    }

    private static JsonNode requiredObject(JsonNode node, String field, String owner) {
        JsonNode value = required(node, field, owner);
        if (!value.isObject()) {
            throw invalid(owner, field, value, "an object");
        }
        return value;
    }

    private static boolean isPresent(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value != null && !value.isNull();
    }

    private static ProtocolException invalid(String owner, String field, JsonNode value, String expected) {
        return new ProtocolException(ErrorCode.INVALID_FIELD,
            owner + "." + field + " : " + Texts.clip(value.toString()) + " (expected: " + expected + ")");
    }

    // ------------------------------------------------------------------ writing

    @FunctionalInterface
    private interface Body {
        void write(JsonGenerator generator) throws IOException;
    }

    private byte[] write(Body body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(128);
        try (JsonGenerator g = factory.createGenerator(out)) {
            g.writeStartObject();
            body.write(g);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("writing JSON to memory cannot fail", e);
        }
        return out.toByteArray();
    }

    private static void writeViewTick(JsonGenerator g, long viewTick) throws IOException {
        if (viewTick != -1) {
            g.writeNumberField("viewTick", viewTick);
        }
    }

    private static void writeStack(JsonGenerator g, String field, String item, int count) throws IOException {
        g.writeObjectFieldStart(field);
        g.writeStringField("item", item);
        g.writeNumberField("count", count);
        g.writeEndObject();
    }

    private static void writeVec(JsonGenerator g, String field, Vec2 v) throws IOException {
        g.writeObjectFieldStart(field);
        g.writeNumberField("x", v.x());
        g.writeNumberField("y", v.y());
        g.writeEndObject();
    }
}
