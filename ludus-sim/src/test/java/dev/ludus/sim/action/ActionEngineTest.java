package dev.ludus.sim.action;

import dev.ludus.protocol.ActionReason;
import dev.ludus.protocol.EntityKind;
import dev.ludus.protocol.HitZone;
import dev.ludus.protocol.Weapon;
import dev.ludus.sim.space.IntList;
import dev.ludus.sim.world.World;
import dev.ludus.sim.world.WorldConfig;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ActionEngineTest {
    static final WorldConfig CONFIG = new WorldConfig(1000, 1000, 32, 100, 20, 100, 500, 500, 5, 5, 7);

    /** One world, its engine, and everything the engine said. */
    static final class Fixture {
        final World world = new World(CONFIG);
        final ActionEngine engine;
        final List<Result> results = new ArrayList<>();
        final List<String> observed = new ArrayList<>();
        long tick = 1;

        Fixture() {
            this(ActionConfig.reference(20, 5), 7);
        }

        Fixture(ActionConfig config, long seed) {
            engine = new ActionEngine(world, config, seed);
            engine.observer(new ActionObserver() {
                @Override
                public void onShot(long playerId, int rankBucket, boolean hit, boolean headHit) {
                    observed.add("shot " + playerId + " " + rankBucket + " " + hit + " " + headHit);
                }

                @Override
                public void onReaction(long playerId, double reactionMillis) {
                    observed.add("reaction " + playerId + " " + Math.round(reactionMillis));
                }

                @Override
                public void onAimSnap(long playerId, double degrees) {
                    observed.add("snap " + playerId + " " + Math.round(degrees));
                }

                @Override
                public void onResourceGain(long playerId, long tick, long units) {
                    observed.add("gain " + playerId + " " + units);
                }

                @Override
                public void onViolation(long playerId, String code) {
                    observed.add("violation " + playerId + " " + code);
                }
            });
        }

        long player(double x, double y) {
            return player(x, y, 0);
        }

        long player(double x, double y, int bucket) {
            int slot = world.spawn(EntityKind.PLAYER, x, y);
            engine.addPlayer(world.id(slot), bucket);
            return world.id(slot);
        }

        long npc(double x, double y) {
            return world.id(world.spawn(EntityKind.NPC, x, y));
        }

        long item(String name, double x, double y) {
            return world.id(engine.spawnItem(name, x, y));
        }

        long node(String name, int amount, double x, double y) {
            return world.id(engine.spawnResource(name, amount, x, y));
        }

        void give(long player, String item, int count) {
            UpdateResult result = engine.update(player, engine.version(player), item, count);
            assertThat(result.applied()).as("grant %s", result).isTrue();
        }

        /** Resolves what was submitted as tick {@link #tick}, records positions for it, moves on. */
        List<Result> resolve() {
            results.clear();
            engine.resolve(tick, (playerId, seq, action, reason, detail, hit, damage) ->
                results.add(new Result(playerId, seq, action, reason, detail, hit, damage)));
            record();
            tick++;
            return results;
        }

        void record() {
            IntList all = new IntList(16);
            for (int slot = 0; slot < world.slotLimit(); slot++) {
                if (world.isLive(slot)) {
                    all.add(slot);
                }
            }
            engine.recordFrame(tick, List.of(all));
        }

        /** Results in sequence order (rejections are answered during validation, before the applied ones). */
        List<Result> resolveBySeq() {
            List<Result> sorted = new ArrayList<>(resolve());
            sorted.sort(java.util.Comparator.comparingLong(Result::seq));
            return sorted;
        }

        /**
         * An NPC at (130, 100 + t) at the end of each tick t = 1..ticks, every frame recorded: a runner
         * moving 1 m north per tick, for lag-compensation tests. Leaves {@link #tick} at {@code ticks}.
         */
        long runnerRecorded(int ticks) {
            long runner = npc(130, 100);
            int slot = world.slotOf(runner);
            for (int t = 1; t <= ticks; t++) {
                world.moveTo(slot, 130, 100 + t);
                tick = t;
                record();
            }
            return runner;
        }

        Result resultOf(long player) {
            return results.stream().filter(r -> r.playerId == player).findFirst().orElseThrow();
        }
    }

    record Result(long playerId, long seq, String action, ActionReason reason, String detail, HitZone hit, int damage) {
        boolean accepted() {
            return reason == null;
        }
    }

    // ------------------------------------------------------------------ NPC strikes

    @Test
    void shouldLandAnNpcStrikeInReachAndLetAPlayerOutOfReachDodgeIt() {
        Fixture f = new Fixture();
        long near = f.player(100, 100);
        long far = f.player(200, 100);
        long wolf = f.npc(102, 100);
        f.engine.strike(wolf, near, 10);
        f.engine.strike(wolf, far, 10);
        f.engine.changedPlayers().clear();

        f.resolve();

        assertThat(f.engine.health(near)).isEqualTo(90);
        assertThat(f.engine.health(far)).as("3 m beyond the 2.5 m reach plus body radius: dodged").isEqualTo(100);
        assertThat(f.engine.changedPlayers()).as("the struck player gets its status").containsExactly(near);
        assertThat(f.engine.version(near)).isEqualTo(1);
        assertThat(f.engine.strikesLanded()).isEqualTo(1);
        assertThat(f.engine.strikesDodged()).isEqualTo(1);
        assertThat(f.results).as("a strike is not an answer to any player's action").isEmpty();
        f.engine.changedPlayers().clear();
        f.resolve();
        assertThat(f.engine.health(near)).as("a strike applies once").isEqualTo(90);
    }

    @Test
    void shouldApplyEveryQueuedStrikeInQueueOrderWhateverTheirNumber() {
        Fixture f = new Fixture();
        long[] players = new long[40];
        long wolf = f.npc(100, 100);
        for (int i = 0; i < players.length; i++) {
            players[i] = f.player(100 + (i % 2), 100);
            f.engine.strike(wolf, players[i], 1 + i % 2);
        }
        f.resolve();
        for (int i = 0; i < players.length; i++) {
            assertThat(f.engine.health(players[i])).isEqualTo(100 - (1 + i % 2));
        }
        assertThat(f.engine.strikesLanded()).isEqualTo(40);
    }

    @Test
    void shouldKillAndRespawnAPlayerStruckToZeroAndReportTheNpcAsKiller() {
        Fixture f = new Fixture();
        long player = f.player(100, 100);
        long wolf = f.npc(101, 100);
        List<String> kills = new ArrayList<>();
        ActionEngine.ResultSink sink = new ActionEngine.ResultSink() {
            @Override
            public void onResult(long playerId, long seq, String action, ActionReason reason, String detail, HitZone hit, int damage) {
            }

            @Override
            public void onKill(long killerId, long victimId, EntityKind victimKind) {
                kills.add(killerId + " killed " + victimId + " " + victimKind);
            }
        };
        for (int i = 0; i < 10; i++) {
            f.engine.strike(wolf, player, 10);
            f.engine.resolve(f.tick++, sink);
        }

        assertThat(kills).containsExactly(wolf + " killed " + player + " PLAYER");
        assertThat(f.engine.health(player)).as("respawned with full health").isEqualTo(100);
        int slot = f.world.slotOf(player);
        assertThat(f.world.x(slot)).isEqualTo(CONFIG.spawnXMetres());
        assertThat(f.world.y(slot)).isEqualTo(CONFIG.spawnYMetres());
    }

    @Test
    void shouldIgnoreStrikesFromTheDeadAndOnNonPlayersAndRefuseAbsurdDamage() {
        Fixture f = new Fixture();
        long player = f.player(100, 100);
        long wolf = f.npc(101, 100);
        long sheep = f.npc(100, 101);
        f.engine.strike(player, sheep, 10);
        f.engine.strike(sheep, wolf, 10);
        f.world.despawn(f.world.slotOf(wolf));
        f.engine.strike(wolf, player, 10);
        f.resolve();

        assertThat(f.engine.health(player)).isEqualTo(100);
        assertThat(f.engine.health(sheep)).isEqualTo(100);
        assertThat(f.engine.strikesDodged()).isEqualTo(3);
        assertThatThrownBy(() -> f.engine.strike(sheep, player, 0)).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("damage : 0");
        assertThatThrownBy(() -> f.engine.strike(sheep, player, 101)).isInstanceOf(IllegalArgumentException.class);
    }

    // ------------------------------------------------------------------ conflicts

    @Test
    void shouldLetExactlyOnePlayerPickUpAnItemBothReachForInTheSameTick() {
        Fixture f = new Fixture();
        long alice = f.player(100, 100);
        long bob = f.player(102, 100);
        long item = f.item("gold", 101, 100);
        f.engine.submit(alice, 1, -1, new ActionRequest.PickUp(item));
        f.engine.submit(bob, 1, -1, new ActionRequest.PickUp(item));

        List<Result> results = f.resolve();

        assertThat(results).hasSize(2);
        assertThat(results).filteredOn(Result::accepted).hasSize(1);
        Result loser = results.stream().filter(r -> !r.accepted()).findFirst().orElseThrow();
        assertThat(loser.reason()).isEqualTo(ActionReason.ITEM_GONE);
        assertThat(loser.detail()).isEqualTo("another player picked it up first");
        int total = f.engine.inventory(alice).getOrDefault("gold", 0) + f.engine.inventory(bob).getOrDefault("gold", 0);
        assertThat(total).as("nothing duplicated").isEqualTo(1);
        assertThat(f.world.slotOf(item)).as("item gone from the world").isEqualTo(-1);
        assertThat(f.engine.contestedGroups()).isEqualTo(1);
    }

    @Test
    void shouldPickTheSameWinnerForTheSameSeedAndLetTheSeedDecideTies() {
        List<Long> winners = new ArrayList<>();
        for (long seed = 0; seed < 40; seed++) {
            for (int run = 0; run < 2; run++) {
                Fixture f = new Fixture(ActionConfig.reference(20, 5), seed);
                long alice = f.player(100, 100);
                long bob = f.player(102, 100);
                long item = f.item("gold", 101, 100);
                // Bob's action arrives first; arrival order must not decide.
                f.engine.submit(bob, 1, -1, new ActionRequest.PickUp(item));
                f.engine.submit(alice, 1, -1, new ActionRequest.PickUp(item));
                f.resolve();
                long winner = f.engine.inventory(alice).isEmpty() ? bob : alice;
                if (run == 1) {
                    assertThat(winner).as("same seed, same winner").isEqualTo(winners.getLast());
                } else {
                    winners.add(winner);
                }
            }
        }
        // Players 1 (alice) and 2 (bob) both win for some seeds: a fair tie-break, not arrival or id order.
        assertThat(winners).contains(1L, 2L);
    }

    @Test
    void shouldGiveTheContestedItemToThePlayerWhoSawItEarlierWithinItsMeasuredLatency() {
        for (long seed = 0; seed < 10; seed++) {
            Fixture f = new Fixture(ActionConfig.reference(20, 5), seed);
            long near = f.player(100, 100);
            long far = f.player(102, 100);
            long item = f.item("gold", 101, 100);
            f.tick = 20;
            // The far player's latency is measured at 4 ticks by its moves; the near player's at 0.
            f.engine.checkMove(far, 20, 15, false, 0, 0);
            f.engine.checkMove(near, 20, 19, false, 0, 0);
            f.engine.submit(near, 1, 19, new ActionRequest.PickUp(item));
            f.engine.submit(far, 1, 15, new ActionRequest.PickUp(item));
            f.resolve();
            assertThat(f.engine.inventory(far)).as("seed %s", seed).containsEntry("gold", 1);
            assertThat(f.resultOf(near).reason()).isEqualTo(ActionReason.ITEM_GONE);
        }
    }

    @Test
    void shouldLetOnlyOneHarvestTakeTheLastUnitOfANode() {
        Fixture f = new Fixture();
        long alice = f.player(200, 200);
        long bob = f.player(202, 200);
        long node = f.node("wood", 1, 201, 200);
        f.engine.submit(alice, 1, -1, new ActionRequest.Harvest(node));
        f.engine.submit(bob, 1, -1, new ActionRequest.Harvest(node));

        List<Result> results = f.resolve();

        assertThat(results).filteredOn(Result::accepted).singleElement()
            .extracting(Result::detail).isEqualTo("harvested 1 wood");
        assertThat(results).filteredOn(r -> !r.accepted()).singleElement()
            .extracting(Result::reason).isEqualTo(ActionReason.NODE_DEPLETED);
        assertThat(f.engine.unitsLeft(node)).isZero();
        assertThat(f.engine.version(node)).isEqualTo(1);
        assertThat(f.observed).filteredOn(o -> o.startsWith("gain ")).hasSize(1);
    }

    @Test
    void shouldRefuseToTradeAnItemTheSamePlayerJustUsed() {
        Fixture f = new Fixture();
        long alice = f.player(300, 300);
        long bob = f.player(302, 300);
        f.give(alice, "potion", 1);
        f.give(bob, "gold", 5);
        // Bob offers 5 gold for the potion; Alice drinks it, then accepts Bob's offer in the same tick.
        f.engine.submit(bob, 1, -1, new ActionRequest.Trade(alice, "gold", 5, "potion", 1));
        f.resolve();
        assertThat(f.resultOf(bob).detail()).isEqualTo("offer open");
        f.engine.submit(alice, 1, -1, new ActionRequest.UseItem("potion"));
        f.engine.submit(alice, 2, -1, new ActionRequest.Trade(bob, "potion", 1, "gold", 5));

        List<Result> results = f.resolve();

        assertThat(results).extracting(Result::seq, Result::reason)
            .containsExactly(org.assertj.core.groups.Tuple.tuple(1L, null),
                org.assertj.core.groups.Tuple.tuple(2L, ActionReason.NOT_IN_INVENTORY));
        assertThat(f.engine.inventory(alice)).isEmpty();
        assertThat(f.engine.inventory(bob)).isEqualTo(Map.of("gold", 5));
    }

    @Test
    void shouldResolveAnAcceptanceRacingTheOfferersUseWithExactlyOneWinner() {
        int tradesWon = 0;
        for (long seed = 0; seed < 30; seed++) {
            Fixture f = new Fixture(ActionConfig.reference(20, 5), seed);
            long alice = f.player(300, 300);
            long bob = f.player(302, 300);
            f.give(alice, "potion", 1);
            f.give(bob, "gold", 5);
            f.engine.submit(alice, 1, -1, new ActionRequest.Trade(bob, "potion", 1, "gold", 5));
            f.resolve();
            f.tick += 30;
            f.engine.submit(alice, 2, -1, new ActionRequest.UseItem("potion"));
            f.engine.submit(bob, 1, -1, new ActionRequest.Trade(alice, "gold", 5, "potion", 1));
            f.resolve();
            Result use = f.resultOf(alice);
            Result trade = f.resultOf(bob);
            assertThat(use.accepted()).as("seed %s: exactly one of use and trade", seed).isNotEqualTo(trade.accepted());
            int potions = f.engine.inventory(alice).getOrDefault("potion", 0) + f.engine.inventory(bob).getOrDefault("potion", 0);
            if (trade.accepted()) {
                tradesWon++;
                assertThat(use.reason()).isEqualTo(ActionReason.NOT_IN_INVENTORY);
                assertThat(potions).isEqualTo(1);
                assertThat(f.engine.inventory(alice)).containsEntry("gold", 5);
            } else {
                assertThat(trade.reason()).isEqualTo(ActionReason.PARTNER_UNAVAILABLE);
                assertThat(trade.detail()).isEqualTo("player " + alice + " no longer holds 1 potion");
                assertThat(potions).isZero();
                assertThat(f.engine.inventory(bob)).containsEntry("gold", 5);
            }
        }
        assertThat(tradesWon).as("the seeded tie-break lets either side win").isBetween(1, 29);
    }

    @Test
    void shouldSwapGoodsWhenTwoPlayersMakeMirrorOffersAndBumpBothVersions() {
        Fixture f = new Fixture();
        long alice = f.player(300, 300);
        long bob = f.player(303, 300);
        f.give(alice, "wood", 3);
        f.give(bob, "gold", 10);
        long aliceVersion = f.engine.version(alice);
        long bobVersion = f.engine.version(bob);
        f.engine.changedPlayers().clear();
        f.engine.submit(alice, 1, -1, new ActionRequest.Trade(bob, "wood", 3, "gold", 10));
        f.resolve();
        f.engine.submit(bob, 1, -1, new ActionRequest.Trade(alice, "gold", 10, "wood", 3));

        f.resolve();

        assertThat(f.resultOf(bob).detail()).isEqualTo("traded");
        assertThat(f.engine.inventory(alice)).isEqualTo(Map.of("gold", 10));
        assertThat(f.engine.inventory(bob)).isEqualTo(Map.of("wood", 3));
        assertThat(f.engine.version(alice)).isGreaterThan(aliceVersion);
        assertThat(f.engine.version(bob)).isGreaterThan(bobVersion);
        assertThat(f.engine.changedPlayers()).containsExactlyInAnyOrder(alice, bob);
    }

    @Test
    void shouldLetAnOpenOfferExpire() {
        Fixture f = new Fixture();
        long alice = f.player(300, 300);
        long bob = f.player(303, 300);
        f.give(alice, "wood", 3);
        f.give(bob, "gold", 10);
        f.engine.submit(alice, 1, -1, new ActionRequest.Trade(bob, "wood", 3, "gold", 10));
        f.resolve();
        f.tick += f.engine.config().tradeOfferTicks();
        f.resolve();
        f.engine.submit(bob, 1, -1, new ActionRequest.Trade(alice, "gold", 10, "wood", 3));

        f.resolve();

        assertThat(f.resultOf(bob).detail()).as("a new offer, not a trade").startsWith("offer open");
        assertThat(f.engine.inventory(bob)).isEqualTo(Map.of("gold", 10));
    }

    @Test
    void shouldRejectBadTradesWithTheirCodes() {
        Fixture f = new Fixture();
        long alice = f.player(300, 300);
        long bob = f.player(303, 300);
        long farAway = f.player(400, 300);
        long npc = f.npc(301, 300);
        f.give(alice, "wood", 1);
        f.engine.submit(alice, 1, -1, new ActionRequest.Trade(alice, "wood", 1, "gold", 1));
        f.engine.submit(alice, 2, -1, new ActionRequest.Trade(bob, "diamond", 1, "gold", 1));
        f.engine.submit(alice, 3, -1, new ActionRequest.Trade(bob, "wood", 0, "gold", 1));
        f.engine.submit(alice, 4, -1, new ActionRequest.Trade(9999, "wood", 1, "gold", 1));
        f.engine.submit(alice, 5, -1, new ActionRequest.Trade(npc, "wood", 1, "gold", 1));
        f.engine.submit(alice, 6, -1, new ActionRequest.Trade(farAway, "wood", 1, "gold", 1));
        f.engine.submit(alice, 7, -1, new ActionRequest.Trade(bob, "wood", 2, "gold", 1));

        List<Result> results = f.resolve();

        assertThat(results).extracting(Result::reason).containsExactly(ActionReason.TRADE_WITH_SELF,
            ActionReason.UNKNOWN_ITEM, ActionReason.UNKNOWN_ITEM, ActionReason.UNKNOWN_TARGET,
            ActionReason.INVALID_TARGET, ActionReason.OUT_OF_RANGE, ActionReason.NOT_IN_INVENTORY);
        assertThat(f.observed).contains("violation " + alice + " trade_with_self", "violation " + alice + " inventory");
        assertThat(f.engine.inventory(alice)).isEqualTo(Map.of("wood", 1));
    }

    @Test
    void shouldTellAPartnerWhoLeftFromOneWhoNeverExisted() {
        Fixture f = new Fixture();
        long alice = f.player(300, 300);
        long bob = f.player(303, 300);
        f.give(alice, "wood", 1);
        f.engine.removePlayer(bob);
        f.world.despawn(f.world.slotOf(bob));
        f.engine.submit(alice, 1, -1, new ActionRequest.Trade(bob, "wood", 1, "gold", 1));

        assertThat(f.resolve()).singleElement().extracting(Result::reason).isEqualTo(ActionReason.PARTNER_UNAVAILABLE);
    }

    // ------------------------------------------------------------------ combat

    @Test
    void shouldScoreARangedShotByWhereItsRayPassesTheTarget() {
        Fixture f = new Fixture();
        long shooter = f.player(100, 100, 3);
        long head = f.npc(130, 100);
        long body = f.npc(100, 130);
        long miss = f.npc(70, 100);
        f.record();
        f.engine.submit(shooter, 1, -1, new ActionRequest.Attack(head, Weapon.RANGED, 1, 0));
        f.resolve();
        f.tick += 10;
        // 0.3 m off at 30 m: outside the 0.15 m head, inside the 0.5 m body.
        f.engine.submit(shooter, 2, -1, new ActionRequest.Attack(body, Weapon.RANGED, 0.01, 1));
        f.resolve();
        f.tick += 10;
        f.engine.submit(shooter, 3, -1, new ActionRequest.Attack(miss, Weapon.RANGED, -1, 0.05));
        f.resolve();

        assertThat(f.observed).containsSubsequence("shot " + shooter + " 3 true true", "shot " + shooter + " 3 true false",
            "shot " + shooter + " 3 false false");
        assertThat(f.engine.health(head)).isEqualTo(50);
        assertThat(f.engine.health(body)).isEqualTo(80);
        assertThat(f.engine.health(miss)).isEqualTo(100);
        assertThat(f.engine.healthOfSlot(f.world.slotOf(head))).as("the read-only view agrees").isEqualTo(50);
        assertThat(f.engine.healthOfSlot(f.world.slotOf(shooter))).as("never dealt with: full health").isEqualTo(100);
        assertThat(f.engine.version(head)).isEqualTo(1);
        assertThat(f.results).singleElement().extracting(Result::hit, Result::detail)
            .containsExactly(HitZone.NONE, "missed");
    }

    @Test
    void shouldMissAShotAimedAwayAndHitInMelee() {
        Fixture f = new Fixture();
        long attacker = f.player(100, 100);
        long target = f.player(102, 100);
        f.record();
        f.engine.submit(attacker, 1, -1, new ActionRequest.Attack(target, Weapon.RANGED, -1, 0));
        f.engine.submit(attacker, 2, -1, new ActionRequest.Attack(target, Weapon.MELEE, 1, 0));

        List<Result> results = f.resolve();

        assertThat(results).extracting(Result::hit, Result::damage)
            .containsExactly(org.assertj.core.groups.Tuple.tuple(HitZone.NONE, 0), org.assertj.core.groups.Tuple.tuple(HitZone.BODY, 25));
        assertThat(f.engine.health(target)).isEqualTo(75);
        assertThat(results.get(1).detail()).isEqualTo("hit");
        assertThat(f.engine.changedPlayers()).contains(target);
    }

    @Test
    void shouldKillAnNpcIntoLootAndRespawnAKilledPlayer() {
        Fixture f = new Fixture();
        long attacker = f.player(100, 100);
        long npc = f.npc(110, 100);
        long victim = f.player(100, 101.5);
        f.record();
        for (int shot = 0; shot < 2; shot++) {
            f.engine.submit(attacker, 2L * shot + 1, -1, new ActionRequest.Attack(npc, Weapon.RANGED, 1, 0));
            f.engine.submit(attacker, 2L * shot + 2, -1, new ActionRequest.Attack(victim, Weapon.MELEE, 0, 1));
            f.resolve();
            f.tick += 20;
        }
        f.engine.submit(attacker, 5, -1, new ActionRequest.Attack(victim, Weapon.MELEE, 0, 1));
        f.engine.submit(attacker, 6, -1, new ActionRequest.Attack(npc, Weapon.RANGED, 1, 0));
        f.resolve();
        f.tick += 20;
        f.engine.submit(attacker, 7, -1, new ActionRequest.Attack(victim, Weapon.MELEE, 0, 1));
        List<Result> last = f.resolve();

        assertThat(f.world.slotOf(npc)).as("the NPC died").isEqualTo(-1);
        int loot = -1;
        for (int slot = 0; slot < f.world.slotLimit(); slot++) {
            if (f.world.isLive(slot) && f.world.kind(slot) == EntityKind.ITEM) {
                loot = slot;
            }
        }
        assertThat(loot).as("it dropped loot").isNotNegative();
        assertThat(f.world.x(loot)).isEqualTo(110.0);
        assertThat(last).singleElement().extracting(Result::detail).isEqualTo("killed");
        int victimSlot = f.world.slotOf(victim);
        assertThat(f.world.x(victimSlot)).as("respawned").isEqualTo(500.0);
        assertThat(f.engine.health(victim)).isEqualTo(100);
        assertThat(f.results).isNotEmpty();
    }

    @Test
    void shouldAnswerTargetGoneToASecondShotAtAnNpcKilledEarlierInTheTick() {
        Fixture f = new Fixture();
        long first = f.player(100, 100);
        long second = f.player(100, 102);
        long npc = f.npc(110, 100);
        f.record();
        f.engine.submit(first, 1, -1, new ActionRequest.Attack(npc, Weapon.RANGED, 1, 0));
        f.resolve();
        f.tick += 10;
        f.engine.submit(first, 2, -1, new ActionRequest.Attack(npc, Weapon.RANGED, 1, 0));
        f.engine.submit(second, 1, -1, new ActionRequest.Attack(npc, Weapon.RANGED, 10, -2));

        List<Result> results = f.resolve();

        assertThat(results).extracting(Result::detail).contains("killed");
        assertThat(results).filteredOn(r -> r.reason() == ActionReason.TARGET_GONE).hasSize(1);
        assertThat(f.world.slotOf(npc)).isEqualTo(-1);
    }

    @Test
    void shouldNotLetASecondShotInTheTickOfAPlayersDeathHitItsRespawnedSelf() {
        Fixture f = new Fixture();
        long killer = f.player(100, 100);
        long other = f.player(100, 104);
        long victim = f.player(110, 100);
        f.record();
        f.engine.submit(killer, 1, -1, new ActionRequest.Attack(victim, Weapon.RANGED, 1, 0));
        f.resolve();
        f.tick = 20;
        f.engine.submit(killer, 2, -1, new ActionRequest.Attack(victim, Weapon.RANGED, 1, 0));
        f.engine.submit(other, 1, -1, new ActionRequest.Attack(victim, Weapon.RANGED, 10, -4));

        List<Result> results = f.resolve();

        // Both shots were valid against the tick's start; the first kills, the second finds a respawned player at the spawn.
        assertThat(results).extracting(Result::detail).containsOnlyOnce("killed");
        assertThat(results).filteredOn(r -> r.reason() == ActionReason.TARGET_GONE).hasSize(1);
        assertThat(f.engine.health(victim)).as("full health at the spawn").isEqualTo(100);
    }

    @Test
    void shouldNotLetALaggedShotAtAPlayersPositionBeforeItsDeathHitItAtTheSpawn() {
        Fixture f = new Fixture();
        long killer = f.player(100, 100);
        long lagged = f.player(100, 104);
        long victim = f.player(110, 100);
        f.record();
        f.engine.submit(killer, 1, -1, new ActionRequest.Attack(victim, Weapon.RANGED, 1, 0));
        f.resolve();
        while (f.tick < 20) {
            f.resolve();
        }
        f.engine.submit(killer, 2, -1, new ActionRequest.Attack(victim, Weapon.RANGED, 1, 0));
        assertThat(f.resolve()).extracting(Result::detail).containsExactly("killed");
        // One tick later, a player 3 ticks behind shoots where it saw the victim: where the victim stood before dying.
        f.engine.checkMove(lagged, f.tick, f.tick - 4, false, 0, 0);
        f.engine.submit(lagged, 1, f.tick - 4, new ActionRequest.Attack(victim, Weapon.RANGED, 10, -4));

        f.resolve();

        assertThat(f.resultOf(lagged).reason()).isEqualTo(ActionReason.TARGET_GONE);
        assertThat(f.engine.health(victim)).as("full health at the spawn").isEqualTo(100);
    }

    @Test
    void shouldRejectTheActionsOfAPlayerKilledEarlierInTheSameTick() {
        Fixture f = new Fixture();
        long killer = f.player(100, 100);
        long victim = f.player(110, 100);
        long item = f.item("gold", 111, 100);
        f.record();
        f.engine.submit(killer, 1, -1, new ActionRequest.Attack(victim, Weapon.RANGED, 1, 0));
        f.resolve();
        f.tick = 20;
        // The killer saw an older tick (its latency is 4 ticks), so its shot is ordered first.
        f.engine.checkMove(killer, 20, 15, false, 0, 0);
        f.engine.checkMove(victim, 20, 19, false, 0, 0);
        f.engine.submit(victim, 1, 19, new ActionRequest.PickUp(item));
        f.engine.submit(killer, 2, 15, new ActionRequest.Attack(victim, Weapon.RANGED, 1, 0));

        f.resolve();

        assertThat(f.resultOf(victim).reason()).isEqualTo(ActionReason.DEAD);
        assertThat(f.world.slotOf(item)).as("the dead player's pick-up did not happen").isNotNegative();
        assertThat(f.engine.inventory(victim)).isEmpty();
    }

    @Test
    void shouldRejectImpossibleAttacksWithTheirCodes() {
        Fixture f = new Fixture();
        long attacker = f.player(100, 100);
        long far = f.npc(100, 300);
        long outOfRange = f.npc(100, 175);
        long behindRock = f.npc(140, 100);
        long item = f.item("gold", 101, 101);
        f.world.obstacles().add(120, 95, 125, 105);
        long gone = f.npc(120, 120);
        f.world.despawn(f.world.slotOf(gone));
        f.record();
        long[] targets = {9999, gone, attacker, item, far, outOfRange, behindRock};
        for (int i = 0; i < targets.length; i++) {
            f.engine.submit(attacker, i + 1, -1, new ActionRequest.Attack(targets[i], Weapon.RANGED, 1, 0));
        }
        f.engine.submit(attacker, 20, -1, new ActionRequest.Attack(outOfRange, Weapon.RANGED, 0, 0));
        f.engine.submit(attacker, 21, -1, new ActionRequest.Attack(outOfRange, Weapon.RANGED, Double.POSITIVE_INFINITY, 0));
        f.engine.submit(attacker, 22, f.tick, new ActionRequest.Attack(outOfRange, Weapon.RANGED, 1, 0));

        assertThat(f.resolve()).extracting(Result::reason).containsExactly(ActionReason.UNKNOWN_TARGET,
            ActionReason.TARGET_GONE, ActionReason.INVALID_TARGET, ActionReason.INVALID_TARGET, ActionReason.NOT_VISIBLE,
            ActionReason.OUT_OF_RANGE, ActionReason.NO_LINE_OF_SIGHT, ActionReason.INVALID_AIM, ActionReason.INVALID_AIM,
            ActionReason.INVALID_VIEW_TICK);
        assertThat(f.engine.rejected(ActionReason.INVALID_AIM)).isEqualTo(2);
        assertThat(f.observed).contains("violation " + attacker + " not_visible", "violation " + attacker + " invalid_view_tick");
    }

    @Test
    void shouldEnforceCooldownsSoRapidFireIsRejected() {
        Fixture f = new Fixture();
        long attacker = f.player(100, 100);
        long npc = f.npc(110, 100);
        f.record();
        f.engine.submit(attacker, 1, -1, new ActionRequest.Attack(npc, Weapon.RANGED, 1, 0));
        f.engine.submit(attacker, 2, -1, new ActionRequest.Attack(npc, Weapon.RANGED, 1, 0));
        f.engine.submit(attacker, 3, -1, new ActionRequest.Attack(npc, Weapon.MELEE, 1, 0));

        assertThat(f.resolveBySeq()).extracting(Result::reason)
            .containsExactly(null, ActionReason.COOLDOWN, ActionReason.OUT_OF_RANGE);
        f.tick += f.engine.config().rangedCooldownTicks() - 1;
        f.engine.submit(attacker, 4, -1, new ActionRequest.Attack(npc, Weapon.RANGED, 1, 0));
        assertThat(f.resolveBySeq()).extracting(Result::reason).containsExactly((ActionReason) null);
        assertThat(f.observed).contains("violation " + attacker + " cooldown");
    }

    // ------------------------------------------------------------------ lag compensation

    @Test
    void shouldTestAShotAgainstWhereTheTargetWasInTheSnapshotTheShooterSaw() {
        Fixture f = new Fixture();
        long shooter = f.player(100, 100);
        long runner = f.runnerRecorded(10);
        f.tick = 11;
        // The shooter's moves show a steady 4-tick latency; it saw tick 6, when the runner stood at y = 106.
        f.engine.checkMove(shooter, 11, 6, false, 0, 0);
        f.engine.submit(shooter, 1, 6, new ActionRequest.Attack(runner, Weapon.RANGED, 30, 6));

        assertThat(f.resolve()).singleElement().extracting(Result::hit).isEqualTo(HitZone.HEAD);
    }

    @Test
    void shouldClampTheRewindToTheMeasuredLatencySoAnOldViewBuysNothing() {
        Fixture f = new Fixture();
        long shooter = f.player(100, 100);
        long runner = f.runnerRecorded(20);
        f.tick = 21;
        // Latency measured at 0 ticks; the shot claims it saw tick 5 (y = 105): the estimate rises only
        // to 1.5, the rewind stops at 1 + 2 ticks (tick 17, y = 117), and the shot at y = 105 misses.
        f.engine.checkMove(shooter, 21, 20, false, 0, 0);
        f.engine.submit(shooter, 1, 5, new ActionRequest.Attack(runner, Weapon.RANGED, 30, 5));

        assertThat(f.resolve()).singleElement().extracting(Result::hit).isEqualTo(HitZone.NONE);
    }

    @Test
    void shouldRaiseTheLatencyEstimateOnlySlowly() {
        Fixture f = new Fixture();
        long shooter = f.player(100, 100);
        long runner = f.runnerRecorded(30);
        // Two moves at 2 ticks, then one claims 12: the estimate rises to 3, so the rewind is 3 + 2 = 5 ticks.
        f.engine.checkMove(shooter, 31, 28, false, 0, 0);
        f.engine.checkMove(shooter, 31, 28, false, 0, 0);
        f.tick = 31;
        f.engine.submit(shooter, 1, 18, new ActionRequest.Attack(runner, Weapon.RANGED, 30, 25));

        assertThat(f.resolve()).singleElement().extracting(Result::hit).isEqualTo(HitZone.HEAD);
    }

    @Test
    void shouldOrderAPlayersOwnActionsBySequenceEvenWhenALaterOneClaimsAnOlderView() {
        Fixture f = new Fixture();
        long alice = f.player(300, 300);
        long bob = f.player(302, 300);
        f.give(alice, "potion", 1);
        f.give(bob, "gold", 5);
        f.engine.submit(bob, 1, -1, new ActionRequest.Trade(alice, "gold", 5, "potion", 1));
        f.resolve();
        f.tick = 50;
        f.engine.checkMove(alice, 50, 40, false, 0, 0);
        // Alice trades the potion (seq 1), then drinks it (seq 2) claiming an older view: the trade stays first.
        f.engine.submit(alice, 1, 49, new ActionRequest.Trade(bob, "potion", 1, "gold", 5));
        f.engine.submit(alice, 2, 40, new ActionRequest.UseItem("potion"));

        assertThat(f.resolve()).extracting(Result::seq, Result::reason).containsExactly(
            org.assertj.core.groups.Tuple.tuple(1L, null),
            org.assertj.core.groups.Tuple.tuple(2L, ActionReason.NOT_IN_INVENTORY));
        assertThat(f.engine.inventory(bob)).isEqualTo(Map.of("potion", 1));
    }

    // ------------------------------------------------------------------ other actions

    @Test
    void shouldPickUpHarvestAndUseWithinTheRules() {
        Fixture f = new Fixture();
        long alice = f.player(100, 100);
        long potion = f.item("potion", 101, 100);
        long farItem = f.item("gold", 110, 100);
        long node = f.node("ore", 2, 100, 102);
        long npc = f.npc(99, 100);
        f.engine.submit(alice, 1, -1, new ActionRequest.PickUp(potion));
        f.engine.submit(alice, 2, -1, new ActionRequest.PickUp(farItem));
        f.engine.submit(alice, 3, -1, new ActionRequest.PickUp(npc));
        f.engine.submit(alice, 4, -1, new ActionRequest.PickUp(12345));
        f.engine.submit(alice, 5, -1, new ActionRequest.Harvest(node));
        f.engine.submit(alice, 6, -1, new ActionRequest.Harvest(node));
        f.engine.submit(alice, 7, -1, new ActionRequest.UseItem("potion"));

        assertThat(f.resolveBySeq()).extracting(Result::reason).containsExactly(null, ActionReason.OUT_OF_RANGE,
            ActionReason.INVALID_TARGET, ActionReason.UNKNOWN_TARGET, null, ActionReason.COOLDOWN, ActionReason.NOT_IN_INVENTORY);
        assertThat(f.engine.inventory(alice)).isEqualTo(Map.of("ore", 1, "potion", 1));

        f.engine.submit(alice, 8, -1, new ActionRequest.PickUp(potion));
        f.engine.submit(alice, 9, -1, new ActionRequest.UseItem("elixir"));
        f.engine.submit(alice, 10, -1, new ActionRequest.UseItem("potion"));
        f.engine.submit(alice, 11, -1, new ActionRequest.UseItem("potion"));
        assertThat(f.resolveBySeq()).extracting(Result::reason).containsExactly(ActionReason.ITEM_GONE,
            ActionReason.UNKNOWN_ITEM, null, ActionReason.COOLDOWN);
        assertThat(f.engine.inventory(alice)).isEqualTo(Map.of("ore", 1));
        f.tick += f.engine.config().harvestCooldownTicks();
        f.engine.submit(alice, 12, -1, new ActionRequest.Harvest(node));
        f.engine.submit(alice, 13, -1, new ActionRequest.Harvest(farItem));
        assertThat(f.resolveBySeq()).extracting(Result::reason).containsExactly(null, ActionReason.COOLDOWN);
        f.tick += f.engine.config().harvestCooldownTicks();
        f.engine.submit(alice, 14, -1, new ActionRequest.Harvest(farItem));
        assertThat(f.resolveBySeq()).extracting(Result::reason).containsExactly(ActionReason.INVALID_TARGET);
        assertThat(f.engine.unitsLeft(node)).isZero();
        assertThat(f.engine.unitsLeft(farItem)).isEqualTo(-1);
        assertThat(f.engine.accepted()).isEqualTo(4);
    }

    @Test
    void shouldHealWithAPotionUpToFullHealth() {
        Fixture f = new Fixture();
        long alice = f.player(100, 100);
        long bob = f.player(101, 100);
        f.give(bob, "potion", 2);
        f.engine.submit(alice, 1, -1, new ActionRequest.Attack(bob, Weapon.MELEE, 1, 0));
        f.resolve();
        f.engine.submit(bob, 1, -1, new ActionRequest.UseItem("potion"));
        f.resolve();
        assertThat(f.engine.health(bob)).isEqualTo(100);
        f.give(bob, "wood", 1);
        f.tick += 100;
        f.engine.submit(bob, 2, -1, new ActionRequest.UseItem("wood"));
        f.resolve();
        assertThat(f.engine.inventory(bob)).isEqualTo(Map.of("potion", 1));
    }

    @Test
    void shouldDropTheActionsOfPlayersItDoesNotKnow() {
        Fixture f = new Fixture();
        long alice = f.player(100, 100);
        f.engine.removePlayer(alice);
        f.engine.removePlayer(alice);
        f.engine.submit(alice, 1, -1, new ActionRequest.UseItem("potion"));

        assertThat(f.resolve()).isEmpty();
        assertThat(f.engine.checkMove(alice, 5, 1, true, 0, 0)).isNull();
        assertThat(f.engine.inventory(alice)).isEmpty();
        assertThat(f.engine.queued()).isZero();
    }

    @Test
    void shouldHandleMoreActionsAndEntitiesThanItsInitialCapacity() {
        Fixture f = new Fixture();
        List<Long> players = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            players.add(f.player(10 + 3 * (i % 300), 10 + 3 * (i / 300)));
        }
        List<Long> items = new ArrayList<>();
        for (int i = 0; i < 1200; i++) {
            items.add(f.item("gold", 10 + 0.8 * (i % 1000), 500 + (i / 1000)));
        }
        for (int i = 0; i < 300; i++) {
            long player = players.get(i);
            int slot = f.world.slotOf(player);
            f.world.moveTo(slot, f.world.x(f.world.slotOf(items.get(i))), 500);
            f.engine.submit(player, 1, -1, new ActionRequest.PickUp(items.get(i)));
        }
        f.record();

        assertThat(f.resolve()).hasSize(300).allMatch(Result::accepted);
        assertThat(f.engine.groups()).isEqualTo(300);
        assertThat(f.engine.contestedGroups()).isZero();
    }

    // ------------------------------------------------------------------ movement claims

    @Test
    void shouldAcceptHonestClaimsAndCatchSpeedTeleportAccelerationAndObstacles() {
        Fixture f = new Fixture();
        long alice = f.player(100, 100);
        int slot = f.world.slotOf(alice);
        f.world.obstacles().add(110, 90, 112, 110);
        // Honest: 0.25 m a tick at 5 m/s, the server a tick behind.
        for (int t = 1; t <= 10; t++) {
            f.world.moveTo(slot, 100 + 0.25 * (t - 1), 100);
            assertThat(f.engine.checkMove(alice, t, t - 1, true, 100 + 0.25 * t, 100)).as("tick %s", t).isNull();
        }
        // 1 m in a tick: 4x the speed limit (allowed 0.25 x 3 ticks x 1.25 = 0.94 m).
        assertThat(f.engine.checkMove(alice, 11, 10, true, 103.5, 100)).isEqualTo(ActionReason.SPEED);
        // After a rejection the next claim is compared with the server's position (102.25).
        assertThat(f.engine.checkMove(alice, 12, 11, true, 102.5, 100)).isNull();
        assertThat(f.engine.checkMove(alice, 13, 12, true, 150, 100)).isEqualTo(ActionReason.TELEPORT);
        assertThat(f.engine.checkMove(alice, 14, 13, true, 102.5, 100)).isNull();
        // A 0.9 m step (18 m/s) then its reversal: each within the distance allowed, the turn not.
        f.world.moveTo(slot, 102.5, 100);
        assertThat(f.engine.checkMove(alice, 15, 14, true, 102.5, 100.5)).isNull();
        assertThat(f.engine.checkMove(alice, 16, 15, true, 102.5, 99.6)).isEqualTo(ActionReason.ACCELERATION);
        // Through the rock at x 110-112.
        f.world.moveTo(slot, 109.6, 100);
        assertThat(f.engine.checkMove(alice, 40, 39, true, 109.7, 100)).isNull();
        f.world.moveTo(slot, 109.9, 100);
        assertThat(f.engine.checkMove(alice, 41, 40, true, 110.3, 100)).isEqualTo(ActionReason.OBSTACLE);
        assertThat(f.engine.checkMove(alice, 42, 50, true, 110.3, 100)).isEqualTo(ActionReason.INVALID_VIEW_TICK);
        assertThat(f.observed).contains("violation " + alice + " speed", "violation " + alice + " teleport",
            "violation " + alice + " acceleration", "violation " + alice + " obstacle");
    }

    @Test
    void shouldCatchAPlayerThatRunsSteadilyAheadOfTheServer() {
        Fixture f = new Fixture();
        long cheater = f.player(100, 100);
        int slot = f.world.slotOf(cheater);
        ActionReason first = null;
        int tick = 1;
        // The client moves at 1.5x the speed; the server at the speed limit.
        for (; tick <= 40 && first == null; tick++) {
            f.world.moveTo(slot, 100 + 0.25 * (tick - 1), 100);
            first = f.engine.checkMove(cheater, tick, tick - 1, true, 100 + 0.375 * tick, 100);
        }
        assertThat(first).isEqualTo(ActionReason.SPEED);
        assertThat(tick).as("caught within 2 s").isLessThan(40);
        assertThat(f.engine.checkMove(cheater, 100, 99, false, 0, 0)).isNull();
    }

    @Test
    void shouldCatchATeleportAsTheFirstClaim() {
        Fixture f = new Fixture();
        long cheater = f.player(100, 100);
        assertThat(f.engine.checkMove(cheater, 1, -1, true, 400, 400)).isEqualTo(ActionReason.TELEPORT);
        long honest = f.player(200, 200);
        assertThat(f.engine.checkMove(honest, 1, -1, true, 200.1, 200)).isNull();
    }

    // ------------------------------------------------------------------ optimistic concurrency

    @Test
    void shouldApplyAnUpdateOnlyAtTheVersionItWasReadAt() {
        Fixture f = new Fixture();
        long alice = f.player(100, 100);
        long v0 = f.engine.version(alice);
        assertThat(f.engine.update(alice, v0, "gold", 10)).isEqualTo(new UpdateResult(true, null, v0 + 1));
        assertThat(f.engine.update(alice, v0, "gold", 5)).isEqualTo(new UpdateResult(false, "version_conflict", v0 + 1));
        assertThat(f.engine.update(alice, v0 + 1, "gold", -11)).isEqualTo(new UpdateResult(false, "insufficient", v0 + 1));
        assertThat(f.engine.update(alice, v0 + 1, "gold", Integer.MAX_VALUE)).extracting(UpdateResult::code).isEqualTo("insufficient");
        assertThat(f.engine.update(alice, v0 + 1, "mithril", 1)).isEqualTo(new UpdateResult(false, "unknown_item", v0 + 1));
        assertThat(f.engine.update(424242, 0, "gold", 1)).isEqualTo(new UpdateResult(false, "unknown_entity", -1));
        assertThat(f.engine.inventory(alice)).isEqualTo(Map.of("gold", 10));
        assertThat(f.engine.version(424242)).isEqualTo(-1);
        assertThat(f.engine.health(424242)).isEqualTo(-1);
    }

    @Test
    void shouldRetryAConflictingUpdateWithTheCurrentVersion() {
        Fixture f = new Fixture();
        long alice = f.player(100, 100);
        f.give(alice, "gold", 1);
        // A service read version 0; the grant above moved it to 1; the retry carries 1 and succeeds.
        List<dev.ludus.sim.world.Command> submitted = new ArrayList<>();
        java.util.concurrent.CompletableFuture<UpdateResult> result = OptimisticUpdate.apply(command -> {
            submitted.add(command);
            var update = (dev.ludus.sim.world.Command.Update) command;
            update.reply().accept(f.engine.update(update.entityId(), update.expectedVersion(), update.item(), update.delta()));
        }, alice, 0, "gold", 50, 3);

        assertThat(result).isCompletedWithValue(new UpdateResult(true, null, 2));
        assertThat(submitted).hasSize(2);
        assertThat(f.engine.inventory(alice)).isEqualTo(Map.of("gold", 51));
    }

    @Test
    void shouldGiveUpAfterTheAttemptsAllowedAndRefuseBadArguments() {
        Fixture f = new Fixture();
        long alice = f.player(100, 100);
        List<Long> versions = new ArrayList<>();
        // Another writer changes the player before every attempt.
        java.util.concurrent.CompletableFuture<UpdateResult> result = OptimisticUpdate.apply(command -> {
            var update = (dev.ludus.sim.world.Command.Update) command;
            versions.add(update.expectedVersion());
            f.give(alice, "wood", 1);
            update.reply().accept(f.engine.update(update.entityId(), update.expectedVersion(), update.item(), update.delta()));
        }, alice, 0, "gold", 50, 2);

        assertThat(result).isCompletedWithValue(new UpdateResult(false, "version_conflict", 2));
        assertThat(versions).containsExactly(0L, 1L);
        assertThatThrownBy(() -> OptimisticUpdate.apply(c -> { }, alice, 0, "gold", 1, 0))
            .hasMessage("maxAttempts : 0 (expected: >= 1)");
    }

    // ------------------------------------------------------------------ registration and hashing

    @Test
    void shouldRestoreAReturningPlayersHealthWithinOneAndTheMaximumAndBumpItsVersion() {
        Fixture f = new Fixture();
        long alice = f.player(100, 100);
        long bob = f.player(110, 100);

        assertThat(f.engine.restoreHealth(alice, 37)).isTrue();
        assertThat(f.engine.restoreHealth(bob, 0)).isTrue();

        assertThat(f.engine.health(alice)).isEqualTo(37);
        assertThat(f.engine.health(bob)).as("never restored dead").isEqualTo(1);
        assertThat(f.engine.version(alice)).isEqualTo(1);
        assertThat(f.engine.changedPlayers()).containsExactly(alice, bob);
        assertThat(f.engine.restoreHealth(alice, 1_000)).isTrue();
        assertThat(f.engine.health(alice)).isEqualTo(100);
        assertThat(f.engine.restoreHealth(f.npc(5, 5), 50)).as("not a registered player").isFalse();
        assertThatThrownBy(() -> f.engine.restoreHealth(alice, -1)).hasMessage("healthPoints : -1 (expected: >= 0)");
    }

    @Test
    void shouldRefuseBadRegistrations() {
        Fixture f = new Fixture();
        long npc = f.npc(10, 10);
        assertThatThrownBy(() -> f.engine.addPlayer(npc, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> f.engine.addPlayer(99999, 0)).isInstanceOf(IllegalArgumentException.class);
        long player = f.world.id(f.world.spawn(EntityKind.PLAYER, 1, 1));
        assertThatThrownBy(() -> f.engine.addPlayer(player, -1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> f.engine.spawnItem("mithril", 1, 1))
            .hasMessage("item : \"mithril\" (expected: one of [gold, wood, ore, potion, arrow])");
        assertThatThrownBy(() -> f.engine.spawnResource("wood", 0, 1, 1)).hasMessage("amount : 0 (expected: >= 1)");
        ActionConfig deep = ActionConfig.reference(70_000, 5);
        assertThatThrownBy(() -> new ActionEngine(f.world, deep, 1)).hasMessage("maxRewindTicks : 70000 (expected: <= 65535)");
    }

    @Test
    void shouldHashTheGameStateSoReplaysCompareIt() {
        Fixture f = new Fixture();
        long alice = f.player(100, 100);
        f.item("gold", 50, 50);
        f.world.spawn(EntityKind.NPC, 60, 60);
        long before = f.engine.hash(17);
        assertThat(f.engine.hash(17)).isEqualTo(before);
        f.give(alice, "gold", 1);
        assertThat(f.engine.hash(17)).isNotEqualTo(before);
    }

    @Test
    void shouldSkipDespawnedSlotsWhenRecordingAFrame() {
        Fixture f = new Fixture();
        long npc = f.npc(10, 10);
        int slot = f.world.slotOf(npc);
        IntList list = new IntList(2);
        list.add(slot);
        f.world.despawn(slot);
        f.engine.recordFrame(1, List.of(list));
        long shooter = f.player(12, 10);
        f.engine.submit(shooter, 1, 1, new ActionRequest.Attack(npc, Weapon.RANGED, 1, 0));
        f.tick = 2;
        assertThat(f.resolve()).singleElement().extracting(Result::reason).isEqualTo(ActionReason.TARGET_GONE);
    }

    @Test
    void shouldFormOneInteractionGroupFromAChainOfTradesAndAnswerEveryOne() {
        Fixture f = new Fixture();
        List<Long> ring = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            ring.add(f.player(300 + 0.2 * i, 300));
        }
        for (long player : ring) {
            f.give(player, "wood", 1);
        }
        for (int i = 0; i < ring.size(); i++) {
            f.engine.submit(ring.get(i), 1, -1, new ActionRequest.Trade(ring.get((i + 1) % ring.size()), "wood", 1, "gold", 1));
            f.engine.submit(ring.get(i), 2, -1, new ActionRequest.UseItem("wood"));
        }

        assertThat(f.resolve()).hasSize(40);
        assertThat(f.engine.groups()).as("one ring, one group").isEqualTo(1);
        assertThat(f.engine.contestedGroups()).isEqualTo(1);
    }

    @Test
    void shouldWorkWithoutAnObserver() {
        World world = new World(CONFIG);
        ActionEngine engine = new ActionEngine(world, ActionConfig.reference(20, 5), 1);
        int shooterSlot = world.spawn(EntityKind.PLAYER, 100, 100);
        long shooter = world.id(shooterSlot);
        engine.addPlayer(shooter, 0);
        long a = world.id(world.spawn(EntityKind.NPC, 110, 100));
        long b = world.id(world.spawn(EntityKind.NPC, 100, 110));
        long node = world.id(engine.spawnResource("wood", 5, 101, 100));
        List<ActionReason> reasons = new ArrayList<>();
        engine.submit(shooter, 1, -1, new ActionRequest.Attack(a, Weapon.RANGED, 1, 0));
        engine.submit(shooter, 2, -1, new ActionRequest.Harvest(node));
        engine.submit(shooter, 3, -1, new ActionRequest.UseItem("potion"));
        engine.resolve(1, (p, seq, action, reason, detail, hit, damage) -> reasons.add(reason));
        engine.submit(shooter, 4, -1, new ActionRequest.Attack(b, Weapon.RANGED, 0, 1));
        engine.resolve(3, (p, seq, action, reason, detail, hit, damage) -> reasons.add(reason));

        assertThat(reasons).containsExactlyInAnyOrder(null, null, ActionReason.NOT_IN_INVENTORY, null);
        assertThat(engine.health(b)).isEqualTo(50);
    }

    @Test
    void shouldAnswerAShadowBannedPlayersShotsAsUsualButTakeNoHealth() {
        Fixture f = new Fixture();
        long cheater = f.player(100, 100);
        long victim = f.player(110, 100);
        f.record();
        assertThat(f.engine.shadowBan(cheater, true)).isTrue();
        assertThat(f.engine.shadowBan(777_777, true)).isFalse();
        f.engine.submit(cheater, 1, -1, new ActionRequest.Attack(victim, Weapon.RANGED, 1, 0));

        assertThat(f.resolve()).singleElement().extracting(Result::hit, Result::damage, Result::detail)
            .containsExactly(HitZone.HEAD, 50, "hit");
        assertThat(f.engine.health(victim)).isEqualTo(100);
        f.engine.shadowBan(cheater, false);
        f.tick += 10;
        f.engine.submit(cheater, 2, -1, new ActionRequest.Attack(victim, Weapon.RANGED, 1, 0));
        f.resolve();
        assertThat(f.engine.health(victim)).isEqualTo(50);
    }
}
