package dev.harmonica.run;

import dev.harmonica.endpoint.EndpointConfig;
import dev.harmonica.endpoint.Endpoints;
import dev.harmonica.endpoint.sim.SimConfig;
import dev.harmonica.endpoint.sim.SimModel;
import dev.harmonica.endpoint.sim.SimulatedEndpoint;
import dev.harmonica.scenario.BadInputException;

import java.nio.file.Path;
import java.time.Duration;

/** Maps the run file's endpoint settings to the endpoint layer's {@link EndpointConfig}. */
public final class RunEndpoints {
    private RunEndpoints() {
    }

    /** The in-process simulator's configuration for these settings. */
    public static SimConfig simConfig(RunConfig.EndpointSettings s) {
        return SimConfig.DEFAULT.withFaults(s.simFaults() ? SimModel.DEFAULT : SimModel.OFF)
                .withSeed(s.simSeed()).withLatency(Duration.ofMillis(s.simLatencyMs()));
    }

    public static EndpointConfig config(RunConfig.EndpointSettings s) {
        EndpointConfig c;
        if (s.isSimulator()) {
            c = EndpointConfig.inProcessSim().withModel(s.model());
        } else {
            c = EndpointConfig.http(s.url(), s.model()).withApiKeyEnv(s.apiKeyEnv()).withServer(switch (s.server()) {
                case "harmonica-sim" -> EndpointConfig.ServerKind.HARMONICA_SIM;
                case "generic" -> EndpointConfig.ServerKind.GENERIC;
                default -> EndpointConfig.ServerKind.VLLM;
            });
        }
        c = c.withConcurrency(s.concurrency())
                .withTimeouts(c.connectTimeout(), Duration.ofSeconds(s.timeoutSeconds()), c.idleTimeout())
                .withRetries(s.maxAttempts(), c.initialBackoff(), c.maxBackoff());
        if (s.cacheDir() != null) c = c.withCacheDir(Path.of(s.cacheDir()));
        return c;
    }

    /** The production endpoint factory. */
    public static Runner.EndpointFactory factory() {
        return s -> {
            try {
                EndpointConfig c = config(s);
                return c.isInProcessSim() ? new SimulatedEndpoint(c, simConfig(s)) : Endpoints.create(c);
            } catch (IllegalArgumentException e) {
                throw new BadInputException("endpoint: " + e.getMessage(), e);
            }
        };
    }
}
