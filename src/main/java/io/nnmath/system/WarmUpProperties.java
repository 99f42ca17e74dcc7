package io.nnmath.system;

import java.time.Duration;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Warm-up before readiness ({@code nnmath.warmup.*}).
 *
 * @param enabled      whether the service warms its hot paths before it reports ready
 * @param maxTime      the time the warm-up may take in all; what is not steady by then is logged
 * @param steadyWithin a workload is warm once {@code steadyRounds} rounds in a row are within this
 *                     fraction of its fastest so far (the best median of three rounds in a row)
 * @param steadyRounds how many rounds in a row
 * @param exit         whether the process ends once warmed (status 0; a failed warm-up fails the
 *                     start as always): the training run of the JDK's AOT cache, which the JVM writes
 *                     at exit (Dockerfile, README "Warm start")
 */
@Validated
@ConfigurationProperties("nnmath.warmup")
public record WarmUpProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("20s") Duration maxTime,
        @DefaultValue("0.25") @DecimalMin("0.01") @DecimalMax("10") double steadyWithin,
        @DefaultValue("5") @Min(1) int steadyRounds,
        @DefaultValue("false") boolean exit) {
}
