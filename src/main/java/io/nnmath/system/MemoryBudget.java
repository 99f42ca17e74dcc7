package io.nnmath.system;

import java.util.concurrent.TimeUnit;

/**
 * The heap that the requests in progress may hold at once, in bytes. A request takes from it as
 * its body arrives and when it is admitted to compute, and gives everything back once its answer
 * is written. Virtual threads may wait here: since JDK 24 a monitor wait does not pin its carrier.
 */
public final class MemoryBudget {

    private long capacity;
    private long used;

    public MemoryBudget(long capacity) {
        this.capacity = positive(capacity);
    }

    private static long positive(long capacity) {
        if (capacity <= 0) {
            throw new IllegalArgumentException("a memory budget must be positive, not " + capacity);
        }
        return capacity;
    }

    public synchronized long capacity() {
        return capacity;
    }

    /** Makes the budget {@code capacity} bytes; what requests hold already stays theirs. */
    public synchronized void resize(long capacity) {
        this.capacity = positive(capacity);
        notifyAll();
    }

    public synchronized long used() {
        return used;
    }

    /** Takes {@code bytes} if they fit now. */
    public synchronized boolean tryTake(long bytes) {
        if (bytes > capacity - used) {
            return false;
        }
        used += bytes;
        return true;
    }

    /** Takes {@code bytes}, waiting up to {@code nanos} for them to fit. */
    public synchronized boolean take(long bytes, long nanos) throws InterruptedException {
        long deadline = System.nanoTime() + nanos;
        while (bytes > capacity - used) {
            long left = deadline - System.nanoTime();
            if (left <= 0 || bytes > capacity) {
                return false;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        used += bytes;
        return true;
    }

    public synchronized void give(long bytes) {
        if (bytes > 0) {
            used -= bytes;
            notifyAll();
        }
    }
}
