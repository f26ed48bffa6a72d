package dev.harmonica.endpoint;

import dev.harmonica.endpoint.EndpointException.Attempt;

import java.util.List;
import java.util.stream.Collectors;

/** An {@link Endpoint} made of {@link EndpointLayer}s over a {@link Transport}; built by {@link Endpoints#layered}. */
final class LayeredEndpoint implements Endpoint {
    private final List<EndpointLayer> layers;
    private final Transport transport;
    private final EndpointLayer.Next chain;

    LayeredEndpoint(List<EndpointLayer> layers, Transport transport) {
        this.layers = List.copyOf(layers);
        this.transport = transport;
        EndpointLayer.Next next = transport::send;
        for (int i = this.layers.size() - 1; i >= 0; i--) {
            EndpointLayer layer = this.layers.get(i);
            EndpointLayer.Next inner = next;
            next = r -> layer.complete(r, inner);
        }
        this.chain = next;
    }

    @Override
    public RawTurn complete(ModelRequest request) throws EndpointException {
        Exchange ex = chain.complete(request);
        if (ex.outcome() instanceof ResponseInterpreter.Turn t) return toRawTurn(ex, t);
        // only without a retry layer: a failure comes up as an outcome
        ResponseInterpreter.Failure f = ex.outcome() instanceof ResponseInterpreter.Retry r ? r.failure()
                : ((ResponseInterpreter.Fatal) ex.outcome()).failure();
        throw EndpointException.of(new Attempt(f.cause(), f.status(), f.message(), f.body(), null, ex.latencyMillis()), null);
    }

    static RawTurn toRawTurn(Exchange ex, ResponseInterpreter.Turn t) {
        Wire.Parts p = t.parts();
        return new RawTurn(p.completionTokens(), p.completionText(), p.chatMessage(), p.finishReason(),
                p.promptTokens(), p.completionTokenCount(), ex.latencyMillis(), ex.attempts(), t.status(),
                t.serverError(), p.injectedFaults(), ex.cached(), ex.answer().headers().simulated(), ex.replica(),
                p.logprobs());
    }

    @Override
    public String describe() {
        return transport.describe();
    }

    @Override
    public boolean inProcessSimulator() {
        return transport.inProcessSimulator();
    }

    @Override
    public void close() {
        transport.close();
    }

    @Override
    public String toString() {
        return "Endpoint[" + layers.stream().map(EndpointLayer::describe).collect(Collectors.joining(" → "))
                + " → " + transport + "]";
    }
}
