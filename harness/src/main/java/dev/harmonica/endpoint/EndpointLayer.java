package dev.harmonica.endpoint;

/**
 * One policy around a model call (after okhttp's {@code Interceptor}): it gets the request and the rest of
 * the chain, and returns the exchange, calling {@link Next#complete} as often as its policy says: the concurrency
 * limit once inside a permit, the cache not at all on a hit, the retry layer once per attempt, a fault layer maybe
 * never. {@link Endpoints#layered} stacks the layers in one visible order over a {@link Transport}.
 */
public interface EndpointLayer {
    Exchange complete(ModelRequest request, Next next) throws EndpointException;

    /** A short name for descriptions, e.g. {@code retry(6 attempts)}. */
    default String describe() {
        return getClass().getSimpleName();
    }

    /** The rest of the chain. */
    @FunctionalInterface
    interface Next {
        Exchange complete(ModelRequest request) throws EndpointException;
    }
}
