package dev.harmonica.endpoint;

import java.util.List;
import java.util.Objects;

/**
 * The endpoint gave no model output: the retry policy gave up, the failure was not worth retrying, or the request's
 * deadline passed. A turn that ends here is <em>not judged</em> (docs/journal.md): it is neither a model failure nor
 * a success. {@link #cause()} says why, {@link #history()} what each attempt saw. The message is one line naming the
 * cause and the last status; it never holds the API key or the endpoint's URL.
 */
public class EndpointException extends Exception {
    /** Longest {@link #bodyExcerpt()} kept, in characters. */
    public static final int MAX_BODY_EXCERPT = 500;

    /** Why no model output came back. Each constant says whether it is transient (worth another attempt). */
    public enum Cause {
        /** Nothing listens at the address. */
        CONNECTION_REFUSED("connection_refused", true),
        /** The TCP connection could not be made in time. */
        CONNECT_TIMEOUT("connect_timeout", true),
        /** A non-streaming answer did not arrive in time. */
        READ_TIMEOUT("read_timeout", true),
        /** A stream went silent for longer than the idle timeout. */
        IDLE_TIMEOUT("idle_timeout", true),
        /** HTTP 5xx that is not a harmony format error. */
        HTTP_5XX("http_5xx", true),
        /** HTTP 429 (rate limited). */
        HTTP_429("http_429", true),
        /** A 4xx that is not a harmony format error (401, 404, 422, …); 408 is the one retried. */
        HTTP_4XX("http_4xx", false),
        /** An error event inside a 200 stream that is not a harmony format error. */
        STREAM_ERROR("stream_error", true),
        /** A stream that ended (or broke off) without {@code [DONE]} and without a finish reason. */
        TRUNCATED_STREAM("truncated_stream", true),
        /**
         * An answer that is not a model answer: a 2xx body that is not JSON, has no usable choice, or carries an
         * error object that is not a harmony format error; a stream chunk that is not JSON; a redirect (not followed).
         */
        MALFORMED_RESPONSE("malformed_response", true),
        /** The request's deadline (per scenario or per run) passed. */
        DEADLINE("deadline", false),
        /** The calling thread was interrupted. */
        INTERRUPTED("interrupted", false),
        /** Any other I/O failure (connection reset, unknown host, …). */
        TRANSPORT("transport", true);

        private final String jsonName;
        private final boolean transientFailure;

        Cause(String jsonName, boolean transientFailure) {
            this.jsonName = jsonName;
            this.transientFailure = transientFailure;
        }

        /** The name used in the journal ({@code not_judged.cause}). */
        public String jsonName() {
            return jsonName;
        }

        /** Whether another attempt may succeed (the retry layer's default for failures thrown from below it). */
        public boolean isTransient() {
            return transientFailure;
        }

        /** The cause of an HTTP error status that is not a harmony format error. */
        public static Cause ofStatus(int status) {
            if (status == 429) return HTTP_429;
            if (status >= 500) return HTTP_5XX;
            if (status >= 400) return HTTP_4XX;
            return MALFORMED_RESPONSE;
        }
    }

    /**
     * One attempt that brought no model output.
     *
     * @param cause            why
     * @param status           HTTP status, or -1 when no answer arrived
     * @param message          one line: what happened
     * @param bodyExcerpt      at most {@value #MAX_BODY_EXCERPT} characters of the error body, or null
     * @param retryAfterMillis the server's {@code Retry-After} (parsed, capped at the configured maximum), or null
     * @param elapsedMillis    wall time of the attempt
     */
    public record Attempt(Cause cause, int status, String message, String bodyExcerpt, Long retryAfterMillis,
                          double elapsedMillis) {
        public Attempt {
            Objects.requireNonNull(cause, "cause");
            message = Text.oneLine(message, 300);
            bodyExcerpt = Text.excerpt(bodyExcerpt, MAX_BODY_EXCERPT);
        }

        /** One line for messages: {@code http_5xx (HTTP 503): overloaded}. */
        String summary() {
            return cause.jsonName() + (status >= 0 ? " (HTTP " + status + ")" : "") + ": " + message;
        }
    }

    private final Cause cause;
    private final List<Attempt> history;

    /**
     * @param cause    why the turn was given up (usually the last attempt's cause; {@link Cause#DEADLINE} or
     *                 {@link Cause#INTERRUPTED} when that ended it)
     * @param message  one line (made one line here if it is not)
     * @param history  one entry per attempt made, oldest first (empty when none was made)
     * @param failure  the underlying exception, or null
     */
    public EndpointException(Cause cause, String message, List<Attempt> history, Throwable failure) {
        super(Text.oneLine(message, 600), failure);
        this.cause = Objects.requireNonNull(cause, "cause");
        this.history = List.copyOf(history);
    }

    /** A failure of a single attempt, described by that attempt. */
    public static EndpointException of(Attempt attempt, Throwable failure) {
        return new EndpointException(attempt.cause(), attempt.summary(), List.of(attempt), failure);
    }

    public Cause cause() {
        return cause;
    }

    /** One entry per attempt, oldest first. */
    public List<Attempt> history() {
        return history;
    }

    /** Attempts made (0 when none could start, e.g. interrupted while waiting for a request slot). */
    public int attempts() {
        return history.size();
    }

    /** The last attempt's HTTP status, or -1 when it got no answer (or no attempt was made). */
    public int status() {
        return history.isEmpty() ? -1 : history.get(history.size() - 1).status();
    }

    /** At most {@value #MAX_BODY_EXCERPT} characters of the last error body seen, or null. */
    public String bodyExcerpt() {
        for (int i = history.size() - 1; i >= 0; i--) {
            if (history.get(i).bodyExcerpt() != null) return history.get(i).bodyExcerpt();
        }
        return null;
    }

    /** The last {@code Retry-After} the server sent (parsed, capped), or null. */
    public Long retryAfterMillis() {
        for (int i = history.size() - 1; i >= 0; i--) {
            if (history.get(i).retryAfterMillis() != null) return history.get(i).retryAfterMillis();
        }
        return null;
    }
}
