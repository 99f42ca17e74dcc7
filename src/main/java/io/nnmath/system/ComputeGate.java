package io.nnmath.system;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.nnmath.compute.Cost;
import io.nnmath.compute.Deadline;
import io.nnmath.compute.Kernels;
import io.nnmath.compute.NonFiniteResultException;
import io.nnmath.problem.RequestChecks;
import io.nnmath.tensor.NestedArray;
import io.nnmath.problem.ProblemException;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Every computation passes here, whichever protocol asked for it: its work is held to the work
 * limit (413), its memory is admitted against the budget ({@link Admission}: 503 when there is no
 * room now, 413 when it could never fit), and then it runs under the compute timer
 * {@code nnmath.compute} (the core only, no decoding or encoding), after
 * {@code nnmath.request.elements} has recorded how many numbers it takes.
 *
 * <p>Requests run on virtual threads, which share a carrier per core and are not preempted: a long
 * computation on one would stall every other request, and the health checks with them. So work
 * above {@link #OFFLOAD_WORK} runs on a platform thread of its own, one of as many as there are
 * cores (a request waits up to {@code nnmath.overload.max-wait} for one, then 503), while the
 * request's virtual thread parks; small work runs where it is, with no hand-over.
 *
 * <p>A transport thread may run small requests itself ({@link #withoutWaiting}): gRPC's event
 * loops do, since handing each call to a thread of its own cost more than the call. There, work
 * that would have to wait (for a compute thread or for room in the budget), take long or allocate
 * much throws {@link WouldWait} before it is admitted, and the adapter runs the request again
 * where it may wait.
 */
@Component
public class ComputeGate implements DisposableBean {

    /** The protocol a computation was asked for by, for the meters' {@code protocol} tag ({@code json} unless bound). */
    private static final ScopedValue<String> PROTOCOL = ScopedValue.newInstance();

    /** Runs {@code work}, whose computations are counted under {@code protocol}. */
    public static <T> T forProtocol(String protocol, Supplier<T> work) {
        return ScopedValue.where(PROTOCOL, protocol).call(work::get);
    }

    /** Bound while the caller runs on a transport thread that must neither wait nor compute for long. */
    private static final ScopedValue<Boolean> WITHOUT_WAITING = ScopedValue.newInstance();

    /**
     * Runs {@code work} on this (transport) thread only if its computations are small and admitted
     * at once; else {@link WouldWait} is thrown before they are admitted, and nothing of theirs is
     * counted, so that the caller can run the same request again on a thread that may wait.
     */
    public static <T, X extends Throwable> T withoutWaiting(ScopedValue.CallableOp<T, X> work) throws X {
        return ScopedValue.where(WITHOUT_WAITING, Boolean.TRUE).call(work);
    }

    /** A computation under {@link #withoutWaiting} that needs a thread that may wait; thrown before it is admitted. */
    public static final class WouldWait extends RuntimeException {
        private WouldWait() {
            super("this computation must run on a thread that may wait", null, false, false);
        }
    }

    private static final WouldWait WOULD_WAIT = new WouldWait();

    /**
     * The most a computation under {@link #withoutWaiting} may hold (its inputs, results and
     * answer, with {@link #OVERHEAD}): about a millisecond of encoding on the transport thread.
     */
    static final long INLINE_BYTES = 1 << 20;

    /** What a request holds besides its tensors: parsed objects, answer records, the writer's buffers. */
    static final long OVERHEAD = 64 * 1024;

    /** Work (multiply-adds or element operations) above which a computation runs on a compute thread: about a millisecond. */
    static final long OFFLOAD_WORK = 1 << 22;

    private final MeterRegistry registry;
    private final Admission admission;
    private final Limits limits;
    private final String kernel;
    private final Map<String, Timer> timers = new ConcurrentHashMap<>();
    private final Map<String, DistributionSummary> elements = new ConcurrentHashMap<>();
    private final OverloadProperties overload;
    private final int threads = Runtime.getRuntime().availableProcessors();
    private final Semaphore places = new Semaphore(threads, true);
    private final ExecutorService pool = Executors.newFixedThreadPool(threads,
            Thread.ofPlatform().name("nnmath-compute-", 1).daemon().factory());

    ComputeGate(MeterRegistry registry, Admission admission, Limits limits, OverloadProperties overload,
                Kernels kernels) {
        this.registry = registry;
        this.admission = admission;
        this.limits = limits;
        this.overload = overload;
        this.kernel = kernels.name();
        Gauge.builder("nnmath.compute.threads.busy", places, p -> threads - p.availablePermits())
                .description("Compute threads running a large computation").register(registry);
    }

    @Override
    public void destroy() {
        pool.shutdownNow();
    }

    /**
     * Runs {@code work} once it is admitted, and makes a result the core refuses as not a finite
     * double a 422 at the input it was computed from, {@code refusedAt} (the one place this mapping
     * happens). {@code inputs} is how many numbers the computation's
     * inputs hold (already in memory; the decoders' exact count of the request's numbers is used
     * instead where there is one), {@code cost} what the computation adds to them.
     */
    public <T> T run(Operation operation, NestedArray refusedAt, long inputs, Cost cost, Supplier<T> work) {
        try {
            return admitted(operation, inputs, cost, work);
        } catch (NonFiniteResultException e) {
            throw RequestChecks.notRepresentable(e, refusedAt);
        }
    }

    private <T> T admitted(Operation operation, long inputs, Cost cost, Supplier<T> work) {
        long counted = Admission.CURRENT.isBound() ? Admission.CURRENT.get().numbers() : 0;
        long numbers = counted > 0 ? counted : inputs;
        if (cost.work() > limits.maxWork()) {
            throw ProblemException.tooLarge("this request needs " + cost.work() + " multiply-adds; the limit is "
                    + limits.maxWork() + " (nnmath.limits.max-work). Send fewer rows, smaller layers or shorter "
                    + "sequences per request");
        }
        long bytes = OVERHEAD + Cost.doubleBytes(numbers) + cost.bytes();
        boolean offload = cost.work() > OFFLOAD_WORK;
        if (WITHOUT_WAITING.isBound() && (offload || bytes > INLINE_BYTES)) {
            throw WOULD_WAIT;
        }
        Supplier<T> placed = offload ? () -> onComputeThread(work) : work;
        if (Admission.CURRENT.isBound()) {
            admit(Admission.CURRENT.get(), bytes);
            return timed(operation, numbers, placed);
        }
        try (Admission.Reservation own = admission.open()) {
            admit(own, bytes);
            return timed(operation, numbers, placed);
        }
    }

    private static void admit(Admission.Reservation reservation, long bytes) {
        if (!WITHOUT_WAITING.isBound()) {
            reservation.admit(bytes);
        } else if (!reservation.admitNow(bytes)) {
            throw WOULD_WAIT;
        }
    }

    private <T> T onComputeThread(Supplier<T> work) {
        boolean placed = false;
        try {
            placed = places.tryAcquire(overload.maxWait().toNanos(), TimeUnit.NANOSECONDS);
            if (!placed) {
                throw ProblemException.overloaded("all " + threads + " compute threads stayed busy with large "
                        + "computations for " + overload.maxWait().toMillis() + " ms (nnmath.overload.max-wait); "
                        + "retry after the Retry-After seconds");
            }
            return pool.submit(Deadline.carried(work)::get).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ProblemException.overloaded("the request was interrupted while it waited for a compute thread");
        } catch (ExecutionException e) {
            switch (e.getCause()) {
                case RuntimeException r -> throw r;
                case Error r -> throw r;
                default -> throw new IllegalStateException(e.getCause());
            }
        } finally {
            if (placed) {
                places.release();
            }
        }
    }

    private <T> T timed(Operation op, long numbers, Supplier<T> work) {
        String operation = op.tag();
        String protocol = PROTOCOL.orElse("json");
        String key = operation + " " + protocol;
        elements.computeIfAbsent(key, k -> DistributionSummary.builder("nnmath.request.elements")
                .description("Numbers in one request").tag("operation", operation).tag("protocol", protocol)
                .publishPercentileHistogram().minimumExpectedValue(1.0).maximumExpectedValue(1e9)
                .register(registry)).record(numbers);
        Timer timer = timers.computeIfAbsent(key, k -> Timer.builder("nnmath.compute")
                .description("Time in the compute core, without decoding or encoding").tag("operation", operation)
                .tag("kernel", kernel).tag("protocol", protocol).publishPercentileHistogram().register(registry));
        long start = System.nanoTime();
        try {
            return work.get();
        } finally {
            timer.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        }
    }
}
