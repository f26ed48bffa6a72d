package dev.harmonica.endpoint;

import dev.harmonica.endpoint.sim.SimulatedEndpoint;

/** Creates endpoints from their configuration. */
public final class Endpoints {
    private Endpoints() {
    }

    /**
     * The endpoint a configuration describes: the in-process simulator when {@code baseUrl} is
     * {@link EndpointConfig#SIM} ({@code --endpoint sim}), else an HTTP client (for a {@code harmonica sim} server,
     * use {@link EndpointConfig.ServerKind#HARMONICA_SIM} so the sim hint is sent).
     *
     * @throws IllegalArgumentException when the configuration is unusable (e.g. the API-key variable is unset)
     */
    public static Endpoint create(EndpointConfig config) {
        return create(config, EndpointEnvironment.system());
    }

    /** As {@link #create(EndpointConfig)} with an injected clock, sleeper, jitter and environment (tests). */
    public static Endpoint create(EndpointConfig config, EndpointEnvironment environment) {
        if (config.isInProcessSim()) return new SimulatedEndpoint(config);
        String root = config.root();
        if (!root.startsWith("http://") && !root.startsWith("https://")) {
            throw new IllegalArgumentException("endpoint '" + config.baseUrl()
                    + "': expected an http(s) URL such as http://127.0.0.1:8000, or 'sim' for the built-in simulator");
        }
        return new HttpEndpoint(config, environment);
    }
}
