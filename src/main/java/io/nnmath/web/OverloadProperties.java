package io.nnmath.web;

import java.time.Duration;

import jakarta.validation.constraints.PositiveOrZero;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The compute bulkhead ({@code nnmath.overload.*}).
 *
 * @param maxConcurrent API requests handled at once, reading and writing their JSON included
 *                      (0: one per available processor)
 * @param maxWait       how long a request may wait for a place before it is answered 503
 * @param retryAfter    the Retry-After of that 503, and of a computation past its deadline
 * @param computeDeadline how long one recurrent pass may compute before it gives up (503)
 */
@Validated
@ConfigurationProperties("nnmath.overload")
public record OverloadProperties(
        @DefaultValue("0") @PositiveOrZero int maxConcurrent,
        @DefaultValue("2s") Duration maxWait,
        @DefaultValue("1s") Duration retryAfter,
        @DefaultValue("30s") Duration computeDeadline) {

    /** The number of places, resolving 0 to the processors this JVM may use. */
    public int places() {
        return maxConcurrent > 0 ? maxConcurrent : Runtime.getRuntime().availableProcessors();
    }
}
