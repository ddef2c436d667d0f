package dev.ludus.testkit;

import dev.ludus.sim.world.WorldConfig;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The places synthetic players care about, drawn once from the population's seed: points of interest
 * for travellers (with Zipf popularity), homes for wanderers, and the hotspots of {@link Scenario#HOTSPOT}.
 * Immutable after construction.
 */
final class Landmarks {
    /** One point of interest per this many metres squared of world: 16 in a 1 km square. */
    static final double POI_SPACING_METRES = 250;
    static final int MIN_POIS = 3;
    static final int MAX_POIS = 64;
    /** Points of interest and homes stay this share of each extent away from the edges. */
    static final double EDGE_MARGIN_SHARE = 0.05;
    /** Battle radius as a share of the world's smaller extent, capped at {@link #MAX_BATTLE_RADIUS_METRES}. */
    static final double BATTLE_RADIUS_SHARE = 0.04;
    static final double MAX_BATTLE_RADIUS_METRES = 50;
    /** A market sprawls more than a battle. */
    static final double MARKET_RADIUS_FACTOR = 1.5;
    /** Share of flockers that go to the battle; the rest go to the market. */
    static final double BATTLE_SHARE = 0.6;
    /** Hotspot centres lie in the middle {@code 1 - 2 * this} of each extent. */
    static final double HOTSPOT_MARGIN_SHARE = 0.2;

    private final double widthMetres;
    private final double heightMetres;
    private final double[] poiX;
    private final double[] poiY;
    private final double[] poiCumulativeWeight;
    private final List<SyntheticPlayers.Hotspot> hotspots;

    Landmarks(WorldConfig config, Scenario scenario, SplittableRandom random) {
        widthMetres = config.widthMetres();
        heightMetres = config.heightMetres();
        int count = Math.clamp(Math.round(widthMetres * heightMetres / (POI_SPACING_METRES * POI_SPACING_METRES)),
            MIN_POIS, MAX_POIS);
        poiX = new double[count];
        poiY = new double[count];
        poiCumulativeWeight = new double[count];
        double total = 0;
        for (int i = 0; i < count; i++) {
            poiX[i] = inside(random, widthMetres, EDGE_MARGIN_SHARE);
            poiY[i] = inside(random, heightMetres, EDGE_MARGIN_SHARE);
            // Zipf (s = 1): the i-th most popular place is visited 1/i as often as the first.
            total += 1.0 / (i + 1);
            poiCumulativeWeight[i] = total;
        }
        hotspots = scenario == Scenario.HOTSPOT ? placeHotspots(random)
            : scenario == Scenario.PEAK ? placeHotspots(random).subList(0, 1) : List.of();
    }

    private List<SyntheticPlayers.Hotspot> placeHotspots(SplittableRandom random) {
        double battleRadius = Math.min(MAX_BATTLE_RADIUS_METRES,
            BATTLE_RADIUS_SHARE * Math.min(widthMetres, heightMetres));
        double marketRadius = battleRadius * MARKET_RADIUS_FACTOR;
        double battleX = inside(random, widthMetres, HOTSPOT_MARGIN_SHARE);
        double battleY = inside(random, heightMetres, HOTSPOT_MARGIN_SHARE);
        double marketX = 0;
        double marketY = 0;
        // Keep them apart so they are two crowds, not one; a world too small for that takes the last try.
        for (int attempt = 0; attempt < 64; attempt++) {
            marketX = inside(random, widthMetres, HOTSPOT_MARGIN_SHARE);
            marketY = inside(random, heightMetres, HOTSPOT_MARGIN_SHARE);
            if (Math.hypot(marketX - battleX, marketY - battleY) >= 2 * (battleRadius + marketRadius)) {
                break;
            }
        }
        return List.of(new SyntheticPlayers.Hotspot("battle", battleX, battleY, battleRadius),
            new SyntheticPlayers.Hotspot("market", marketX, marketY, marketRadius));
    }

    /** @return a uniform coordinate in {@code [margin * extent, (1 - margin) * extent]} */
    static double inside(SplittableRandom random, double extent, double marginShare) {
        return extent * (marginShare + (1 - 2 * marginShare) * random.nextDouble());
    }

    double widthMetres() {
        return widthMetres;
    }

    double heightMetres() {
        return heightMetres;
    }

    int pointsOfInterest() {
        return poiX.length;
    }

    double poiX(int poi) {
        return poiX[poi];
    }

    double poiY(int poi) {
        return poiY[poi];
    }

    /**
     * @param random  the caller's generator
     * @param current the point the caller is at, or -1
     * @return a point of interest other than {@code current}, drawn by popularity
     */
    int pickPointOfInterest(SplittableRandom random, int current) {
        double total = poiCumulativeWeight[poiCumulativeWeight.length - 1];
        for (int attempt = 0; attempt < 16; attempt++) {
            double draw = random.nextDouble() * total;
            int poi = 0;
            while (poi < poiCumulativeWeight.length - 1 && poiCumulativeWeight[poi] <= draw) {
                poi++;
            }
            if (poi != current) {
                return poi;
            }
        }
        return (current + 1) % poiX.length;
    }

    /** @return the hotspots, empty unless the scenario is {@link Scenario#HOTSPOT} */
    List<SyntheticPlayers.Hotspot> hotspots() {
        return hotspots;
    }

    /**
     * @param random the caller's generator
     * @return a hotspot, the battle with probability {@link #BATTLE_SHARE}
     * @throws IllegalStateException when there are no hotspots
     */
    SyntheticPlayers.Hotspot pickHotspot(SplittableRandom random) {
        if (hotspots.isEmpty()) {
            throw new IllegalStateException("no hotspots in this scenario");
        }
        return hotspots.get(hotspots.size() == 1 || random.nextDouble() < BATTLE_SHARE ? 0 : 1);
    }
}
