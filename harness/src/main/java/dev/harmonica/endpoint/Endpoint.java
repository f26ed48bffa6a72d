package dev.harmonica.endpoint;

/**
 * A model server (or the simulator). Implementations handle timeouts, retries, concurrency limits and the response
 * cache; a returned {@link RawTurn} may still carry a server-side format error, which is a result. Anything else
 * that keeps the model's output from arriving is an {@link EndpointException} with its cause.
 */
public interface Endpoint extends AutoCloseable {
    /**
     * @throws EndpointException when the turn could not be obtained: the retry policy gave up on a transport failure,
     *                           a 4xx that is not a format error, the request's deadline passed, …
     */
    RawTurn complete(ModelRequest request) throws EndpointException;

    /**
     * What this endpoint is, for run records and messages, e.g. {@code http://127.0.0.1:8000 (vllm)} or
     * {@code in-process simulator}. Never holds a secret (no API key, no user info of the URL).
     */
    default String describe() {
        return "custom endpoint";
    }

    /** Whether this is Harmonica's in-process simulator (its output is simulated, not a model's). */
    default boolean inProcessSimulator() {
        return false;
    }

    @Override
    default void close() {
    }
}
