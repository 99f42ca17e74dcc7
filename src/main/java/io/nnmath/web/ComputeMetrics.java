package io.nnmath.web;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.nnmath.compute.Kernels;

import org.springframework.stereotype.Component;

/**
 * The compute timer {@code nnmath.compute} (around the core only, no JSON) and the summary
 * {@code nnmath.request.elements}, both tagged by operation; the timer also by kernel.
 */
@Component
public class ComputeMetrics {

    private final MeterRegistry registry;
    private final String kernel;
    private final Map<String, Timer> timers = new ConcurrentHashMap<>();
    private final Map<String, DistributionSummary> elements = new ConcurrentHashMap<>();

    ComputeMetrics(MeterRegistry registry, Kernels kernels) {
        this.registry = registry;
        this.kernel = kernels.name();
    }

    /** Runs {@code work}, timing it under {@code operation}, after recording how many numbers it takes. */
    public <T> T time(String operation, long numbers, Supplier<T> work) {
        elements.computeIfAbsent(operation, op -> DistributionSummary.builder("nnmath.request.elements")
                .description("Numbers in one request").tag("operation", op)
                .publishPercentileHistogram().minimumExpectedValue(1.0).maximumExpectedValue(1e9)
                .register(registry)).record(numbers);
        Timer timer = timers.computeIfAbsent(operation, op -> Timer.builder("nnmath.compute")
                .description("Time in the compute core, without JSON").tag("operation", op).tag("kernel", kernel)
                .publishPercentileHistogram().register(registry));
        long start = System.nanoTime();
        try {
            return work.get();
        } finally {
            timer.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        }
    }
}
