package dev.harmonica.endpoint;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** Creates endpoints: the one place where the layers are put together. */
public final class Endpoints {
    private Endpoints() {
    }

    /**
     * The HTTP endpoint a configuration describes (for a {@code harmonica sim} server, use
     * {@link EndpointConfig.ServerKind#HARMONICA_SIM} so the sim hint is sent). The in-process simulator is
     * {@code endpoint.sim.SimulatedEndpoint}.
     *
     * @throws IllegalArgumentException when the configuration is unusable (e.g. the API-key variable is unset)
     */
    public static Endpoint create(EndpointConfig config) {
        return create(config, EndpointEnvironment.system());
    }

    /** As {@link #create(EndpointConfig)} with an injected clock, sleeper, jitter and environment (tests). */
    public static Endpoint create(EndpointConfig config, EndpointEnvironment environment) {
        return layered(config, environment, http(config, environment), List.of());
    }

    /**
     * The HTTP transport alone, to stack other layers over it with {@link #layered}.
     *
     * @throws IllegalArgumentException when the configuration is unusable
     */
    public static Transport http(EndpointConfig config, EndpointEnvironment environment) {
        if (config.isInProcessSim()) throw new IllegalArgumentException("the in-process simulator is not an HTTP endpoint");
        String root = config.root();
        if (!root.startsWith("http://") && !root.startsWith("https://")) {
            throw new IllegalArgumentException("endpoint '" + HttpTransport.describeUrl(config.baseUrl())
                    + "': expected an http(s) URL such as http://127.0.0.1:8000, or 'sim' for the built-in simulator");
        }
        return new HttpTransport(config, environment);
    }

    /**
     * An endpoint made of these layers, outermost first (okhttp's {@code RealCall} order):
     * <ol>
     *   <li>concurrency limit ({@link EndpointConfig#concurrency()} requests inside at once);</li>
     *   <li>response cache, when {@link EndpointConfig#cacheDir()} is set (a hit goes no further);</li>
     *   <li>retry ({@link EndpointConfig#retry()}: attempts, backoff, total timeout, deadline);</li>
     *   <li>rate limit, when {@link EndpointConfig.Limits#requestsPerSecond()} is set (every attempt takes a slot);</li>
     *   <li>{@code overTransport}, in the order given (e.g. the simulator's transport faults);</li>
     *   <li>the transport (HTTP or the in-process simulator): one attempt.</li>
     * </ol>
     */
    public static Endpoint layered(EndpointConfig config, EndpointEnvironment environment, Transport transport,
                                   List<EndpointLayer> overTransport) {
        List<EndpointLayer> layers = new ArrayList<>();
        layers.add(new ConcurrencyLimitLayer(config.concurrency(), environment));
        if (config.cacheDir() != null) layers.add(new CacheLayer(new ResponseCache(config.cacheDir()), cacheKey(config)));
        layers.add(new RetryLayer(config.retry(), environment));
        if (config.limits().requestsPerSecond() > 0) {
            layers.add(new RateLimitLayer(config.limits().requestsPerSecond(), environment));
        }
        layers.addAll(overTransport);
        return new LayeredEndpoint(layers, transport);
    }

    /**
     * The cache key of a request: the body as configured (with {@code return_token_ids} when the configuration asks
     * for it, so a rerun finds the entries a first run wrote even if the server later rejected the field) and the URL.
     */
    private static Function<ModelRequest, String> cacheKey(EndpointConfig c) {
        boolean rti = c.returnTokenIds() && c.server() != EndpointConfig.ServerKind.GENERIC;
        return r -> ResponseCache.key(c.root() + Wire.path(r.mode()),
                Wire.requestBody(r, c, rti && r.mode() == ModelRequest.Mode.COMPLETIONS));
    }
}
