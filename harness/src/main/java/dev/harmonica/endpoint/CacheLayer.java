package dev.harmonica.endpoint;

import java.util.Optional;
import java.util.function.Function;

/**
 * Answers a request seen before from the {@link ResponseCache} without calling the layers below (docs/endpoint.md, Client policy
 * rule 6), and stores every answer that is a turn (a model answer or a format error), never a failure. A stored
 * answer is judged again when read, so a fixed reader needs no new request; one that no longer reads as a turn is a
 * miss.
 */
final class CacheLayer implements EndpointLayer {
    private final ResponseCache cache;
    private final Function<ModelRequest, String> keyOf;

    /** @param keyOf the cache key of a request (see {@link ResponseCache#key}) */
    CacheLayer(ResponseCache cache, Function<ModelRequest, String> keyOf) {
        this.cache = cache;
        this.keyOf = keyOf;
    }

    @Override
    public Exchange complete(ModelRequest request, Next next) throws EndpointException {
        String key = keyOf.apply(request);
        Optional<Exchange> hit = cache.get(key)
                .map(e -> Exchange.of(request.mode(), e.answer(), false, 0).asCached())
                .filter(x -> x.outcome() instanceof ResponseInterpreter.Turn);
        if (hit.isPresent()) return hit.get();
        Exchange ex = next.complete(request);
        if (ex.outcome() instanceof ResponseInterpreter.Turn) cache.put(key, ResponseCache.Entry.of(ex.answer()));
        return ex;
    }

    @Override
    public String describe() {
        return "cache(" + cache.dir() + ")";
    }
}
