package dev.harmonica.turn;

import dev.harmonica.endpoint.EndpointException;

import java.util.ArrayList;
import java.util.List;

/**
 * A model call the endpoint could not answer after its retry policy gave up: no output, so nothing to judge. Never
 * a model failure and never a success; reports count it apart (docs/journal.md, "not_judged").
 *
 * @param cause       {@code connection_refused}, {@code read_timeout}, {@code http_5xx}, … (docs/journal.md)
 * @param status      the last HTTP status, or -1 when no HTTP answer came
 * @param message     one line saying what happened
 * @param bodyExcerpt at most 500 characters of the last error body, or null
 * @param attempts    attempts made
 * @param retryAfterMillis the last {@code Retry-After} honoured, or null
 * @param history     one entry per attempt
 */
public record EndpointFailure(String cause, int status, String message, String bodyExcerpt, int attempts,
                        Long retryAfterMillis, List<Attempt> history) {
    public EndpointFailure {
        history = history == null ? List.of() : List.copyOf(history);
    }

    /** One attempt of the request. */
    public record Attempt(String cause, int status, String message, Long retryAfterMillis, double elapsedMillis) {
    }

    /** The cause of the run's deadline passing before the work was done. */
    public static final String DEADLINE = "deadline";
    /** The cause given to work not attempted because the endpoint was refusing every connection. */
    public static final String UNREACHABLE = "connection_refused";

    public static EndpointFailure of(EndpointException e) {
        List<Attempt> h = new ArrayList<>(e.history().size());
        for (EndpointException.Attempt a : e.history()) {
            h.add(new Attempt(a.cause().jsonName(), a.status(), a.message(), a.retryAfterMillis(), a.elapsedMillis()));
        }
        return new EndpointFailure(e.cause().jsonName(), e.status(), e.getMessage(), e.bodyExcerpt(), e.attempts(),
                e.retryAfterMillis(), h);
    }

    /** Work that was never sent (the run's deadline passed, or the endpoint was found unreachable). */
    public static EndpointFailure notAttempted(String cause, String message) {
        return new EndpointFailure(cause, -1, message, null, 0, null, List.of());
    }
}
