package io.reflex.orquesta;

/**
 * A join barrier: {@code join: all} waits for every inbound transition, {@code join: N} for N of them.
 *
 * @param all whether every inbound transition must arrive
 * @param count how many must arrive when not {@code all}
 */
public record Join(boolean all, int count) {
    public static final Join ALL = new Join(true, 0);

    public Join {
        if (count < 0 || (all && count != 0)) {
            throw new IllegalArgumentException("a join is all, or a count >= 0: all=" + all + " count=" + count);
        }
    }

    public static Join of(int count) {
        return new Join(false, count);
    }

    /** How many inbound transitions release the barrier, given {@code inbound} of them exist. */
    public int required(int inbound) {
        return all ? inbound : count;
    }
}
