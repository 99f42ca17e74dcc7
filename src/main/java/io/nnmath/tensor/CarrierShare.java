package io.nnmath.tensor;

/**
 * Requests run on virtual threads, which are never preempted: a loop that reads or writes millions
 * of numbers would keep its carrier (one per core) until it is done, and every other request, the
 * health checks among them, would wait. Such loops give the carrier up every {@link #EVERY} numbers
 * (about a millisecond), which costs nothing measurable.
 */
final class CarrierShare {

    static final int EVERY = 1 << 16;

    private CarrierShare() {
    }

    /** Lets the other virtual threads on this carrier run; on a platform thread, nothing. */
    static void yieldNow() {
        if (Thread.currentThread().isVirtual()) {
            Thread.yield();
        }
    }
}
