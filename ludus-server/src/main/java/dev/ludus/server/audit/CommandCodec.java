package dev.ludus.server.audit;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import dev.ludus.sim.action.ActionRequest;
import dev.ludus.sim.action.UpdateResult;
import dev.ludus.sim.world.Command;
import dev.ludus.sim.world.PlayerLink;
import java.io.IOException;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Every {@link Command} as a JSON object of the audit log, and back (docs/audit-log.md, "Commands").
 * All fields are kept except what is not the world's input: a join's session token (a secret: the log
 * stores {@value #SESSION_PLACEHOLDER}) and its {@link PlayerLink}, and an update's reply callback;
 * decoding supplies those. Doubles keep every bit (NaN, infinities and -0.0 included). Thread-safe.
 */
public final class CommandCodec {
    /** What the log stores instead of a join's session token. */
    public static final String SESSION_PLACEHOLDER = "redacted";

    private CommandCodec() {
    }

    /**
     * Writes a command as one JSON object.
     *
     * @param json    where to write
     * @param command the command
     * @throws IOException from the generator
     */
    public static void write(JsonGenerator json, Command command) throws IOException {
        json.writeStartObject();
        switch (command) {
            case Command.Join join -> {
                json.writeStringField("kind", "join");
                json.writeNumberField("conn", join.connectionId());
                json.writeStringField("name", join.name());
                json.writeStringField("session", SESSION_PLACEHOLDER);
                json.writeNumberField("rank", join.rankBucket());
                if (join.premium()) {
                    json.writeBooleanField("premium", true);
                }
                if (join.hasArrivalPoint()) {
                    json.writeNumberField("arriveX", join.arriveXMetres());
                    json.writeNumberField("arriveY", join.arriveYMetres());
                }
                if (join.healthPoints() != Command.Join.FULL_HEALTH) {
                    json.writeNumberField("health", join.healthPoints());
                }
            }
            case Command.Move move -> {
                json.writeStringField("kind", "move");
                json.writeNumberField("conn", move.connectionId());
                json.writeNumberField("seq", move.seq());
                Json.writeDouble(json, "dx", move.dx());
                Json.writeDouble(json, "dy", move.dy());
                json.writeNumberField("viewTick", move.viewTick());
                Json.writeDouble(json, "claimX", move.claimX());
                Json.writeDouble(json, "claimY", move.claimY());
            }
            case Command.Leave leave -> {
                json.writeStringField("kind", "leave");
                json.writeNumberField("conn", leave.connectionId());
            }
            case Command.Halt halt -> {
                json.writeStringField("kind", "halt");
                json.writeNumberField("conn", halt.connectionId());
            }
            case Command.Act act -> {
                json.writeStringField("kind", "act");
                json.writeNumberField("conn", act.connectionId());
                json.writeNumberField("seq", act.seq());
                json.writeNumberField("viewTick", act.viewTick());
                json.writeFieldName("action");
                writeAction(json, act.request());
            }
            case Command.Violation violation -> {
                json.writeStringField("kind", "violation");
                json.writeNumberField("conn", violation.connectionId());
                json.writeNumberField("seq", violation.seq());
                json.writeStringField("code", violation.code());
            }
            case Command.Update update -> {
                json.writeStringField("kind", "update");
                json.writeNumberField("entity", update.entityId());
                json.writeNumberField("expectedVersion", update.expectedVersion());
                json.writeStringField("item", update.item());
                json.writeNumberField("delta", update.delta());
            }
            case Command.ShadowBan ban -> {
                json.writeStringField("kind", "shadowban");
                json.writeNumberField("entity", ban.entityId());
                json.writeBooleanField("banned", ban.banned());
            }
        }
        json.writeEndObject();
    }

    private static void writeAction(JsonGenerator json, ActionRequest request) throws IOException {
        json.writeStartObject();
        json.writeStringField("name", request.name());
        switch (request) {
            case ActionRequest.Attack attack -> {
                json.writeNumberField("target", attack.target());
                json.writeStringField("weapon", attack.weapon().name().toLowerCase(Locale.ROOT));
                Json.writeDouble(json, "aimX", attack.aimX());
                Json.writeDouble(json, "aimY", attack.aimY());
            }
            case ActionRequest.PickUp pickUp -> json.writeNumberField("item", pickUp.item());
            case ActionRequest.Harvest harvest -> json.writeNumberField("node", harvest.node());
            case ActionRequest.Trade trade -> {
                json.writeNumberField("partner", trade.partner());
                json.writeStringField("giveItem", trade.giveItem());
                json.writeNumberField("giveCount", trade.giveCount());
                json.writeStringField("wantItem", trade.wantItem());
                json.writeNumberField("wantCount", trade.wantCount());
            }
            case ActionRequest.UseItem use -> json.writeStringField("item", use.item());
        }
        json.writeEndObject();
    }

    /**
     * Reads a command written by {@link #write}.
     *
     * @param node  the command's JSON object
     * @param link  the link a join gets (a replay's link drops what the world sends)
     * @param reply the reply an update gets
     * @return the command
     * @throws MalformedEntryException naming the missing or ill-typed field, or the unknown kind
     */
    static Command read(JsonNode node, PlayerLink link, Consumer<UpdateResult> reply) throws MalformedEntryException {
        if (!node.isObject()) {
            throw new MalformedEntryException("cmd : " + node + " (expected: an object)");
        }
        String kind = Json.textField(node, "kind");
        return switch (kind) {
            case "join" -> new Command.Join(Json.longField(node, "conn"), Json.textField(node, "name"),
                Json.textField(node, "session"), link, rankBucket(node), node.path("premium").asBoolean(false),
                node.has("arriveX") ? Json.doubleField(node, "arriveX") : Double.NaN,
                node.has("arriveY") ? Json.doubleField(node, "arriveY") : Double.NaN, health(node));
            case "move" -> new Command.Move(Json.longField(node, "conn"), Json.longField(node, "seq"),
                Json.doubleField(node, "dx"), Json.doubleField(node, "dy"), Json.longField(node, "viewTick"),
                Json.doubleField(node, "claimX"), Json.doubleField(node, "claimY"));
            case "leave" -> new Command.Leave(Json.longField(node, "conn"));
            case "halt" -> new Command.Halt(Json.longField(node, "conn"));
            case "act" -> new Command.Act(Json.longField(node, "conn"), Json.longField(node, "seq"),
                Json.longField(node, "viewTick"), readAction(Json.field(node, "action")));
            case "violation" -> new Command.Violation(Json.longField(node, "conn"), Json.longField(node, "seq"),
                Json.textField(node, "code"));
            case "update" -> new Command.Update(Json.longField(node, "entity"), Json.longField(node, "expectedVersion"),
                Json.textField(node, "item"), Json.intField(node, "delta"), reply);
            case "shadowban" -> new Command.ShadowBan(Json.longField(node, "entity"), Json.booleanField(node, "banned"));
            default -> throw new MalformedEntryException("kind : \"" + kind
                + "\" (expected: join, move, leave, halt, act, violation, update or shadowban)");
        };
    }

    private static ActionRequest readAction(JsonNode node) throws MalformedEntryException {
        if (!node.isObject()) {
            throw new MalformedEntryException("action : " + node + " (expected: an object)");
        }
        String name = Json.textField(node, "name");
        return switch (name) {
            case "attack" -> new ActionRequest.Attack(Json.longField(node, "target"), weapon(Json.textField(node, "weapon")),
                Json.doubleField(node, "aimX"), Json.doubleField(node, "aimY"));
            case "pickup" -> new ActionRequest.PickUp(Json.longField(node, "item"));
            case "harvest" -> new ActionRequest.Harvest(Json.longField(node, "node"));
            case "trade" -> new ActionRequest.Trade(Json.longField(node, "partner"), Json.textField(node, "giveItem"),
                Json.intField(node, "giveCount"), Json.textField(node, "wantItem"), Json.intField(node, "wantCount"));
            case "use" -> new ActionRequest.UseItem(Json.textField(node, "item"));
            default -> throw new MalformedEntryException("action.name : \"" + name
                + "\" (expected: attack, pickup, harvest, trade or use)");
        };
    }

    private static dev.ludus.protocol.Weapon weapon(String name) throws MalformedEntryException {
        for (dev.ludus.protocol.Weapon weapon : dev.ludus.protocol.Weapon.values()) {
            if (weapon.name().toLowerCase(Locale.ROOT).equals(name)) {
                return weapon;
            }
        }
        throw new MalformedEntryException("action.weapon : \"" + name + "\" (expected: one of "
            + java.util.Arrays.toString(dev.ludus.protocol.Weapon.values()).toLowerCase(Locale.ROOT) + ")");
    }

    /** A join's arrival health: absent in logs written before it existed, and for full health. */
    private static int health(JsonNode node) throws MalformedEntryException {
        if (!node.has("health")) {
            return Command.Join.FULL_HEALTH;
        }
        int health = Json.intField(node, "health");
        if (health < 0) {
            throw new MalformedEntryException("cmd.health : " + health + " (expected: 0 to " + Integer.MAX_VALUE + ")");
        }
        return health;
    }

    private static int rankBucket(JsonNode node) throws MalformedEntryException {
        int rank = Json.intField(node, "rank");
        if (rank < 0) {
            throw new MalformedEntryException("cmd.rank : " + rank + " (expected: 0 to " + Integer.MAX_VALUE + ")");
        }
        return rank;
    }
}
