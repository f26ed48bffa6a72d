package dev.harmonica.run;

import dev.harmonica.endpoint.Endpoint;
import dev.harmonica.endpoint.EndpointConfig;
import dev.harmonica.endpoint.EndpointEnvironment;
import dev.harmonica.endpoint.Endpoints;
import dev.harmonica.endpoint.ReplicaTransport;
import dev.harmonica.endpoint.RetryPolicy;
import dev.harmonica.endpoint.Timeouts;
import dev.harmonica.endpoint.Transport;
import dev.harmonica.endpoint.sim.SimConfig;
import dev.harmonica.endpoint.sim.SimModel;
import dev.harmonica.endpoint.sim.SimulatedEndpoint;
import dev.harmonica.scenario.BadInputException;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Maps the run file's endpoint settings to the endpoint layer's {@link EndpointConfig}. */
public final class RunEndpoints {
    private RunEndpoints() {
    }

    /** The in-process simulator's configuration for these settings. */
    public static SimConfig simConfig(RunSpec.EndpointSettings s) {
        return SimConfig.DEFAULT.withFaults(s.simFaults() ? SimModel.DEFAULT : SimModel.OFF)
                .withSeed(s.simSeed()).withLatency(Duration.ofMillis(s.simLatencyMs()));
    }

    /**
     * The endpoint configuration for these settings: {@code timeout_s} is the read timeout of one attempt,
     * {@code max_attempts} the attempts per request, and one request (all attempts and waits) takes at most
     * {@link #totalTimeout(Duration) the larger of 15 min and 1.5 read timeouts}.
     */
    public static EndpointConfig config(RunSpec.EndpointSettings s) {
        EndpointConfig c;
        if (s.isSimulator()) {
            c = EndpointConfig.inProcessSim().withModel(s.model());
        } else {
            c = EndpointConfig.http(s.url(), s.model()).withApiKeyEnv(s.apiKeyEnv()).withServer(serverKind(s.server()));
        }
        Timeouts t = c.timeouts();
        Duration read = Duration.ofSeconds(s.timeoutSeconds());
        c = c.withConcurrency(s.concurrency())
                .withTimeouts(t.connect(), read, t.idle())
                .withRetries(s.maxAttempts(), c.retry().initialBackoff(), c.retry().maxBackoff())
                .withTotalTimeout(totalTimeout(read));
        if (s.cacheDir() != null) c = c.withCacheDir(Path.of(s.cacheDir()));
        return c;
    }

    /**
     * The longest one request may take for a read timeout: {@link RetryPolicy#DEFAULT}'s 15 min, or 1.5 read
     * timeouts when that is more, so that a long read timeout always leaves room for one full attempt and a retry.
     */
    static Duration totalTimeout(Duration read) {
        Duration scaled = read.plus(read.dividedBy(2));
        Duration base = RetryPolicy.DEFAULT.totalTimeout();
        return scaled.compareTo(base) > 0 ? scaled : base;
    }

    private static EndpointConfig.ServerKind serverKind(String name) {
        if (name == null) return EndpointConfig.ServerKind.VLLM;
        try {
            return EndpointConfig.ServerKind.parse(name);
        } catch (IllegalArgumentException e) {
            return EndpointConfig.ServerKind.VLLM; // the run file validates the name; anything else means vLLM
        }
    }

    /**
     * Several servers of one model: one HTTP transport per URL behind a {@link ReplicaTransport}; the concurrency limit
     * is per replica ({@code concurrency} × replicas in flight in all).
     */
    private static Endpoint replicated(RunSpec.EndpointSettings s, EndpointConfig c) {
        EndpointEnvironment env = EndpointEnvironment.system();
        List<Transport> transports = new ArrayList<>();
        for (String url : s.urls()) transports.add(Endpoints.http(config(s.withUrls(List.of(url))), env));
        EndpointConfig all = c.withConcurrency(c.concurrency() * transports.size());
        return Endpoints.layered(all, env, new ReplicaTransport(transports, env), List.of());
    }

    /** The production endpoint factory. */
    public static Runner.EndpointFactory factory() {
        return s -> {
            try {
                EndpointConfig c = config(s);
                if (c.isInProcessSim()) return new SimulatedEndpoint(c, simConfig(s));
                if (s.replicas().isEmpty()) return Endpoints.create(c);
                return replicated(s, c);
            } catch (IllegalArgumentException e) {
                throw new BadInputException("endpoint: " + e.getMessage(), e);
            }
        };
    }
}
