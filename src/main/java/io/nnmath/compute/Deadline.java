package io.nnmath.compute;

/** The moment after which a long computation gives up, checked between its steps. */
public record Deadline(long nanoTime, long allowedNanos) {

    /** A deadline {@code nanos} from now; Long.MAX_VALUE for none. */
    public static Deadline in(long nanos) {
        long now = System.nanoTime();
        return new Deadline(nanos == Long.MAX_VALUE ? Long.MAX_VALUE : now + nanos, nanos);
    }

    /** @throws DeadlineExceededException once the deadline has passed */
    public void check() {
        if (nanoTime != Long.MAX_VALUE && System.nanoTime() - nanoTime > 0) {
            throw new DeadlineExceededException(allowedNanos);
        }
    }

    /** A computation ran past its deadline. */
    public static final class DeadlineExceededException extends RuntimeException {
        public DeadlineExceededException(long allowedNanos) {
            super("the computation took longer than " + allowedNanos / 1_000_000 + " ms", null, false, false);
        }
    }
}
