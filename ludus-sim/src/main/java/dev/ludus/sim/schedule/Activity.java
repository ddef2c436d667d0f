package dev.ludus.sim.schedule;

/**
 * What the players near a unit of work are doing, as a term of its {@link Priority}: combat over
 * trading over idle (DESIGN.md §5, issue 4). The weights are Ludus' own choice: each step is larger
 * than the premium term, so at equal player counts the activity decides before premium status does.
 */
public enum Activity {
    /** Fighting: a late hit or a late death is the worst thing a player can see. */
    COMBAT(16),
    /** Trading, crafting, talking to NPCs: a late answer is felt, a late frame less so. */
    TRADING(8),
    /** Standing, walking where nothing happens, or no player at all. */
    IDLE(0);

    private final int levels;

    Activity(int levels) {
        this.levels = levels;
    }

    /** @return the priority levels this activity adds, in {@code [0, 16]} */
    public int levels() {
        return levels;
    }
}
