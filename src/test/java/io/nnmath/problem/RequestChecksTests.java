package io.nnmath.problem;

import java.util.Arrays;
import java.util.List;

import io.nnmath.compute.CrossEntropy;
import io.nnmath.compute.DenseNetwork;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The request checks that every protocol's adapters share are plain static code: tested here
 * directly, without a server (the HTTP tests check how their answers are rendered).
 */
class RequestChecksTests {

    static void refused(Executable check, ProblemType type, String pointer, String says) {
        assertThatThrownBy(check::execute).isInstanceOfSatisfying(ProblemException.class, e -> {
            assertThat(e.type()).isEqualTo(type);
            assertThat(e.errors()).isNotEmpty();
            assertThat(e.errors().getFirst().pointer()).isEqualTo(pointer);
            assertThat(e.getMessage()).startsWith(pointer).contains(says);
        });
    }

    @Test
    void temperatureIsOneByDefaultAndMustBeANormalPositiveDouble() {
        assertThat(RequestChecks.temperature(null, "/temperature")).isEqualTo(1);
        assertThat(RequestChecks.temperature(0.5, "/temperature")).isEqualTo(0.5);
        for (double bad : new double[] {0, -1, Double.MIN_VALUE, Double.NaN, Double.POSITIVE_INFINITY}) {
            refused(() -> RequestChecks.temperature(bad, "/temperature"), ProblemType.INVALID_VALUE, "/temperature",
                    "smallest normal double");
        }
    }

    @Test
    void classNamesNeedOneNamePerClassAndNoNull() {
        assertThat(RequestChecks.classNames(null, 3, "/classNames")).isNull();
        assertThat(RequestChecks.classNames(List.of("a", "b"), 2, "/classNames")).containsExactly("a", "b");
        refused(() -> RequestChecks.classNames(List.of("a"), 2, "/classNames"), ProblemType.SHAPE_MISMATCH,
                "/classNames", "one name per class");
        refused(() -> RequestChecks.classNames(Arrays.asList("a", null), 2, "/classNames"), ProblemType.WRONG_TYPE,
                "/classNames/1", "not null");
    }

    @Test
    void exactlyOneOfTwoAlternatives() {
        assertThat(RequestChecks.exactlyOne("x", "/logits", null, "/probabilities")).isEqualTo("x");
        refused(() -> RequestChecks.exactlyOne("x", "/logits", "y", "/probabilities"), ProblemType.INVALID_VALUE,
                "/probabilities", "cannot be sent with /logits");
        refused(() -> RequestChecks.exactlyOne(null, "/logits", null, "/probabilities"), ProblemType.INVALID_VALUE,
                "/logits", "is required (or /probabilities)");
    }

    @Test
    void rangesAndOptions() {
        assertThat(RequestChecks.inRange(null, 0, 0, 1, "/labelSmoothing")).isZero();
        refused(() -> RequestChecks.inRange(1.0, 0, 0, 1, "/labelSmoothing"), ProblemType.INVALID_VALUE,
                "/labelSmoothing", "below 1");
        assertThat(RequestChecks.option(null, "/reduction", CrossEntropy.Reduction.MEAN))
                .isEqualTo(CrossEntropy.Reduction.MEAN);
        assertThat(RequestChecks.option("sum", "/reduction", CrossEntropy.Reduction.MEAN))
                .isEqualTo(CrossEntropy.Reduction.SUM);
        refused(() -> RequestChecks.option("SUM", "/reduction", CrossEntropy.Reduction.MEAN), ProblemType.INVALID_VALUE,
                "/reduction", "mean, sum, none");
        refused(() -> RequestChecks.option("none", "/reduction", CrossEntropy.Reduction.MEAN,
                CrossEntropy.Reduction.MEAN, CrossEntropy.Reduction.SUM), ProblemType.INVALID_VALUE, "/reduction",
                "mean, sum");
        assertThat(RequestChecks.option("tanh", "/layers/0/activation", DenseNetwork.Activation.IDENTITY))
                .isEqualTo(DenseNetwork.Activation.TANH);
    }

    @Test
    void layersArePresentWithinTheLimitAndNotNull() {
        refused(() -> RequestChecks.layers(null, 2), ProblemType.INVALID_VALUE, "/layers", "is required");
        refused(() -> RequestChecks.layers(List.of(), 2), ProblemType.INVALID_VALUE, "/layers", "at least one layer");
        refused(() -> RequestChecks.layers(Arrays.asList("a", null), 2), ProblemType.WRONG_TYPE, "/layers/1", "null");
        assertThatThrownBy(() -> RequestChecks.layers(List.of("a", "b", "c"), 2))
                .isInstanceOfSatisfying(ProblemException.class, e -> {
                    assertThat(e.type()).isEqualTo(ProblemType.LIMIT_EXCEEDED);
                    assertThat(e.getMessage()).contains("nnmath.limits.max-layers");
                });
    }
}
