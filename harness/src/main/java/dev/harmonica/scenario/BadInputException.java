package dev.harmonica.scenario;

/** Bad usage or bad input (exit code 2). The message names the file, line and field. */
public class BadInputException extends RuntimeException {
    public BadInputException(String message) {
        super(message);
    }

    public BadInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
