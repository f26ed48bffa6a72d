package dev.harmonica.tools.bfcl.call;

import dev.harmonica.tools.bfcl.py.PyException;

import java.math.BigInteger;

/**
 * Where Harmonica stops evaluating what BFCL's {@code eval} would run for hours or until memory runs out
 * (docs/bfcl.md, "Bounds"). Sizes CPython cannot allocate fail as they fail in CPython ({@code MemoryError}, whose
 * {@code str} is empty; {@code OverflowError} for sizes beyond {@code Py_ssize_t}); sizes CPython could build but
 * that are far beyond any call's needs end in a {@link #BOUND} error naming the limit.
 */
final class PyLimits {
    /** The exception type of a Harmonica bound (not a Python type). */
    static final String BOUND = "HarmonicaBound";
    /** Largest int result, in bits (about five million decimal digits). */
    static final long MAX_INT_BITS = 1L << 24;
    /** Most characters of one str, or items of one list, tuple, dict or set, built by one operation. */
    static final long MAX_ITEMS = 1L << 24;
    /**
     * An allocation of this many bytes (64 GiB) or more is taken to fail in CPython, which then raises MemoryError
     * (whose {@code str} is empty, so BFCL's result is {@code Error during execution: }); a machine with more memory
     * than that would build the object instead (or be stopped by the kernel's OOM killer).
     */
    static final long MEMORY_ERROR_BYTES = 1L << 36;
    /** Evaluation steps (nodes evaluated plus items iterated) for one call. */
    static final long MAX_STEPS = 20_000_000L;

    private PyLimits() {
    }

    static PyException bound(String what) {
        return new PyException(BOUND, "Harmonica does not evaluate " + what + " (docs/bfcl.md, Bounds)");
    }

    static PyException memoryError() {
        return new PyException("MemoryError", "");
    }

    /** An int result of about {@code bits} bits: refused beyond {@link #MAX_INT_BITS}. */
    static void checkIntBits(BigInteger bits, String what) throws PyException {
        if (bits.compareTo(BigInteger.valueOf(MAX_INT_BITS)) > 0) {
            throw bound(what + " (an int of about " + bits + " bits; the limit is " + MAX_INT_BITS + ")");
        }
    }

    /**
     * A sequence of {@code items} items of {@code itemBytes} bytes each: MemoryError when CPython could not allocate
     * it, a bound beyond {@link #MAX_ITEMS}.
     */
    static void checkItems(BigInteger items, long itemBytes, String what) throws PyException {
        if (items.multiply(BigInteger.valueOf(itemBytes)).compareTo(BigInteger.valueOf(MEMORY_ERROR_BYTES)) >= 0) {
            throw memoryError();
        }
        if (items.compareTo(BigInteger.valueOf(MAX_ITEMS)) > 0) {
            throw bound(what + " (" + items + " items; the limit is " + MAX_ITEMS + ")");
        }
    }
}
