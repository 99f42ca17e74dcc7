package io.nnmath.system;

import java.time.Duration;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.nnmath.problem.ProblemException;

import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The budget that 0 means: the heap fraction of the maximum heap, but in a small heap only what
 * the start left free less the collector's room; a configured budget is taken as it is. And a
 * request that alone holds more than the budget as it is read is a 413, not a 503 to retry.
 */
class MemoryBudgetTests {

    static final long MB = 1 << 20;

    static OverloadProperties overload(DataSize budget) {
        return new OverloadProperties(budget, 0.5, Duration.ofMillis(10), Duration.ofSeconds(1),
                Duration.ofSeconds(30), DataSize.ofKilobytes(32), Duration.ofSeconds(5), Duration.ofSeconds(60),
                Duration.ofSeconds(5));
    }

    @Test
    void aLargeHeapGetsItsFraction() {
        assertThat(overload(DataSize.ofBytes(0)).memoryBudgetBytes(256 * MB, 30 * MB)).isEqualTo(128 * MB);
        assertThat(overload(DataSize.ofBytes(0)).memoryBudgetBytes(4096 * MB, 30 * MB)).isEqualTo(2048 * MB);
    }

    @Test
    void aSmallHeapGetsWhatTheStartLeftFreeLessTheCollectorsRoom() {
        // 48 MB with 27 MB live: 21 MB free, 4 MB of it the collector's; half the heap would be 24 MB
        assertThat(overload(DataSize.ofBytes(0)).memoryBudgetBytes(48 * MB, 27 * MB)).isEqualTo(17 * MB);
        // 128 MB with 70 MB live: a 16th of the heap (8 MB) is more than the 4 MB floor of that room
        assertThat(overload(DataSize.ofBytes(0)).memoryBudgetBytes(128 * MB, 70 * MB)).isEqualTo(50 * MB);
        // nothing left free: still a budget, of 1 MB, for the small requests
        assertThat(overload(DataSize.ofBytes(0)).memoryBudgetBytes(32 * MB, 31 * MB)).isEqualTo(MB);
    }

    @Test
    void aConfiguredBudgetIsTakenAsItIs() {
        OverloadProperties configured = overload(DataSize.ofMegabytes(24));
        assertThat(configured.derivedBudget()).isFalse();
        assertThat(configured.memoryBudgetBytes()).isEqualTo(24 * MB);
        assertThat(configured.memoryBudgetBytes(48 * MB, 40 * MB)).isEqualTo(24 * MB);
    }

    @Test
    void aRequestThatAloneHoldsMoreThanTheBudgetIs413AndOneThatMeetsOthersIs503() {
        Admission admission = new Admission(overload(DataSize.ofMegabytes(4)), new SimpleMeterRegistry());
        try (Admission.Reservation alone = admission.open()) {
            alone.charge(3 * MB);
            assertThatThrownBy(() -> alone.charge(2 * MB)).isInstanceOfSatisfying(ProblemException.class,
                    e -> assertThat(e.type().status().value()).isEqualTo(413));
        }
        assertThat(admission.budget().used()).isZero();
        try (Admission.Reservation first = admission.open(); Admission.Reservation second = admission.open()) {
            first.charge(3 * MB);
            assertThatThrownBy(() -> second.charge(2 * MB)).isInstanceOfSatisfying(ProblemException.class,
                    e -> assertThat(e.type().status().value()).isEqualTo(503));
        }
        assertThat(admission.budget().used()).isZero();
    }

    @Test
    void aResizedBudgetAdmitsByItsNewCapacity() {
        MemoryBudget budget = new MemoryBudget(8 * MB);
        assertThat(budget.tryTake(6 * MB)).isTrue();
        budget.resize(4 * MB);
        assertThat(budget.capacity()).isEqualTo(4 * MB);
        assertThat(budget.tryTake(1)).isFalse();
        budget.give(6 * MB);
        assertThat(budget.tryTake(4 * MB)).isTrue();
        assertThat(budget.tryTake(1)).isFalse();
    }
}
