package dev.harmonica.endpoint;

/** The endpoint could not produce a turn. {@code status} is the last HTTP status, or -1 for transport errors. */
public class EndpointException extends Exception {
    private final int status;
    private final int attempts;

    public EndpointException(String message, int status, int attempts, Throwable cause) {
        super(message, cause);
        this.status = status;
        this.attempts = attempts;
    }

    public int status() {
        return status;
    }

    public int attempts() {
        return attempts;
    }
}
