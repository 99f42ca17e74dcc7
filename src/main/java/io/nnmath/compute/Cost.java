package io.nnmath.compute;

/**
 * What one computation costs beyond its inputs, known from the shapes before it runs: the bytes it
 * allocates (results, intermediate states, scratch) and its multiply-adds (or element operations).
 * An upper bound, so that admitting by it never lets the live heap outgrow the budget.
 */
public record Cost(long bytes, long work) {

    public static final Cost NONE = new Cost(0, 0);

    public Cost {
        if (bytes < 0 || work < 0) {
            throw new IllegalArgumentException("a cost is never negative: " + bytes + " bytes, " + work + " work");
        }
    }

    /** The cost of {@code count} doubles and as many element operations. */
    public static Cost ofDoubles(long count) {
        return new Cost(Math.multiplyExact(Double.BYTES, count), count);
    }

    /** {@code count} doubles' worth of bytes, no work. */
    public static long doubleBytes(long count) {
        return Math.multiplyExact(Double.BYTES, count);
    }

    public Cost plus(Cost other) {
        return new Cost(Math.addExact(bytes, other.bytes), Math.addExact(work, other.work));
    }

    public Cost plusBytes(long more) {
        return new Cost(Math.addExact(bytes, more), work);
    }
}
