package dev.ludus.sim.schedule;

/**
 * The class of a unit of work, in the order the {@link Scheduler} serves them (DESIGN.md §5): every
 * ready task of a class runs before any task of a later class, whatever the priorities.
 */
public enum WorkClass {
    /** Player state updates and transactions: never deferred, runs even when it overruns the budget. */
    CRITICAL,
    /** Physics and AI near players. */
    INTERACTIVE,
    /** Everything else a player can see. */
    AMBIENT,
    /** Dormant cells, analytics: the first work shed when the budget is at risk. */
    BACKGROUND;

    private static final WorkClass[] VALUES = values();

    /**
     * @param ordinal an ordinal in {@code [0, 3]}
     * @return the class with that ordinal
     */
    static WorkClass of(int ordinal) {
        return VALUES[ordinal];
    }
}
