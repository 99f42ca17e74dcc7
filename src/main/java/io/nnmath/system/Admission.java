package io.nnmath.system;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.nnmath.problem.ProblemException;

import org.springframework.stereotype.Component;

/**
 * Admission by cost, in two steps, against one {@link MemoryBudget}. While a body is read, the
 * request holds the memory of what has arrived and of the arrays it has been parsed into (taken at
 * once, or the request is shed with 503). Once it is parsed, the compute gate knows its cost from
 * the shapes and resizes the request's {@link Reservation} to it, waiting a moment for room
 * (503 when there is none, 413 when it could never fit). Everything is given back when the answer
 * has been written, so that an answer held by a slow reader still counts.
 * <p>
 * A budget of 0 is the heap fraction of the maximum heap, and once the service has started (the
 * last step before readiness, after the warm-up) no more than what the start left free: in a
 * small heap, half of it would admit requests that the heap cannot hold ({@link HeapAtStart}).
 * <p>
 * The decoders call the static methods, and nothing of Spring's is in this class's signature, so
 * that the codecs also run without Spring (CodecBenchmark).
 */
@Component
public class Admission {

    /** The reservation of the request in progress on this thread, where there is one. */
    static final ScopedValue<Reservation> CURRENT = ScopedValue.newInstance();

    /** Bytes a reservation takes from the budget at a time, so that small requests touch it once. */
    static final long CHUNK = 64 * 1024;

    private final MemoryBudget budget;
    private final OverloadProperties properties;

    Admission(OverloadProperties properties, MeterRegistry registry) {
        this.properties = properties;
        this.budget = new MemoryBudget(properties.memoryBudgetBytes());
        Gauge.builder("nnmath.admission.memory.used", budget, MemoryBudget::used).baseUnit("bytes")
                .description("Heap held by the requests in progress (their bodies, inputs, results and answers)")
                .register(registry);
        Gauge.builder("nnmath.admission.memory.budget", budget, MemoryBudget::capacity).baseUnit("bytes")
                .description("Heap the requests in progress may hold at once (nnmath.overload.memory-budget)")
                .register(registry);
    }

    public MemoryBudget budget() {
        return budget;
    }

    /** A new, empty reservation; close it when the request's answer has been written. */
    public Reservation open() {
        return new Reservation();
    }

    /**
     * Runs {@code work} as a request that holds {@code reservation}: what it charges is charged
     * there (the servlet filter does this for HTTP; other transports' adapters call this).
     */
    public static <T, X extends Throwable> T within(Reservation reservation, ScopedValue.CallableOp<T, X> work) throws X {
        return ScopedValue.where(CURRENT, reservation).call(work);
    }

    /** Charges {@code bytes} to the current request's reservation (nothing outside a request). */
    public static void charge(long bytes) {
        if (CURRENT.isBound()) {
            CURRENT.get().charge(bytes);
        }
    }

    /** Counts {@code numbers} that the current request's tensors hold, as a decoder read them. */
    public static void countNumbers(long numbers) {
        if (CURRENT.isBound()) {
            CURRENT.get().numbers += numbers;
        }
    }

    /** Takes back {@code bytes} that the current request no longer holds (an array it has replaced). */
    public static void uncharge(long bytes) {
        if (CURRENT.isBound()) {
            CURRENT.get().uncharge(bytes);
        }
    }

    public static long megabytes(long bytes) {
        return (bytes + (1 << 20) - 1) >> 20;
    }

    /** What one request holds of the budget. Used by one thread at a time. */
    public final class Reservation implements AutoCloseable {
        private long held;
        private long charged;
        private long numbers;

        private Reservation() {
        }

        /**
         * Adds {@code bytes} that the request now holds, or sheds it: 503 when the budget has no
         * room now, 413 when the request alone holds more than all of it.
         */
        public void charge(long bytes) {
            charged += bytes;
            if (charged <= held) {
                return;
            }
            if (charged > budget.capacity()) {
                charged -= bytes;
                throw ProblemException.tooLarge("what this request holds as it is read (its numbers and strings) "
                        + "is over the service's memory budget of " + megabytes(budget.capacity()) + " MB "
                        + "(nnmath.overload.memory-budget); send fewer numbers per request");
            }
            long missing = charged - held;
            long take = Math.max(missing, CHUNK);
            if (budget.tryTake(take)) {
                held += take;
            } else if (budget.tryTake(missing)) {
                held += missing;
            } else {
                charged -= bytes;
                throw ProblemException.overloaded("the requests in progress hold the service's memory budget of "
                        + megabytes(budget.capacity()) + " MB (nnmath.overload.memory-budget); retry after the "
                        + "Retry-After seconds");
            }
        }

        /** The request no longer holds {@code bytes}; the room stays reserved until {@link #admit}. */
        public void uncharge(long bytes) {
            charged = Math.max(0, charged - bytes);
        }

        /**
         * Makes the reservation exactly what the request will hold until its answer is written,
         * waiting up to {@code nanos} for room.
         */
        public void admit(long bytes) {
            if (!admit(bytes, properties.maxWait().toNanos())) {
                throw ProblemException.overloaded("this request needs about " + megabytes(bytes) + " MB of memory "
                        + "and the requests in progress left no room in the budget of "
                        + megabytes(budget.capacity()) + " MB for " + properties.maxWait().toMillis()
                        + " ms (nnmath.overload.memory-budget); retry after the Retry-After seconds");
            }
        }

        /**
         * As {@link #admit(long)}, but without waiting: answers false, and leaves the reservation as
         * it was, when the budget has no room now.
         */
        public boolean admitNow(long bytes) {
            return admit(bytes, 0);
        }

        private boolean admit(long bytes, long nanos) {
            if (bytes > budget.capacity()) {
                throw ProblemException.tooLarge("this request needs about " + megabytes(bytes) + " MB of memory for "
                        + "its inputs, results and intermediate states; the service admits at most "
                        + megabytes(budget.capacity()) + " MB at once (nnmath.overload.memory-budget). Send fewer "
                        + "rows, fewer classes or shorter sequences per request");
            }
            if (bytes > held) {
                boolean taken;
                try {
                    taken = budget.take(bytes - held, nanos);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    taken = false;
                }
                if (!taken) {
                    return false;
                }
                held = bytes;
            } else if (held - bytes > CHUNK) {
                budget.give(held - bytes);
                held = bytes;
            }
            charged = bytes;
            return true;
        }

        /** The numbers the request's tensors hold, as its decoders counted them (0: none counted). */
        public long numbers() {
            return numbers;
        }

        @Override
        public void close() {
            budget.give(held);
            held = 0;
            charged = 0;
        }
    }
}
