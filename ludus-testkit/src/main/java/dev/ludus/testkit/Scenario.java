package dev.ludus.testkit;

import java.util.Locale;

/**
 * A shape of play for {@link SyntheticPlayers}: who is online when, and what they do.
 *
 * <p>Every scenario logs its players in over the first {@value #LOGIN_RAMP_SECONDS} s (so that a
 * world of 5,000 sees about 25 joins per 20 Hz tick rather than 5,000 in one) and gives each player a
 * base behaviour: half {@link Behaviour#WANDER}, half {@link Behaviour#TRAVEL}. Times are simulated
 * seconds counted from the first {@link SyntheticPlayers#tick(long, java.util.List)} call.
 */
public enum Scenario {
    /** Players log in during the ramp and stay; wanderers and travellers spread over the world. */
    STEADY,
    /**
     * The steady base, plus a share of players that grows linearly from 0 at the end of the login
     * ramp to {@value #FLOCK_SHARE} of the population {@value #FLOCK_GROWTH_SECONDS} s later, who turn
     * to {@link Behaviour#FLOCK}: they travel to one of two hotspots (a battle, a market) and mill
     * around inside it, so density concentrates there.
     */
    HOTSPOT,
    /**
     * Players log in and out in waves: the online share follows a sinusoid between
     * {@value #WAVE_LOW_SHARE} and 1 of the population with a period of {@value #WAVE_PERIOD_SECONDS} s
     * (a day of peaks and troughs compressed into minutes, starting at a trough), and even at a steady
     * level players churn: membership rotates through the whole population every
     * {@value #CHURN_PERIOD_SECONDS} s, so some log out while as many others log in.
     */
    INFLUX,
    /**
     * Peak (issue 4): {@value #PEAK_BASE_SHARE} of the population logs in during the ramp and spreads
     * over the world as in {@link #STEADY} (a loaded world); then, {@value #PEAK_START_SECONDS} s after
     * the start, the rest arrive within {@value #PEAK_RAMP_SECONDS} s at one hotspot, the battle (as a
     * raid through a portal would: they join at the battle's centre) and mill around inside it.
     */
    PEAK;

    /** {@link #PEAK}: share of the population online before the influx. */
    public static final double PEAK_BASE_SHARE = 0.8;
    /** {@link #PEAK}: seconds from the start to the influx. */
    public static final double PEAK_START_SECONDS = 30;
    /** {@link #PEAK}: seconds over which the influx logs in. */
    public static final double PEAK_RAMP_SECONDS = 5;

    /** Seconds over which a scenario's first players log in. */
    public static final double LOGIN_RAMP_SECONDS = 10;
    /** {@link #HOTSPOT}: final share of the population that flocks. */
    public static final double FLOCK_SHARE = 0.7;
    /** {@link #HOTSPOT}: seconds, after the login ramp, over which the flocking share grows to its final value. */
    public static final double FLOCK_GROWTH_SECONDS = 180;
    /** {@link #INFLUX}: seconds from one trough of the online population to the next. */
    public static final double WAVE_PERIOD_SECONDS = 120;
    /** {@link #INFLUX}: online share at a trough. */
    public static final double WAVE_LOW_SHARE = 0.1;
    /** {@link #INFLUX}: seconds in which the churn rotation passes over the whole population once. */
    public static final double CHURN_PERIOD_SECONDS = 300;

    /** @return the lower-case name used on the command line: {@code steady}, {@code hotspot}, {@code influx}, {@code peak} */
    public String cliName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Reads a scenario from its name, ignoring case.
     *
     * @param name {@code steady}, {@code hotspot}, {@code influx} or {@code peak}
     * @return the scenario
     * @throws IllegalArgumentException naming the value and the valid names, e.g.
     *     {@code --scenario : "foo" (expected: steady, hotspot, influx or peak)}
     */
    public static Scenario parse(String name) {
        if (name != null) {
            for (Scenario scenario : values()) {
                if (scenario.cliName().equalsIgnoreCase(name)) {
                    return scenario;
                }
            }
        }
        StringBuilder expected = new StringBuilder();
        Scenario[] all = values();
        for (int i = 0; i < all.length; i++) {
            if (i > 0) {
                expected.append(i == all.length - 1 ? " or " : ", ");
            }
            expected.append(all[i].cliName());
        }
        String shown = name == null ? "null" : "\"" + name + "\"";
        throw new IllegalArgumentException("--scenario : " + shown + " (expected: " + expected + ")");
    }

    /**
     * @param place a player's place in {@code [0, 1)}
     * @return whether that player joins at the battle hotspot's centre rather than in the spawn area
     */
    boolean arrivesAtHotspot(double place) {
        return this == PEAK && place >= PEAK_BASE_SHARE;
    }

    /**
     * @param seconds simulated seconds since the start, {@code >= 0}
     * @return the share of the population that should be online, 0 to 1
     */
    double onlineShare(double seconds) {
        double ramp = Math.min(1, seconds / LOGIN_RAMP_SECONDS);
        if (this == PEAK) {
            double influx = Math.clamp((seconds - PEAK_START_SECONDS) / PEAK_RAMP_SECONDS, 0, 1);
            return ramp * PEAK_BASE_SHARE + (1 - PEAK_BASE_SHARE) * influx;
        }
        if (this != INFLUX) {
            return ramp;
        }
        double wave = (1 - Math.cos(2 * Math.PI * seconds / WAVE_PERIOD_SECONDS)) / 2;
        return ramp * (WAVE_LOW_SHARE + (1 - WAVE_LOW_SHARE) * wave);
    }

    /**
     * Players have a fixed place in {@code [0, 1)}; they are wanted online while
     * {@code frac(place + rotation) < onlineShare}. A rotation that grows with time makes membership
     * churn at a constant online level.
     *
     * @param seconds simulated seconds since the start, {@code >= 0}
     * @return the rotation to add to every player's place
     */
    double churnRotation(double seconds) {
        return this == INFLUX ? seconds / CHURN_PERIOD_SECONDS : 0;
    }

    /**
     * @param place a player's uniform draw in {@code [0, 1)}
     * @return seconds after the start at which that player turns to flocking, or infinity if never
     */
    double flockStartSeconds(double place) {
        if (this == PEAK) {
            return place >= PEAK_BASE_SHARE ? PEAK_START_SECONDS : Double.POSITIVE_INFINITY;
        }
        if (this != HOTSPOT || place >= FLOCK_SHARE) {
            return Double.POSITIVE_INFINITY;
        }
        return LOGIN_RAMP_SECONDS + place / FLOCK_SHARE * FLOCK_GROWTH_SECONDS;
    }
}
