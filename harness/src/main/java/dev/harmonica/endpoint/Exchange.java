package dev.harmonica.endpoint;

import java.util.Objects;

/**
 * A model call's result as it travels up the {@link EndpointLayer}s (the role okhttp's {@code Response} plays in its
 * interceptor chain): the server's {@link Answer} (kept for the cache), what it means
 * ({@link ResponseInterpreter.Outcome}, decided once where the answer is made), and the counters the layers fill in.
 *
 * @param answer        what the server sent
 * @param outcome       what it means: a turn, a failure worth retrying, or one that is not
 * @param attempts      attempts it took (1 below the retry layer; 0 when served from the cache)
 * @param latencyMillis wall time of the attempt that produced it
 * @param cached        served from the response cache
 * @param replica       with several replicas: the one that answered; else null
 */
public record Exchange(Answer answer, ResponseInterpreter.Outcome outcome, int attempts, double latencyMillis,
                       boolean cached, String replica) {
    public Exchange(Answer answer, ResponseInterpreter.Outcome outcome, int attempts, double latencyMillis,
                    boolean cached) {
        this(answer, outcome, attempts, latencyMillis, cached, null);
    }

    public Exchange {
        Objects.requireNonNull(answer, "answer");
        Objects.requireNonNull(outcome, "outcome");
    }

    /**
     * One attempt's answer, judged by {@link ResponseInterpreter#interpret}.
     *
     * @param sentReturnTokenIds whether the request asked for {@code return_token_ids} (a 400 about that field is
     *                           then retried without it)
     */
    public static Exchange of(ModelRequest.Mode mode, Answer answer, boolean sentReturnTokenIds, double latencyMillis) {
        return new Exchange(answer, ResponseInterpreter.interpret(mode, answer, sentReturnTokenIds), 1, latencyMillis,
                false);
    }

    public Exchange withAttempts(int n) {
        return new Exchange(answer, outcome, n, latencyMillis, cached, replica);
    }

    /** The same exchange, answered by this replica. */
    public Exchange via(String r) {
        return new Exchange(answer, outcome, attempts, latencyMillis, cached, r);
    }

    public Exchange asCached() {
        return new Exchange(answer, outcome, 0, 0.0, true);
    }
}
