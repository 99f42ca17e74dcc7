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
 * @param memoryBudget    heap the requests in progress may hold at once (0: heapFraction of the maximum heap)
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

    /** The budget in bytes, resolving 0 to the heap fraction of this JVM's maximum heap. */
    public long memoryBudgetBytes() {
        long configured = memoryBudget.toBytes();
        return configured > 0 ? configured : (long) (Runtime.getRuntime().maxMemory() * heapFraction);
    }

    /** The Retry-After header's value: whole seconds, at least 1. */
    public String retryAfterSeconds() {
        return Long.toString(Math.max(1, retryAfter.toSeconds()));
    }
}
