package dev.harmonica.endpoint.sim;

import dev.harmonica.endpoint.Answer;
import dev.harmonica.endpoint.EndpointConfig;
import dev.harmonica.endpoint.EndpointEnvironment;
import dev.harmonica.endpoint.EndpointException;
import dev.harmonica.endpoint.EndpointException.Attempt;
import dev.harmonica.endpoint.EndpointException.Cause;
import dev.harmonica.endpoint.Exchange;
import dev.harmonica.endpoint.ModelRequest;
import dev.harmonica.endpoint.Transport;
import dev.harmonica.endpoint.Wire;

import java.time.Duration;

/**
 * The in-process simulator as a {@link Transport}: the request an HTTP client would send (with the sim hint),
 * answered by a {@link SimEngine} without a socket and without serialising the request, and judged by the same code
 * as an HTTP answer, so in-process and HTTP turns are identical. The simulated latency is the whole time to answer,
 * made up by a timed wait of the calling thread (no CPU), cut at the request's deadline.
 */
final class SimTransport implements Transport {
    private final SimEngine engine;
    private final EndpointConfig config;
    private final Duration latency;
    private final EndpointEnvironment env;

    SimTransport(SimEngine engine, EndpointConfig config, EndpointEnvironment env) {
        this.engine = engine;
        this.config = config;
        this.latency = engine.config().latency();
        this.env = env;
    }

    @Override
    public Exchange send(ModelRequest request) throws EndpointException {
        long t0 = System.nanoTime();
        SimEngine.Reply reply = engine.handle(request, config);
        waitForLatency(request, t0);
        Answer a = new Answer(reply.status(), reply.body(), reply.sse(),
                Answer.Headers.simulator(reply.headers().get(Wire.SIM_FAULTS_HEADER)));
        return Exchange.of(request.mode(), a, true, (System.nanoTime() - t0) / 1e6);
    }

    private void waitForLatency(ModelRequest request, long t0) throws EndpointException {
        long remaining = latency.toNanos() - (System.nanoTime() - t0);
        Duration left = request.timeLeft(env.clock().instant());
        boolean cut = left != null && left.toNanos() < remaining;
        long wait = cut ? Math.max(0, left.toNanos()) : remaining;
        try {
            if (wait > 0) Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw EndpointException.of(new Attempt(Cause.INTERRUPTED, -1, "interrupted during simulated latency", null,
                    null, (System.nanoTime() - t0) / 1e6), e);
        }
        if (cut) {
            throw EndpointException.of(new Attempt(Cause.READ_TIMEOUT, -1, "the simulated answer ("
                    + latency.toMillis() + " ms) was not ready before the deadline", null, null,
                    (System.nanoTime() - t0) / 1e6), null);
        }
    }

    @Override
    public String describe() {
        return "in-process simulator";
    }

    @Override
    public boolean inProcessSimulator() {
        return true;
    }

    @Override
    public String toString() {
        return "sim[in-process, latency=" + latency.toMillis() + " ms, fault plan " + engine.config().faultPlanId() + "]";
    }
}
