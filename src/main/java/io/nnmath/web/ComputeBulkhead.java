package io.nnmath.web;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import tools.jackson.databind.json.JsonMapper;

/**
 * A bulkhead around every API request (POST), its JSON included, because reading a large body is
 * where its memory goes. The places are sized to the cores; a request takes one per started
 * 512 KiB of its body (OverloadProperties#placesFor), so a burst of small requests never queues,
 * while large ones run few at a time. A request that finds no room within the short wait is
 * answered 503 with Retry-After, so that an overloaded service sheds load instead of running out
 * of memory or time. Fair, so that a large request is not starved by a stream of small ones.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
class ComputeBulkhead extends OncePerRequestFilter {

    private final Semaphore places;
    private final OverloadProperties properties;
    private final MeterRegistry registry;
    private final JsonMapper json;

    ComputeBulkhead(OverloadProperties properties, MeterRegistry registry, JsonMapper json) {
        this.properties = properties;
        this.places = new Semaphore(properties.placesInAll(), true);
        this.registry = registry;
        this.json = json;
        Gauge.builder("nnmath.bulkhead.in.use", places, p -> properties.placesInAll() - p.availablePermits())
                .description("Bulkhead places taken by the API requests in progress").register(registry);
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !"POST".equals(request.getMethod());
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        int needed = properties.placesFor(request.getContentLengthLong());
        boolean admitted;
        try {
            admitted = places.tryAcquire(needed, properties.maxWait().toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            admitted = false;
        }
        if (!admitted) {
            overloaded(response);
            return;
        }
        try {
            chain.doFilter(request, response);
        } finally {
            places.release(needed);
        }
    }

    private void overloaded(HttpServletResponse response) throws IOException {
        Problem.count(registry, ProblemType.OVERLOADED);
        response.setStatus(ProblemType.OVERLOADED.status().value());
        response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, properties.retryAfter().toSeconds())));
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        json.writeValue(response.getOutputStream(), Problem.of(ProblemType.OVERLOADED,
                "the bulkhead's " + properties.placesInAll() + " places (nnmath.overload.places) stayed busy for "
                        + properties.maxWait().toMillis() + " ms; retry after the Retry-After seconds", List.of()));
    }
}
