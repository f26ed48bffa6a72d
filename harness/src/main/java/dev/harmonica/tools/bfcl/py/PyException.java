package dev.harmonica.tools.bfcl.py;

/**
 * A Python exception raised by a simulated backend or by Python semantics (TypeError, KeyError, ValueError, …).
 * {@link #pyStr()} is {@code str(e)}, which is what BFCL's executor prints after "Error during execution: ".
 */
public class PyException extends Exception {
    private final String pyType;
    private final String pyStr;

    public PyException(String pyType, String pyStr) {
        super(pyType + ": " + pyStr, null, false, false);
        this.pyType = pyType;
        this.pyStr = pyStr;
    }

    public String pyType() {
        return pyType;
    }

    public String pyStr() {
        return pyStr;
    }

    public static PyException typeError(String message) {
        return new PyException("TypeError", message);
    }

    public static PyException valueError(String message) {
        return new PyException("ValueError", message);
    }
}
