package io.nnmath.compute;

import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The moment after which a long computation gives up, checked between its steps; and, where the
 * caller has bound one ({@link #CALLER_GONE}), the caller's own end, such as a gRPC client whose
 * deadline passed or who cancelled: there is nobody left to answer.
 */
public record Deadline(long nanoTime, long allowedNanos, BooleanSupplier callerGone) {

    /** Whether the caller of the computations in this scope has gone; unbound: it waits for the answer. */
    public static final ScopedValue<BooleanSupplier> CALLER_GONE = ScopedValue.newInstance();

    /** A deadline {@code nanos} from now; Long.MAX_VALUE for none. */
    public static Deadline in(long nanos) {
        long now = System.nanoTime();
        return new Deadline(nanos == Long.MAX_VALUE ? Long.MAX_VALUE : now + nanos, nanos, CALLER_GONE.isBound() ? CALLER_GONE.get() : null);
    }

    /** {@code work} with this thread's {@link #CALLER_GONE}, to run on another thread. */
    public static <T> Supplier<T> carried(Supplier<T> work) {
        if (!CALLER_GONE.isBound()) {
            return work;
        }
        BooleanSupplier gone = CALLER_GONE.get();
        return () -> ScopedValue.where(CALLER_GONE, gone).call(work::get);
    }

    /**
     * @throws DeadlineExceededException once the deadline has passed
     * @throws CallerGoneException       once the caller has gone
     */
    public void check() {
        if (nanoTime != Long.MAX_VALUE && System.nanoTime() - nanoTime > 0) {
            throw new DeadlineExceededException(allowedNanos);
        }
        if (callerGone != null && callerGone.getAsBoolean()) {
            throw new CallerGoneException();
        }
    }

    /** A computation ran past its deadline. */
    public static final class DeadlineExceededException extends RuntimeException {
        public DeadlineExceededException(long allowedNanos) {
            super("the computation took longer than " + allowedNanos / 1_000_000 + " ms", null, false, false);
        }
    }

    /** A computation stopped because its caller no longer waits for it. */
    public static final class CallerGoneException extends RuntimeException {
        public CallerGoneException() {
            super("the computation stopped: its caller's deadline passed, or the caller cancelled", null, false, false);
        }
    }
}
