package dev.harmonica.endpoint.sim;

import dev.harmonica.endpoint.ChatStreamAssembler;
import dev.harmonica.endpoint.Endpoint;
import dev.harmonica.endpoint.EndpointConfig;
import dev.harmonica.endpoint.EndpointException;
import dev.harmonica.endpoint.ModelRequest;
import dev.harmonica.endpoint.RawTurn;
import dev.harmonica.endpoint.ResponseInterpreter;
import dev.harmonica.endpoint.Wire;

import java.util.concurrent.Semaphore;

/**
 * The simulated gpt-oss endpoint in process ({@code --endpoint sim}): the request an HTTP client would send (with
 * the sim hint), answered by a {@link SimEngine} without a socket and without serialising the request
 * ({@link SimEngine#handle(ModelRequest, EndpointConfig)}), and read back by the same response code as the HTTP
 * client, so in-process and HTTP turns are identical. Simulated latency is the total time to answer,
 * made up by a timed wait of the calling thread (no CPU). Transport faults do not apply in process. Thread-safe.
 */
public final class SimulatedEndpoint implements Endpoint {
    private final EndpointConfig config;
    private final SimConfig sim;
    private final SimEngine engine;
    private final Semaphore permits;

    public SimulatedEndpoint(EndpointConfig config, SimConfig sim) {
        this.config = config.withServer(EndpointConfig.ServerKind.HARMONICA_SIM);
        this.sim = sim;
        this.engine = new SimEngine(sim);
        this.permits = new Semaphore(config.concurrency(), true);
    }

    /** The simulator with this configuration and the in-process endpoint defaults ({@link EndpointConfig#inProcessSim}). */
    public static SimulatedEndpoint create(SimConfig sim) {
        return new SimulatedEndpoint(EndpointConfig.inProcessSim(), sim);
    }

    @Override
    public RawTurn complete(ModelRequest request) throws EndpointException {
        try {
            permits.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EndpointException("interrupted while waiting for a free request slot", -1, 0, e);
        }
        try {
            long t0 = System.nanoTime();
            SimEngine.Reply reply = engine.handle(request, config);
            // the simulated latency is the whole time to answer: wait only for what computing did not use
            long remainingNanos = sim.latency().toNanos() - (System.nanoTime() - t0);
            if (remainingNanos > 0) Thread.sleep(remainingNanos / 1_000_000, (int) (remainingNanos % 1_000_000));
            ResponseInterpreter.Outcome o;
            String faults = reply.headers().get(Wire.SIM_FAULTS_HEADER);
            if (reply.sse() && reply.status() == 200) {
                ChatStreamAssembler a = new ChatStreamAssembler();
                for (String block : reply.body().split("\n\n")) {
                    if (block.startsWith("data: ") && !a.acceptData(block.substring(6))) break;
                }
                o = ResponseInterpreter.interpretStream(a, faults);
            } else {
                o = ResponseInterpreter.interpret(request.mode(), reply.status(), reply.body(), null, faults, true);
            }
            double ms = (System.nanoTime() - t0) / 1e6;
            if (o instanceof ResponseInterpreter.Turn t) {
                Wire.Parts p = t.parts();
                return new RawTurn(p.completionTokens(), p.completionText(), p.chatMessage(), p.finishReason(),
                        p.promptTokens(), p.completionTokenCount(), ms, 1, t.status(), t.serverError(),
                        p.injectedFaults(), false);
            }
            String msg = o instanceof ResponseInterpreter.Fatal f ? f.message() : ((ResponseInterpreter.Retry) o).message();
            throw new EndpointException("simulator: " + msg, reply.status(), 1, null);
        } catch (Wire.MalformedResponseException e) {
            throw new EndpointException("simulator produced a malformed stream: " + e.getMessage(), 200, 1, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EndpointException("interrupted during simulated latency", -1, 1, e);
        } finally {
            permits.release();
        }
    }

    public SimConfig simConfig() {
        return sim;
    }

    @Override
    public String toString() {
        return "SimulatedEndpoint[in-process, concurrency=" + config.concurrency() + ", latency=" + sim.latency() + "]";
    }
}
