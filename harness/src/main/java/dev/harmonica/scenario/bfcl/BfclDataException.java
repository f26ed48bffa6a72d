package dev.harmonica.scenario.bfcl;

/** A BFCL data file that cannot be used; the message names the file, line and key, and what to do. */
public final class BfclDataException extends RuntimeException {
    public BfclDataException(String message) {
        super(message);
    }

    public BfclDataException(String message, Throwable cause) {
        super(message, cause);
    }
}
