package dev.ludus.protocol;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.ludus.protocol.proto.LudusProto;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The protobuf form of the protocol (WebSocket binary frames): one {@code ClientEnvelope} or
 * {@code ServerEnvelope} of {@code ludus.proto} per frame. Positions and velocities travel as 32-bit
 * floats (about 0.25 mm precision at 4 km from the origin). Snapshots, the bulk of the traffic, are
 * written field by field rather than through the generated builders; the bytes are the same.
 *
 * <p>Thread-safe: one instance may be shared by all connections.
 */
public final class ProtobufCodec {
    /** The {@code ClientEnvelope} bodies this schema knows, by field name; named in the {@link ErrorCode#UNKNOWN_TYPE} error. */
    static final String CLIENT_BODIES = Arrays.stream(LudusProto.ClientEnvelope.BodyCase.values())
        .filter(body -> body != LudusProto.ClientEnvelope.BodyCase.BODY_NOT_SET)
        .map(body -> body.name().toLowerCase(Locale.ROOT))
        .collect(Collectors.joining(", "));

    /** Creates a codec; it holds no state. */
    public ProtobufCodec() {
    }

    /**
     * Decodes a client message.
     *
     * @param bytes the binary frame's payload
     * @return the message
     * @throws ProtocolException {@link ErrorCode#MALFORMED_PROTOBUF} when the bytes are not a
     *     {@code ClientEnvelope}, {@link ErrorCode#UNKNOWN_TYPE} when it carries no known body,
     *     {@link ErrorCode#MISSING_FIELD} or {@link ErrorCode#INVALID_FIELD} for bad fields
     */
    public ClientMessage decodeClient(byte[] bytes) {
        LudusProto.ClientEnvelope envelope;
        try {
            envelope = LudusProto.ClientEnvelope.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            throw new ProtocolException(ErrorCode.MALFORMED_PROTOBUF, "not a ClientEnvelope: " + e.getMessage(), e);
        }
        return switch (envelope.getBodyCase()) {
            case LOGIN -> new ClientMessage.Login(envelope.getLogin().getName(), envelope.getLogin().getDeltas());
            case ACK -> new ClientMessage.Ack(nonNegative(envelope.getAck().getTick(), "ack.tick"));
            case SPECTATE -> readSpectate(envelope.getSpectate());
            case REPLAY_CONTROL -> {
                LudusProto.ReplayControl control = envelope.getReplayControl();
                if (control.hasSpeed() && Double.isNaN(control.getSpeed())) {
                    throw new ProtocolException(ErrorCode.INVALID_FIELD, "replay.control.speed : NaN (expected: "
                        + ClientMessage.ReplayControl.MIN_SPEED + " to " + ClientMessage.ReplayControl.MAX_SPEED + ")");
                }
                yield new ClientMessage.ReplayControl(control.hasPaused() ? (control.getPaused() ? 1 : 0) : -1,
                    control.hasSpeed() ? control.getSpeed() : Double.NaN,
                    control.hasFromTick() ? nonNegative(control.getFromTick(), "replay.control.fromTick") : -1);
            }
            case INPUT -> {
                LudusProto.Input input = envelope.getInput();
                yield new ClientMessage.Input(seq(input.getSeq(), "input"),
                    vec(input.hasMove() ? input.getMove() : null, "input.move"),
                    input.hasViewTick() ? viewTick(input.getViewTick(), "input") : -1,
                    input.hasPos() ? vec(input.getPos(), "input.pos") : null);
            }
            case ATTACK -> {
                LudusProto.Attack attack = envelope.getAttack();
                yield new ClientMessage.Attack(seq(attack.getSeq(), "attack"), id(attack.getTarget(), "attack.target"),
                    weapon(attack), vec(attack.hasAim() ? attack.getAim() : null, "attack.aim"),
                    attack.hasViewTick() ? viewTick(attack.getViewTick(), "attack") : -1);
            }
            case PICKUP -> {
                LudusProto.PickUp pickUp = envelope.getPickup();
                yield new ClientMessage.PickUp(seq(pickUp.getSeq(), "pickup"), id(pickUp.getItem(), "pickup.item"),
                    pickUp.hasViewTick() ? viewTick(pickUp.getViewTick(), "pickup") : -1);
            }
            case HARVEST -> {
                LudusProto.Harvest harvest = envelope.getHarvest();
                yield new ClientMessage.Harvest(seq(harvest.getSeq(), "harvest"), id(harvest.getNode(), "harvest.node"),
                    harvest.hasViewTick() ? viewTick(harvest.getViewTick(), "harvest") : -1);
            }
            case TRADE -> {
                LudusProto.Trade trade = envelope.getTrade();
                LudusProto.ItemStack give = stack(trade.hasGive() ? trade.getGive() : null, "trade.give");
                LudusProto.ItemStack want = stack(trade.hasWant() ? trade.getWant() : null, "trade.want");
                yield new ClientMessage.Trade(seq(trade.getSeq(), "trade"), id(trade.getPartner(), "trade.partner"),
                    give.getItem(), count(give.getCount(), "trade.give.count"),
                    want.getItem(), count(want.getCount(), "trade.want.count"),
                    trade.hasViewTick() ? viewTick(trade.getViewTick(), "trade") : -1);
            }
            case USE -> {
                LudusProto.Use use = envelope.getUse();
                yield new ClientMessage.Use(seq(use.getSeq(), "use"), use.getItem(),
                    use.hasViewTick() ? viewTick(use.getViewTick(), "use") : -1);
            }
            case PING -> new ClientMessage.Ping(envelope.getPing().getT());
            case BUY -> new ClientMessage.Buy(envelope.getBuy().getKey(), envelope.getBuy().getSku());
            case ACTIVITY_START -> {
                LudusProto.ActivityStart start = envelope.getActivityStart();
                // uint32 above 2^31 reads negative here; the server refuses any count outside 1 to 1000.
                yield new ClientMessage.ActivityStart(start.getTask(), start.getCount() == 0 ? 1 : start.getCount());
            }
            case ACTIVITY_CANCEL -> new ClientMessage.ActivityCancel(envelope.getActivityCancel().getTaskId());
            case ACTIVITY_LIST -> new ClientMessage.ActivityList();
            case RESUME -> new ClientMessage.Resume(envelope.getResume().getSession(),
                nonNegative(envelope.getResume().getLastEventSeq(), "resume.lastEventSeq"));
            case REFRESH -> new ClientMessage.Refresh();
            case HANDOFF -> new ClientMessage.Handoff(envelope.getHandoff().getToken());
            case LOGOUT -> new ClientMessage.Logout();
            case BODY_NOT_SET -> throw new ProtocolException(ErrorCode.UNKNOWN_TYPE, "ClientEnvelope carries no known body "
                + "(expected one of: " + CLIENT_BODIES + ")");
        };
    }

    // proto3 has no required fields: an unset message field reads as null here, an unset scalar as 0.

    private static long seq(long unsignedSeq, String owner) {
        return nonNegative(unsignedSeq, owner + ".seq");
    }

    private static long id(long unsignedId, String field) {
        return nonNegative(unsignedId, field);
    }

    private static long viewTick(long unsignedTick, String owner) {
        return nonNegative(unsignedTick, owner + ".viewTick");
    }

    /** A uint64 read into a long is negative from 2^63 up; the records' ranges stop below that. */
    private static long nonNegative(long unsigned, String field) {
        if (unsigned < 0) {
            throw new ProtocolException(ErrorCode.INVALID_FIELD,
                field + " : " + Long.toUnsignedString(unsigned) + " (expected: < 2^63)");
        }
        return unsigned;
    }

    private static int count(int unsignedCount, String field) {
        long count = Integer.toUnsignedLong(unsignedCount);
        if (count < 1 || count > ClientMessage.MAX_COUNT) {
            throw new ProtocolException(ErrorCode.INVALID_FIELD,
                field + " : " + count + " (expected: 1 to " + ClientMessage.MAX_COUNT + ")");
        }
        return (int) count;
    }

    private static Vec2 vec(LudusProto.Vec2 vec, String field) {
        if (vec == null) {
            throw new ProtocolException(ErrorCode.MISSING_FIELD, field + " is required");
        }
        if (!Double.isFinite(vec.getX()) || !Double.isFinite(vec.getY())) {
            throw new ProtocolException(ErrorCode.INVALID_FIELD,
                field + " : (" + vec.getX() + ", " + vec.getY() + ") (expected: finite numbers)");
        }
        return new Vec2(vec.getX(), vec.getY());
    }

    private static LudusProto.ItemStack stack(LudusProto.ItemStack stack, String field) {
        if (stack == null) {
            throw new ProtocolException(ErrorCode.MISSING_FIELD, field + " is required");
        }
        return stack;
    }

    private static Weapon weapon(LudusProto.Attack attack) {
        return switch (attack.getWeapon()) {
            case WEAPON_MELEE -> Weapon.MELEE;
            case WEAPON_RANGED -> Weapon.RANGED;
            case WEAPON_UNSPECIFIED -> throw new ProtocolException(ErrorCode.MISSING_FIELD, "attack.weapon is required");
            case UNRECOGNIZED -> throw new ProtocolException(ErrorCode.INVALID_FIELD,
                "attack.weapon : " + attack.getWeaponValue() + " (expected: WEAPON_MELEE or WEAPON_RANGED)");
        };
    }

    /**
     * Encodes a client message (used by bots, tests and Java clients).
     *
     * @param message the message
     * @return the serialized {@code ClientEnvelope}
     */
    public byte[] encode(ClientMessage message) {
        LudusProto.ClientEnvelope.Builder envelope = LudusProto.ClientEnvelope.newBuilder();
        switch (message) {
            case ClientMessage.Login login -> envelope.setLogin(LudusProto.Login.newBuilder().setName(login.name())
                .setDeltas(login.deltas()));
            case ClientMessage.Ack ack -> envelope.setAck(LudusProto.Ack.newBuilder().setTick(ack.tick()));
            case ClientMessage.Spectate spectate -> {
                LudusProto.Spectate.Builder body = LudusProto.Spectate.newBuilder().setDelayMs(spectate.delayMs());
                if (spectate.area() != null) {
                    body.setArea(toProto(spectate.area()));
                } else {
                    body.setTarget(spectate.target());
                }
                if (spectate.isReplay()) {
                    body.setReplay(LudusProto.SpectateReplay.newBuilder().setFromTick(spectate.replayFromTick()));
                }
                envelope.setSpectate(body);
            }
            case ClientMessage.Input input -> {
                LudusProto.Input.Builder body = LudusProto.Input.newBuilder().setSeq(input.seq()).setMove(toProto(input.move()));
                if (input.viewTick() >= 0) {
                    body.setViewTick(input.viewTick());
                }
                if (input.pos() != null) {
                    body.setPos(toProto(input.pos()));
                }
                envelope.setInput(body);
            }
            case ClientMessage.Attack attack -> {
                LudusProto.Attack.Builder body = LudusProto.Attack.newBuilder().setSeq(attack.seq())
                    .setTarget(attack.target()).setAim(toProto(attack.aim()))
                    .setWeapon(switch (attack.weapon()) {
                        case MELEE -> LudusProto.Weapon.WEAPON_MELEE;
                        case RANGED -> LudusProto.Weapon.WEAPON_RANGED;
                    });
                if (attack.viewTick() >= 0) {
                    body.setViewTick(attack.viewTick());
                }
                envelope.setAttack(body);
            }
            case ClientMessage.PickUp pickUp -> {
                LudusProto.PickUp.Builder body = LudusProto.PickUp.newBuilder().setSeq(pickUp.seq()).setItem(pickUp.item());
                if (pickUp.viewTick() >= 0) {
                    body.setViewTick(pickUp.viewTick());
                }
                envelope.setPickup(body);
            }
            case ClientMessage.Harvest harvest -> {
                LudusProto.Harvest.Builder body = LudusProto.Harvest.newBuilder().setSeq(harvest.seq()).setNode(harvest.node());
                if (harvest.viewTick() >= 0) {
                    body.setViewTick(harvest.viewTick());
                }
                envelope.setHarvest(body);
            }
            case ClientMessage.Trade trade -> {
                LudusProto.Trade.Builder body = LudusProto.Trade.newBuilder().setSeq(trade.seq()).setPartner(trade.partner())
                    .setGive(LudusProto.ItemStack.newBuilder().setItem(trade.giveItem()).setCount(trade.giveCount()))
                    .setWant(LudusProto.ItemStack.newBuilder().setItem(trade.wantItem()).setCount(trade.wantCount()));
                if (trade.viewTick() >= 0) {
                    body.setViewTick(trade.viewTick());
                }
                envelope.setTrade(body);
            }
            case ClientMessage.Use use -> {
                LudusProto.Use.Builder body = LudusProto.Use.newBuilder().setSeq(use.seq()).setItem(use.item());
                if (use.viewTick() >= 0) {
                    body.setViewTick(use.viewTick());
                }
                envelope.setUse(body);
            }
            case ClientMessage.Ping ping -> envelope.setPing(LudusProto.Ping.newBuilder().setT(ping.t()));
            case ClientMessage.Buy buy -> envelope.setBuy(LudusProto.Buy.newBuilder().setKey(buy.key()).setSku(buy.sku()));
            case ClientMessage.ActivityStart start -> envelope.setActivityStart(LudusProto.ActivityStart.newBuilder()
                .setTask(start.task()).setCount(start.count()));
            case ClientMessage.ActivityCancel cancel -> envelope.setActivityCancel(LudusProto.ActivityCancel.newBuilder()
                .setTaskId(cancel.taskId()));
            case ClientMessage.ActivityList list -> envelope.setActivityList(LudusProto.ActivityList.getDefaultInstance());
            case ClientMessage.Resume resume -> envelope.setResume(LudusProto.Resume.newBuilder().setSession(resume.session())
                .setLastEventSeq(resume.lastEventSeq()));
            case ClientMessage.Refresh refresh -> envelope.setRefresh(LudusProto.Refresh.getDefaultInstance());
            case ClientMessage.Handoff handoff -> envelope.setHandoff(LudusProto.Handoff.newBuilder().setToken(handoff.token()));
            case ClientMessage.Logout logout -> envelope.setLogout(LudusProto.Logout.getDefaultInstance());
            case ClientMessage.ReplayControl control -> {
                LudusProto.ReplayControl.Builder body = LudusProto.ReplayControl.newBuilder();
                if (control.setsPaused()) {
                    body.setPaused(control.paused() == 1);
                }
                if (control.setsSpeed()) {
                    body.setSpeed(control.speed());
                }
                if (control.seeks()) {
                    body.setFromTick(control.fromTick());
                }
                envelope.setReplayControl(body);
            }
        }
        return envelope.build().toByteArray();
    }

    /**
     * Encodes a server message.
     *
     * @param message the message
     * @return the serialized {@code ServerEnvelope}
     */
    public byte[] encode(ServerMessage message) {
        return switch (message) {
            case ServerMessage.Numbered numbered -> withEventSeq(encode(numbered.event()), numbered.eventSeq());
            case ServerMessage.Resumed r -> LudusProto.ServerEnvelope.newBuilder().setResumed(LudusProto.Resumed.newBuilder()
                .setSession(r.session()).setEntityId(r.entityId()).setLastEventSeq(r.lastEventSeq()).setLastSeq(r.lastSeq()))
                .build().toByteArray();
            case ServerMessage.SessionToken t -> LudusProto.ServerEnvelope.newBuilder().setSessionToken(
                LudusProto.SessionToken.newBuilder().setSession(t.session()).setExpiresAtMs(t.expiresAtMs())).build().toByteArray();
            case ServerMessage.Transfer t -> LudusProto.ServerEnvelope.newBuilder().setTransfer(LudusProto.Transfer.newBuilder()
                .setUrl(t.url()).setServer(t.server()).setToken(t.token()).setExpiresAtMs(t.expiresAtMs())).build().toByteArray();
            case ServerMessage.Snapshot snapshot -> SnapshotWire.write(snapshot);
            case ServerMessage.Delta delta -> SnapshotWire.write(delta);
            case ServerMessage.Welcome w -> LudusProto.ServerEnvelope.newBuilder().setWelcome(LudusProto.Welcome.newBuilder()
                .setSession(w.session()).setEntityId(w.entityId()).setTickRate(w.tickRate())
                .setWorldWidth(w.worldWidth()).setWorldHeight(w.worldHeight()).setAoiRadius(w.aoiRadius())
                .setSpawnX(w.spawnX()).setSpawnY(w.spawnY()).setMaxSpeed(w.maxSpeed())).build().toByteArray();
            case ServerMessage.Spectating sp -> {
                LudusProto.Spectating.Builder body = LudusProto.Spectating.newBuilder().setDelayMs(sp.delayMs())
                    .setEveryTicks(sp.everyTicks());
                if (sp.area() != null) {
                    body.setArea(toProto(sp.area()));
                } else {
                    body.setTarget(sp.target());
                }
                if (sp.replayFromTick() >= 0) {
                    body.setReplayFromTick(sp.replayFromTick());
                }
                yield LudusProto.ServerEnvelope.newBuilder().setSpectating(body).build().toByteArray();
            }
            case ServerMessage.SpectatorState st -> writeSpectatorState(st);
            case ServerMessage.Pong p -> LudusProto.ServerEnvelope.newBuilder().setPong(LudusProto.Pong.newBuilder()
                .setT(p.t()).setTick(p.tick()).setServerTimeMs(p.serverTimeMs())).build().toByteArray();
            case ServerMessage.ErrorMessage e -> LudusProto.ServerEnvelope.newBuilder().setError(LudusProto.Error.newBuilder()
                .setCode(e.code().code()).setMessage(e.message())).build().toByteArray();
            case ServerMessage.ActionResult r -> {
                LudusProto.ActionResult.Builder body = LudusProto.ActionResult.newBuilder().setSeq(r.seq())
                    .setAction(r.action()).setAccepted(r.accepted()).setDetail(r.detail()).setDamage(r.damage());
                if (r.reason() != null) {
                    body.setReason(r.reason().code());
                }
                if (r.hit() != null) {
                    body.setHit(switch (r.hit()) {
                        case NONE -> LudusProto.HitZone.HIT_ZONE_NONE;
                        case BODY -> LudusProto.HitZone.HIT_ZONE_BODY;
                        case HEAD -> LudusProto.HitZone.HIT_ZONE_HEAD;
                    });
                }
                yield LudusProto.ServerEnvelope.newBuilder().setActionResult(body).build().toByteArray();
            }
            case ServerMessage.Status st -> LudusProto.ServerEnvelope.newBuilder().setStatus(LudusProto.Status.newBuilder()
                .setTick(st.tick()).setHealth(st.health()).putAllInventory(st.inventory()).setVersion(st.version()))
                .build().toByteArray();
            case ServerMessage.PurchaseResult r -> LudusProto.ServerEnvelope.newBuilder().setPurchaseResult(
                LudusProto.PurchaseResult.newBuilder().setKey(r.key()).setSku(r.sku()).setStatus(r.status())
                    .setTransactionId(r.transactionId()).setError(r.error()).setDetail(r.detail()).setReplayed(r.replayed()))
                .build().toByteArray();
            case ServerMessage.ActivityNotice n -> LudusProto.ServerEnvelope.newBuilder().setActivityNotice(
                LudusProto.ActivityNotice.newBuilder().setKind(n.kind()).setSeq(n.seq()).setTaskId(n.taskId()).setTask(n.task())
                    .setDone(n.done()).setTotal(n.total()).setAtMs(n.atMs()).setEndsAtMs(n.endsAtMs()).putAllRewards(n.rewards())
                    .setQuality(n.quality()).setReason(n.reason()).addAllQueue(n.queue())).build().toByteArray();
        };
    }

    /**
     * Appends {@code event_seq} (field 119) to a serialized envelope: protobuf readers merge fields in any
     * order (encoding guide, "Last One Wins" and field order), so the event's bytes need not be rebuilt.
     */
    private static byte[] withEventSeq(byte[] envelope, long eventSeq) {
        int extra = com.google.protobuf.CodedOutputStream.computeUInt64Size(
            LudusProto.ServerEnvelope.EVENT_SEQ_FIELD_NUMBER, eventSeq);
        byte[] out = java.util.Arrays.copyOf(envelope, envelope.length + extra);
        com.google.protobuf.CodedOutputStream tail = com.google.protobuf.CodedOutputStream.newInstance(out, envelope.length, extra);
        try {
            tail.writeUInt64(LudusProto.ServerEnvelope.EVENT_SEQ_FIELD_NUMBER, eventSeq);
            tail.checkNoSpaceLeft();
        } catch (java.io.IOException e) {
            // The array was sized with computeUInt64Size for exactly this field.
            throw new IllegalStateException(e);
        }
        return out;
    }

    /**
     * Reads the header of a serialized snapshot and counts its entities without decoding them: a
     * fraction of the cost of {@link #decodeServer} for clients that only need timing.
     *
     * @param bytes a serialized {@code ServerEnvelope}
     * @return the header, or empty when the bytes are another message or not a valid envelope
     */
    public java.util.Optional<SnapshotHeader> readSnapshotHeader(byte[] bytes) {
        return java.util.Optional.ofNullable(SnapshotWire.readHeader(bytes));
    }

    /**
     * Decodes a server message (used by bots, tests and Java clients).
     *
     * @param bytes a serialized {@code ServerEnvelope}
     * @return the message
     * @throws ProtocolException when the bytes are not a valid server message
     */
    public ServerMessage decodeServer(byte[] bytes) {
        LudusProto.ServerEnvelope envelope;
        try {
            envelope = LudusProto.ServerEnvelope.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            throw new ProtocolException(ErrorCode.MALFORMED_PROTOBUF, "not a ServerEnvelope: " + e.getMessage(), e);
        }
        ServerMessage message = switch (envelope.getBodyCase()) {
            case WELCOME -> {
                LudusProto.Welcome w = envelope.getWelcome();
                yield new ServerMessage.Welcome(w.getSession(), w.getEntityId(), w.getTickRate(), w.getWorldWidth(),
                    w.getWorldHeight(), w.getAoiRadius(), w.getSpawnX(), w.getSpawnY(), w.getMaxSpeed());
            }
            case SNAPSHOT -> {
                LudusProto.Snapshot s = envelope.getSnapshot();
                List<EntityState> entities = new ArrayList<>(s.getEntitiesCount());
                for (LudusProto.EntityState e : s.getEntitiesList()) {
                    entities.add(new EntityState(e.getId(), fromProto(e.getKind()), e.getX(), e.getY(), e.getVx(), e.getVy(),
                        EntityWire.radius(e.getRadius(), "snapshot.entity")));
                }
                yield new ServerMessage.Snapshot(s.getTick(), s.getServerTimeMs(), s.getAckSeq(), entities, s.getRemovedList(),
                timeScale(s.getTimeScale(), "snapshot"));
            }
            case DELTA -> readDelta(envelope.getDelta());
            case PONG -> new ServerMessage.Pong(envelope.getPong().getT(), envelope.getPong().getTick(),
                envelope.getPong().getServerTimeMs());
            case ERROR -> new ServerMessage.ErrorMessage(ErrorCode.fromCode(envelope.getError().getCode()),
                envelope.getError().getMessage());
            case ACTION_RESULT -> readActionResult(envelope.getActionResult());
            case STATUS -> readStatus(envelope.getStatus());
            case SPECTATING -> {
                LudusProto.Spectating sp = envelope.getSpectating();
                yield new ServerMessage.Spectating(sp.hasArea() ? -1 : nonNegative(sp.getTarget(), "spectating.target"),
                    sp.getDelayMs(), sp.getEveryTicks(), sp.hasArea() ? fromProto(sp.getArea()) : null,
                    sp.hasReplayFromTick() ? nonNegative(sp.getReplayFromTick(), "spectating.replay_from_tick") : -1);
            }
            case SPECTATOR_STATE -> readSpectatorState(envelope.getSpectatorState());
            case PURCHASE_RESULT -> {
                LudusProto.PurchaseResult r = envelope.getPurchaseResult();
                yield new ServerMessage.PurchaseResult(r.getKey(), r.getSku(), r.getStatus(), r.getTransactionId(), r.getError(),
                    r.getDetail(), r.getReplayed());
            }
            case ACTIVITY_NOTICE -> {
                LudusProto.ActivityNotice n = envelope.getActivityNotice();
                try {
                    yield new ServerMessage.ActivityNotice(n.getKind(), n.getSeq(), n.getTaskId(), n.getTask(), n.getDone(),
                        n.getTotal(), n.getAtMs(), n.getEndsAtMs(), new java.util.TreeMap<>(n.getRewardsMap()), n.getQuality(),
                        n.getReason(), n.getQueueList());
                } catch (IllegalArgumentException e) {
                    throw new ProtocolException(ErrorCode.INVALID_FIELD, "activity_notice.kind : \"" + Texts.clip(n.getKind())
                        + "\" (expected: one of the five notification types)", e);
                }
            }
            case RESUMED -> {
                LudusProto.Resumed r = envelope.getResumed();
                yield new ServerMessage.Resumed(r.getSession(), r.getEntityId(), r.getLastEventSeq(), r.getLastSeq());
            }
            case SESSION_TOKEN -> new ServerMessage.SessionToken(envelope.getSessionToken().getSession(),
                envelope.getSessionToken().getExpiresAtMs());
            case TRANSFER -> {
                LudusProto.Transfer t = envelope.getTransfer();
                yield new ServerMessage.Transfer(t.getUrl(), t.getServer(), t.getToken(), t.getExpiresAtMs());
            }
            case BODY_NOT_SET -> throw new ProtocolException(ErrorCode.UNKNOWN_TYPE, "ServerEnvelope carries no known body");
        };
        if (!envelope.hasEventSeq()) {
            return message;
        }
        if (envelope.getEventSeq() < 1) {
            throw new ProtocolException(ErrorCode.INVALID_FIELD, "event_seq : " + Long.toUnsignedString(envelope.getEventSeq())
                + " (expected: 1 to 2^63-1)");
        }
        return new ServerMessage.Numbered(envelope.getEventSeq(), message);
    }

    /** A player or an area (an area wins: {@code target} is then ignored), an optional delay, an optional replay. */
    private static ClientMessage.Spectate readSpectate(LudusProto.Spectate spectate) {
        SpectateArea area = spectate.hasArea() ? fromProto(spectate.getArea()) : null;
        long target = area != null ? -1 : nonNegative(spectate.getTarget(), "spectate.target");
        // A uint64 above 2^63 reads negative: out of range like any delay above the maximum.
        long delayMs = spectate.hasDelayMs() ? spectate.getDelayMs() : ClientMessage.Spectate.DEFAULT_DELAY_MS;
        long fromTick = spectate.hasReplay() ? nonNegative(spectate.getReplay().getFromTick(), "spectate.replay.from_tick") : -1;
        return new ClientMessage.Spectate(target, delayMs, area, fromTick);
    }

    private static SpectateArea fromProto(LudusProto.SpectateArea area) {
        return new SpectateArea(area.getX(), area.getY(), area.getRadius());
    }

    private static LudusProto.SpectateArea toProto(SpectateArea area) {
        return LudusProto.SpectateArea.newBuilder().setX(area.xMetres()).setY(area.yMetres()).setRadius(area.radiusMetres())
            .build();
    }

    private static byte[] writeSpectatorState(ServerMessage.SpectatorState st) {
        LudusProto.SpectatorState.Builder body = LudusProto.SpectatorState.newBuilder().setTick(st.tick())
            .setServerTimeMs(st.serverTimeMs());
        for (ServerMessage.SpectatorState.Score score : st.scoreboard()) {
            body.addScoreboard(LudusProto.SpectatorScore.newBuilder().setId(score.id()).setName(score.name())
                .setKills(score.kills()).setDeaths(score.deaths()));
        }
        for (ServerMessage.SpectatorState.Kill kill : st.kills()) {
            body.addKills(LudusProto.SpectatorKill.newBuilder().setTick(kill.tick()).setKiller(kill.killer())
                .setVictim(kill.victim()).setVictimKind(toProto(kill.victimKind())));
        }
        ServerMessage.SpectatorState.HeatMap heat = st.heat();
        body.setHeat(LudusProto.HeatMap.newBuilder().setCellMetres(heat.cellMetres()).setColumns(heat.columns())
            .setRows(heat.rows()).addAllCounts(heat.counts()));
        return LudusProto.ServerEnvelope.newBuilder().setSpectatorState(body).build().toByteArray();
    }

    private static ServerMessage.SpectatorState readSpectatorState(LudusProto.SpectatorState st) {
        List<ServerMessage.SpectatorState.Score> scoreboard = new ArrayList<>(st.getScoreboardCount());
        for (LudusProto.SpectatorScore score : st.getScoreboardList()) {
            scoreboard.add(new ServerMessage.SpectatorState.Score(nonNegative(score.getId(), "spectator_state.scoreboard.id"),
                score.getName(), nonNegativeInt(score.getKills(), "spectator_state.scoreboard.kills"),
                nonNegativeInt(score.getDeaths(), "spectator_state.scoreboard.deaths")));
        }
        List<ServerMessage.SpectatorState.Kill> kills = new ArrayList<>(st.getKillsCount());
        for (LudusProto.SpectatorKill kill : st.getKillsList()) {
            kills.add(new ServerMessage.SpectatorState.Kill(nonNegative(kill.getTick(), "spectator_state.kills.tick"),
                nonNegative(kill.getKiller(), "spectator_state.kills.killer"),
                nonNegative(kill.getVictim(), "spectator_state.kills.victim"), fromProto(kill.getVictimKind())));
        }
        LudusProto.HeatMap heat = st.getHeat();
        List<Integer> counts = new ArrayList<>(heat.getCountsCount());
        for (int count : heat.getCountsList()) {
            counts.add(nonNegativeInt(count, "spectator_state.heat.counts"));
        }
        try {
            return new ServerMessage.SpectatorState(nonNegative(st.getTick(), "spectator_state.tick"), st.getServerTimeMs(),
                scoreboard, kills, new ServerMessage.SpectatorState.HeatMap(heat.getCellMetres(),
                    nonNegativeInt(heat.getColumns(), "spectator_state.heat.columns"),
                    nonNegativeInt(heat.getRows(), "spectator_state.heat.rows"), counts));
        } catch (IllegalArgumentException e) {
            throw new ProtocolException(ErrorCode.INVALID_FIELD, e.getMessage(), e);
        }
    }

    private static ServerMessage.Delta readDelta(LudusProto.Delta d) {
        long tick = nonNegative(d.getTick(), "delta.tick");
        if (d.getBaseTick() < -1 || d.getBaseTick() >= tick && d.getBaseTick() != -1) {
            throw new ProtocolException(ErrorCode.INVALID_FIELD, "delta.baseTick : " + d.getBaseTick()
                + " (expected: -1, or below tick " + tick + ")");
        }
        List<DeltaEntity> entities = new ArrayList<>(d.getEntitiesCount());
        for (LudusProto.DeltaEntity e : d.getEntitiesList()) {
            entities.add(new DeltaEntity(nonNegative(e.getId(), "delta.entity.id"),
                e.getKind() == LudusProto.EntityKind.ENTITY_KIND_UNSPECIFIED ? null : fromProto(e.getKind()),
                e.getX(), e.getY(), e.getVx(), e.getVy(),
                EntityWire.deltaRadius(nonNegativeInt(e.getRadius(), "delta.entity.radius"), e.getKind() != LudusProto.EntityKind.ENTITY_KIND_UNSPECIFIED)));
        }
        return new ServerMessage.Delta(tick, d.getBaseTick(), d.getServerTimeMs(), d.getAckSeq(),
            timeScale(d.getTimeScale(), "delta"), entities, d.getRemovedList());
    }

    /** Unset (0) means 1.0: a factor is never 0. */
    private static double timeScale(float wire, String owner) {
        if (wire == 0f) {
            return 1.0;
        }
        if (!(wire > 0 && wire <= 1)) {
            throw new ProtocolException(ErrorCode.INVALID_FIELD, owner + ".timeScale : " + wire + " (expected: > 0 and <= 1)");
        }
        return wire;
    }

    private static LudusProto.EntityKind toProto(EntityKind kind) {
        return switch (kind) {
            case PLAYER -> LudusProto.EntityKind.ENTITY_KIND_PLAYER;
            case NPC -> LudusProto.EntityKind.ENTITY_KIND_NPC;
            case ITEM -> LudusProto.EntityKind.ENTITY_KIND_ITEM;
            case RESOURCE -> LudusProto.EntityKind.ENTITY_KIND_RESOURCE;
            case PROP -> LudusProto.EntityKind.ENTITY_KIND_PROP;
        };
    }

    private static ServerMessage.ActionResult readActionResult(LudusProto.ActionResult r) {
        ActionReason reason = null;
        if (!r.getAccepted()) {
            if (r.getReason().isEmpty()) {
                throw new ProtocolException(ErrorCode.MISSING_FIELD, "action_result.reason is required when not accepted");
            }
            reason = ActionReason.fromCode(r.getReason());
        } else if (!r.getReason().isEmpty()) {
            throw new ProtocolException(ErrorCode.INVALID_FIELD,
                "action_result.reason : \"" + Texts.clip(r.getReason()) + "\" (expected: empty when accepted)");
        }
        HitZone hit = switch (r.getHit()) {
            case HIT_ZONE_UNSPECIFIED -> null;
            case HIT_ZONE_NONE -> HitZone.NONE;
            case HIT_ZONE_BODY -> HitZone.BODY;
            case HIT_ZONE_HEAD -> HitZone.HEAD;
            case UNRECOGNIZED -> throw new ProtocolException(ErrorCode.INVALID_FIELD,
                "action_result.hit : " + r.getHitValue() + " (expected: HIT_ZONE_NONE, _BODY or _HEAD)");
        };
        return new ServerMessage.ActionResult(nonNegative(r.getSeq(), "action_result.seq"), r.getAction(), r.getAccepted(),
            reason, r.getDetail(), hit, nonNegativeInt(r.getDamage(), "action_result.damage"));
    }

    private static ServerMessage.Status readStatus(LudusProto.Status st) {
        java.util.SortedMap<String, Integer> inventory = new java.util.TreeMap<>();
        for (var entry : st.getInventoryMap().entrySet()) {
            if (!ItemNames.isValid(entry.getKey())) {
                throw new ProtocolException(ErrorCode.INVALID_FIELD, "status.inventory : \"" + Texts.clip(entry.getKey())
                    + "\" (expected: item names of 1-32 characters of a-z 0-9 _)");
            }
            inventory.put(entry.getKey(), nonNegativeInt(entry.getValue(), "status.inventory." + entry.getKey()));
        }
        return new ServerMessage.Status(nonNegative(st.getTick(), "status.tick"),
            nonNegativeInt(st.getHealth(), "status.health"), inventory, nonNegative(st.getVersion(), "status.version"));
    }

    private static int nonNegativeInt(int unsigned, String field) {
        if (unsigned < 0) {
            throw new ProtocolException(ErrorCode.INVALID_FIELD,
                field + " : " + Integer.toUnsignedString(unsigned) + " (expected: < 2^31)");
        }
        return unsigned;
    }

    private static LudusProto.Vec2 toProto(Vec2 v) {
        return LudusProto.Vec2.newBuilder().setX(v.x()).setY(v.y()).build();
    }

    private static EntityKind fromProto(LudusProto.EntityKind kind) {
        return switch (kind) {
            case ENTITY_KIND_PLAYER -> EntityKind.PLAYER;
            case ENTITY_KIND_NPC -> EntityKind.NPC;
            case ENTITY_KIND_ITEM -> EntityKind.ITEM;
            case ENTITY_KIND_RESOURCE -> EntityKind.RESOURCE;
            case ENTITY_KIND_PROP -> EntityKind.PROP;
            case ENTITY_KIND_UNSPECIFIED, UNRECOGNIZED -> throw new ProtocolException(ErrorCode.INVALID_FIELD,
                "entity.kind : " + kind + " (expected: PLAYER, NPC, ITEM, RESOURCE or PROP)");
        };
    }
}
