package dev.harmonica.endpoint;

/**
 * A model server (or the simulator). Implementations handle timeouts, retries, concurrency limits and the
 * response cache; a returned {@link RawTurn} may still carry a server-side format error, which is a result.
 */
public interface Endpoint extends AutoCloseable {
    /**
     * @throws EndpointException when the turn could not be obtained after the retry policy gave up (transport
     *                           failure, non-retryable 4xx that is not a format error, …)
     */
    RawTurn complete(ModelRequest request) throws EndpointException;

    @Override
    default void close() {
    }
}
