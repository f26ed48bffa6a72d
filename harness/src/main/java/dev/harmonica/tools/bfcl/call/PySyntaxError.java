package dev.harmonica.tools.bfcl.call;

/**
 * A call string that is not a valid (supported) Python expression. {@link #getMessage()} is CPython-like
 * {@code str(SyntaxError)}, e.g. {@code invalid syntax (<string>, line 1)}.
 */
public final class PySyntaxError extends Exception {
    private final int offset;

    public PySyntaxError(String message, int offset) {
        super(message, null, false, false);
        this.offset = offset;
    }

    /** 0-based character offset of the problem. */
    public int offset() {
        return offset;
    }
}
