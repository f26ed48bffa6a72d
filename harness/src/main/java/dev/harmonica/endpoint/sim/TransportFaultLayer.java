package dev.harmonica.endpoint.sim;

import com.fasterxml.jackson.databind.JsonNode;
import dev.harmonica.endpoint.Answer;
import dev.harmonica.endpoint.EndpointConfig;
import dev.harmonica.endpoint.EndpointException;
import dev.harmonica.endpoint.EndpointException.Attempt;
import dev.harmonica.endpoint.EndpointException.Cause;
import dev.harmonica.endpoint.EndpointLayer;
import dev.harmonica.endpoint.Exchange;
import dev.harmonica.endpoint.ModelRequest;
import dev.harmonica.endpoint.Wire;

/**
 * Injects the transport faults of {@link TransportFaults} in front of any transport, in process (docs/endpoint.md, The simulator
 * "Transport faults"): a status fault, {@code error200} or {@code garbage} is answered here as the HTTP simulator
 * would answer it, without calling the transport; {@code reset} is a connection cut mid-answer
 * ({@link Cause#TRANSPORT}, or {@link Cause#TRUNCATED_STREAM} for a stream) and {@code stall} a timeout
 * ({@link Cause#READ_TIMEOUT}, or {@link Cause#IDLE_TIMEOUT} for a stream), both at once rather than after the wait a
 * real connection would cost. Sits under the retry layer, so each attempt draws its own fault.
 */
public final class TransportFaultLayer implements EndpointLayer {
    private final TransportFaults faults;
    private final EndpointConfig config;
    private final boolean directives;

    /** @param config the endpoint's configuration: its extra body may carry {@code harmonica_sim.transport} */
    public TransportFaultLayer(TransportFaults faults, EndpointConfig config) {
        this.faults = faults;
        this.config = config;
        JsonNode extra = config.extraBody();
        this.directives = extra != null && extra.path(Wire.SIM_FIELD).has("transport");
    }

    @Override
    public Exchange complete(ModelRequest request, Next next) throws EndpointException {
        TransportScript.Step f = faults.next(directives ? Wire.requestBody(request, config, true) : null);
        if (f == null) return next.complete(request);
        boolean stream = request.mode() == ModelRequest.Mode.CHAT && request.stream();
        if (f.kind() == TransportScript.Kind.RESET) {
            throw EndpointException.of(new Attempt(stream ? Cause.TRUNCATED_STREAM : Cause.TRANSPORT, -1,
                    "connection cut mid-answer (simulated transport fault)", null, null, 0), null);
        }
        if (f.kind() == TransportScript.Kind.STALL) {
            throw EndpointException.of(new Attempt(stream ? Cause.IDLE_TIMEOUT : Cause.READ_TIMEOUT, -1,
                    "no data for " + f.stallMillis() + " ms (simulated stall)", null, null, 0), null);
        }
        TransportFaults.Canned c = TransportFaults.canned(f);
        Answer a = new Answer(c.status(), c.body(), false, new Answer.Headers(c.retryAfter(), null, true, null));
        return Exchange.of(request.mode(), a, false, 0);
    }

    @Override
    public String describe() {
        return "transport-faults";
    }
}
