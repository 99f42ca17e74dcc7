package io.nnmath.compute;

/** A result entry is not a finite double (it overflowed, or it is the log of an underflowed zero). */
public final class NonFiniteResultException extends ArithmeticException {

    private final String quantity;
    private final int index;

    /** {@code index}: the entry's position in the flat, row-major input it was computed from. */
    public NonFiniteResultException(String quantity, int index) {
        super("the " + quantity + " at flat index " + index + " is not a finite double");
        this.quantity = quantity;
        this.index = index;
    }

    /** What the entry is, e.g. "log-probability". */
    public String quantity() {
        return quantity;
    }

    public int index() {
        return index;
    }
}
