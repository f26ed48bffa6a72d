package dev.harmonica.endpoint.sim;

import dev.harmonica.endpoint.Endpoint;
import dev.harmonica.endpoint.EndpointConfig;
import dev.harmonica.endpoint.EndpointEnvironment;
import dev.harmonica.endpoint.EndpointException;
import dev.harmonica.endpoint.EndpointLayer;
import dev.harmonica.endpoint.Endpoints;
import dev.harmonica.endpoint.ModelRequest;
import dev.harmonica.endpoint.RawTurn;
import dev.harmonica.endpoint.Wire;

import java.util.List;

/**
 * The simulated gpt-oss endpoint in process ({@code --endpoint sim}): the same layers as an HTTP endpoint
 * ({@link Endpoints#layered}: concurrency limit, cache, retry) over the in-process simulator, with the transport
 * faults of {@link SimConfig#transport()} (or of a {@code harmonica_sim.transport} directive in the extra body)
 * injected under the retry layer. Every turn is marked {@link RawTurn#simulated()}. Thread-safe.
 */
public final class SimulatedEndpoint implements Endpoint {
    private final SimConfig sim;
    private final TransportFaults faults;
    private final Endpoint endpoint;

    public SimulatedEndpoint(EndpointConfig config, SimConfig sim) {
        this(config, sim, EndpointEnvironment.system());
    }

    /** With an injected clock, sleeper and jitter (the retry layer's waits; tests). */
    public SimulatedEndpoint(EndpointConfig config, SimConfig sim, EndpointEnvironment env) {
        EndpointConfig c = config.withServer(EndpointConfig.ServerKind.HARMONICA_SIM);
        this.sim = sim;
        this.faults = new TransportFaults(sim.transport());
        boolean directive = c.extraBody() != null && c.extraBody().path(Wire.SIM_FIELD).has("transport");
        List<EndpointLayer> over = sim.transport().isEmpty() && !directive ? List.of() : List.of(new TransportFaultLayer(faults, c));
        this.endpoint = Endpoints.layered(c, env, new SimTransport(new SimEngine(sim), c, env), over);
    }

    /** The simulator with this configuration and the in-process endpoint defaults ({@link EndpointConfig#inProcessSim}). */
    public static SimulatedEndpoint create(SimConfig sim) {
        return new SimulatedEndpoint(EndpointConfig.inProcessSim(), sim);
    }

    @Override
    public RawTurn complete(ModelRequest request) throws EndpointException {
        return endpoint.complete(request);
    }

    /** Back to the start state: the transport-fault script starts again and per-request attempt counts are forgotten. */
    public void reset() {
        faults.reset();
    }

    public SimConfig simConfig() {
        return sim;
    }

    @Override
    public String describe() {
        return endpoint.describe();
    }

    @Override
    public boolean inProcessSimulator() {
        return true;
    }

    @Override
    public void close() {
        endpoint.close();
    }

    @Override
    public String toString() {
        return endpoint.toString();
    }
}
