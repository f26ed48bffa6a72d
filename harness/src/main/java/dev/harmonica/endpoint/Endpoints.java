package dev.harmonica.endpoint;

/** Creates endpoints from their configuration. */
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
        if (config.isInProcessSim()) throw new IllegalArgumentException("the in-process simulator is not an HTTP endpoint");
        String root = config.root();
        if (!root.startsWith("http://") && !root.startsWith("https://")) {
            throw new IllegalArgumentException("endpoint '" + config.baseUrl()
                    + "': expected an http(s) URL such as http://127.0.0.1:8000, or 'sim' for the built-in simulator");
        }
        return new HttpEndpoint(config, environment);
    }
}
