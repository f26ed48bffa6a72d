package dev.harmonica.endpoint.sim;

import com.fasterxml.jackson.databind.JsonNode;
import dev.harmonica.endpoint.ResponseCache;
import dev.harmonica.endpoint.Wire;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Which transport fault the next request gets, per {@link TransportScript}: a script for the whole simulator
 * (consumed in request order), or a request's own {@code harmonica_sim.transport} directive (consumed in attempt
 * order per identical request body). Shared by the HTTP simulator and the in-process {@link TransportFaultLayer};
 * {@link #reset()} returns it to its start. Thread-safe.
 */
public final class TransportFaults {
    private final TransportScript script;
    private final AtomicLong scripted = new AtomicLong();
    private final Map<String, AtomicLong> perRequest = new ConcurrentHashMap<>();

    /** @param script the simulator-wide script ({@link TransportScript#NONE} for none) */
    public TransportFaults(TransportScript script) {
        this.script = script;
    }

    /** A canned answer for a status-like fault: status, body and {@code Retry-After} (or null). */
    public record Canned(int status, String body, String retryAfter) {
    }

    /**
     * The fault for a request, or null for none.
     *
     * @param body the request body as JSON, or null when it carries no {@code transport} directive
     */
    public TransportScript.Step next(JsonNode body) {
        JsonNode directive = body == null ? null : body.path(Wire.SIM_FIELD).get("transport");
        if (directive != null && directive.isTextual()) {
            TransportScript own;
            try {
                own = TransportScript.parse(directive.textValue());
            } catch (IllegalArgumentException e) {
                return null; // the engine does not look at this field; a bad directive is simply ignored
            }
            String key = ResponseCache.key("", body);
            return own.at(perRequest.computeIfAbsent(key, k -> new AtomicLong()).getAndIncrement());
        }
        return script.isEmpty() ? null : script.at(scripted.getAndIncrement());
    }

    /** Forgets every request seen: the script starts again from its first fault. */
    public void reset() {
        scripted.set(0);
        perRequest.clear();
    }

    /** The answer of a {@code STATUS}, {@code ERROR200} or {@code GARBAGE} fault (none is a harmony format error). */
    public static Canned canned(TransportScript.Step f) {
        return switch (f.kind()) {
            case GARBAGE -> new Canned(200, "<html><body>502 upstream glitch (simulated garbage)</body></html>", null);
            case ERROR200 -> new Canned(200, "{\"error\":{\"message\":\"simulated engine failure reported inside an"
                    + " HTTP 200\",\"type\":\"InternalServerError\",\"param\":null,\"code\":500}}", null);
            case STATUS -> new Canned(f.status(), "{\"error\":{\"message\":\"simulated transient failure (HTTP "
                    + f.status() + ")\",\"type\":\"ServiceUnavailableError\",\"param\":null,\"code\":" + f.status()
                    + "}}", f.retryAfter());
            default -> throw new IllegalArgumentException(f.kind() + " has no canned answer: it cuts the connection");
        };
    }
}
