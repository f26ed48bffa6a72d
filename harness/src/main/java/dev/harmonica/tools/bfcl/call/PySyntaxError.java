package dev.harmonica.tools.bfcl.call;

/**
 * A call string that CPython 3.11's {@code eval} refuses before running anything. {@link #getMessage()} is
 * {@code str(e)} exactly as BFCL prints it after {@code Error during execution: }, e.g.
 * {@code '(' was never closed (<string>, line 1)}: the message, then the file name and the line when CPython gives
 * one. Besides {@code SyntaxError} and {@code IndentationError} this carries the other errors {@code eval} raises
 * while compiling: {@code RecursionError} and {@code MemoryError} for too-deep input, {@code UnicodeEncodeError} for
 * lone surrogates.
 */
public final class PySyntaxError extends Exception {
    /** The Python exception type. */
    public enum Type {
        SYNTAX_ERROR("SyntaxError"),
        INDENTATION_ERROR("IndentationError"),
        RECURSION_ERROR("RecursionError"),
        MEMORY_ERROR("MemoryError"),
        UNICODE_ENCODE_ERROR("UnicodeEncodeError");

        private final String pyName;

        Type(String pyName) {
            this.pyName = pyName;
        }

        public String pyName() {
            return pyName;
        }
    }

    private final Type type;
    private final String msg;
    private final int line;

    /**
     * @param type the exception type
     * @param msg  the message without location
     * @param line the 1-based line CPython reports, 0 for an empty input, or -1 when it reports no location
     */
    public PySyntaxError(Type type, String msg, int line) {
        super(line >= 0 ? msg + " (<string>, line " + line + ")" : msg, null, false, false);
        this.type = type;
        this.msg = msg;
        this.line = line;
    }

    /** A {@code SyntaxError} at a line. */
    public static PySyntaxError at(int line, String msg) {
        return new PySyntaxError(Type.SYNTAX_ERROR, msg, line);
    }

    public Type type() {
        return type;
    }

    /** The message without the location. */
    public String msg() {
        return msg;
    }

    /** The reported line, or -1 when there is none. */
    public int line() {
        return line;
    }
}
