package io.nnmath.web;

import java.time.Duration;

import jakarta.validation.constraints.PositiveOrZero;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * The bulkhead ({@code nnmath.overload.*}): places shared by the API requests in progress, each
 * taking one per started {@code bytesPerPlace} of its body, so that small requests never queue
 * behind each other while large ones (whose JSON is where memory goes) run few at a time.
 *
 * @param places          places in all (0: 32 per available processor)
 * @param bytesPerPlace   body bytes per place; a body of unknown length (chunked) takes half the places
 * @param maxWait         how long a request may wait for its places before it is answered 503
 * @param retryAfter      the Retry-After of that 503, and of a computation past its deadline
 * @param computeDeadline how long one recurrent pass may compute before it gives up (503)
 */
@Validated
@ConfigurationProperties("nnmath.overload")
public record OverloadProperties(
        @DefaultValue("0") @PositiveOrZero int places,
        @DefaultValue("512KB") DataSize bytesPerPlace,
        @DefaultValue("2s") Duration maxWait,
        @DefaultValue("1s") Duration retryAfter,
        @DefaultValue("30s") Duration computeDeadline) {

    /** The number of places, resolving 0 to 32 per processor this JVM may use. */
    public int placesInAll() {
        return places > 0 ? places : 32 * Runtime.getRuntime().availableProcessors();
    }

    /** The places a request with this Content-Length takes (-1: unknown, a chunked body). */
    public int placesFor(long contentLength) {
        int all = placesInAll();
        if (contentLength < 0) {
            return Math.max(1, all / 2);
        }
        return (int) Math.min(all, 1 + contentLength / Math.max(1, bytesPerPlace.toBytes()));
    }
}
