package dev.ludus.sim.anticheat;

/** What the game does about a player, from the mildest to the strongest. */
public enum Sanction {
    /** Nothing: the player looks human. */
    NONE,
    /** Recorded for review; play goes on. */
    FLAG,
    /** Removed from the match. */
    KICK,
    /** Kept playing, matched only with other shadow-banned players. */
    SHADOW_BAN
}
