package io.nnmath.system;

import java.lang.management.ManagementFactory;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * The last step before readiness, after the warm-up: a derived memory budget (0) is fitted to the
 * heap that the started service leaves free, which one full collection measures.
 */
@Component
@Order(Ordered.LOWEST_PRECEDENCE)
class HeapAtStart implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(HeapAtStart.class);

    private final Admission admission;
    private final OverloadProperties properties;

    HeapAtStart(Admission admission, OverloadProperties properties) {
        this.admission = admission;
        this.properties = properties;
    }

    @Override
    public void run(ApplicationArguments args) {
        if (!properties.derivedBudget()) {
            return;
        }
        System.gc();
        long max = Runtime.getRuntime().maxMemory();
        long live = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        MemoryBudget budget = admission.budget();
        budget.resize(properties.memoryBudgetBytes(max, live));
        log.info("Memory budget for the requests in progress: {} MB, at most {} of the {} MB heap and no more than "
                + "the {} MB that the start left free, less the collector's room (nnmath.overload.memory-budget)",
                Admission.megabytes(budget.capacity()), properties.heapFraction(), Admission.megabytes(max),
                Admission.megabytes(max - live));
    }
}
