package io.nnmath.system;

import java.time.Duration;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Admission ({@code nnmath.overload.*}): the memory that the requests in progress may hold, how
 * long one may wait for room, and the bounds on a body's arrival and a computation's time.
 *
 * @param memoryBudget    heap the requests in progress may hold at once (0: heapFraction of the maximum
 *                        heap, within what the start left free)
 * @param heapFraction    the share of the maximum heap that a budget of 0 means
 * @param maxWait         how long a parsed request may wait for room in the budget before it is answered 503
 * @param retryAfter      the Retry-After of every 503
 * @param computeDeadline how long one computation may run before it gives up (503)
 * @param minBodyRate     bytes per second below which a body is cut off (408), once bodyGrace has passed
 * @param bodyGrace       how long a body may arrive at any rate
 * @param bodyTimeout     how long a body may take to arrive in all (408)
 * @param bodyIdleTimeout how long a body may pause, no byte arriving, before it is cut off (408)
 */
@Validated
@ConfigurationProperties("nnmath.overload")
public record OverloadProperties(
        @DefaultValue("0B") DataSize memoryBudget,
        @DefaultValue("0.5") @DecimalMin("0.05") @DecimalMax("0.9") double heapFraction,
        @DefaultValue("2s") Duration maxWait,
        @DefaultValue("1s") Duration retryAfter,
        @DefaultValue("30s") Duration computeDeadline,
        @DefaultValue("32KB") DataSize minBodyRate,
        @DefaultValue("5s") Duration bodyGrace,
        @DefaultValue("60s") Duration bodyTimeout,
        @DefaultValue("5s") Duration bodyIdleTimeout) {

    /**
     * Heap a derived budget leaves to the collector beyond what the start left live, at least:
     * what a large request holds besides what it is charged for (its answer's buffers, the garbage
     * of its reading), and the free regions that the collector moves objects into.
     */
    static final long COLLECTOR_ROOM = 4 << 20;

    /** The least budget that a budget of 0 means, however little heap the start left free. */
    static final long MIN_DERIVED_BUDGET = 1 << 20;

    /** Whether the budget is derived from the heap (a budget of 0) rather than configured. */
    public boolean derivedBudget() {
        return memoryBudget.toBytes() <= 0;
    }

    /** The budget in bytes while the service starts: the configured one, else the heap fraction of the maximum heap. */
    public long memoryBudgetBytes() {
        return derivedBudget() ? (long) (Runtime.getRuntime().maxMemory() * heapFraction) : memoryBudget.toBytes();
    }

    /**
     * The budget in bytes once the service has started and {@code live} bytes of the heap of
     * {@code max} hold what it keeps: the configured one; else the heap fraction of the maximum
     * heap, but no more than the heap left free less the collector's room (a 16th of the maximum,
     * at least {@link #COLLECTOR_ROOM}), and at least {@link #MIN_DERIVED_BUDGET}. In a small heap
     * the fraction alone would admit requests that the heap cannot hold.
     */
    public long memoryBudgetBytes(long max, long live) {
        if (!derivedBudget()) {
            return memoryBudget.toBytes();
        }
        long free = max - live - Math.max(COLLECTOR_ROOM, max / 16);
        return Math.max(MIN_DERIVED_BUDGET, Math.min((long) (max * heapFraction), free));
    }

    /** The Retry-After header's value: whole seconds, at least 1. */
    public String retryAfterSeconds() {
        return Long.toString(Math.max(1, retryAfter.toSeconds()));
    }
}
