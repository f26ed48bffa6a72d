package dev.harmonica.endpoint;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Decides what one HTTP answer means (endpoints.md §6): a turn (possibly carrying a server-side format error), a
 * failure worth retrying, or a failure that is not. Pure; shared by the HTTP client and the in-process simulator.
 */
public final class ResponseInterpreter {
    /** Statuses always retried (with {@code Retry-After} honoured). */
    static final Set<Integer> RETRY_STATUSES = Set.of(408, 429, 502, 503, 504);

    private ResponseInterpreter() {
    }

    /** What an answer means. */
    public sealed interface Outcome permits Turn, Retry, Fatal {
    }

    /** A turn: {@code serverError} is non-null for a rejected turn (format error or mid-stream error event). */
    public record Turn(Wire.Parts parts, int status, String serverError) implements Outcome {
    }

    /**
     * Retry. {@code retryAfter}: the raw {@code Retry-After} header or null; {@code dropReturnTokenIds}: retry without
     * {@code return_token_ids} because the server rejected it.
     */
    public record Retry(int status, String message, String retryAfter, boolean dropReturnTokenIds) implements Outcome {
    }

    /** Give up now: a 4xx that is not a format error. */
    public record Fatal(int status, String message) implements Outcome {
    }

    /** A non-streaming answer (or a non-200 answer to a streaming request). */
    public static Outcome interpret(ModelRequest.Mode mode, int status, String body, String retryAfter,
                                    String simFaultsHeader, boolean sentReturnTokenIds) {
        JsonNode json = Json.tryParse(body);
        String err = Wire.errorMessage(json);
        if (status >= 200 && status < 300) {
            if (json == null || !json.isObject()) {
                return new Retry(status, "HTTP " + status + " with a body that is not JSON: " + snippet(body), null, false);
            }
            if (err != null) {
                if (FormatErrors.isFormatError(err)) return new Turn(errorParts(simFaultsHeader, json), status, err);
                return new Retry(status, "HTTP " + status + " with an error body: " + snippet(err), null, false);
            }
            try {
                Wire.Parts p = mode == ModelRequest.Mode.CHAT ? Wire.readChat(json) : Wire.readCompletion(json);
                return new Turn(withHeaderFaults(p, simFaultsHeader), status, null);
            } catch (Wire.MalformedResponseException e) {
                return new Retry(status, "HTTP " + status + " with an unexpected body: " + e.getMessage(), null, false);
            }
        }
        String message = err != null ? err : snippet(body);
        if (RETRY_STATUSES.contains(status)) return new Retry(status, "HTTP " + status + ": " + message, retryAfter, false);
        if (FormatErrors.isFormatError(message)) return new Turn(errorParts(simFaultsHeader, json), status, message);
        if (status >= 500) return new Retry(status, "HTTP " + status + ": " + message, retryAfter, false);
        if (sentReturnTokenIds && status == 400 && message.contains("return_token_ids")) {
            return new Retry(status, "HTTP 400: server rejects return_token_ids; retrying without it", null, true);
        }
        return new Fatal(status, "HTTP " + status + ": " + message);
    }

    /** A finished (or broken-off) 200 stream. */
    public static Outcome interpretStream(ChatStreamAssembler a, String simFaultsHeader) {
        List<String> faults = Wire.simFaultsHeader(simFaultsHeader);
        Wire.Parts p = new Wire.Parts(null, null, a.message(), a.finishReason(), a.promptTokens(),
                a.completionTokens(), faults);
        if (a.error() != null) return new Turn(p, 200, a.error());
        if (!a.isDone() && a.finishReason() == null) {
            return new Retry(200, "stream ended before [DONE] and without a finish_reason", null, false);
        }
        return new Turn(p, 200, null);
    }

    private static Wire.Parts errorParts(String simFaultsHeader, JsonNode body) {
        List<String> faults = new ArrayList<>(Wire.simFaultsHeader(simFaultsHeader));
        if (faults.isEmpty()) faults.addAll(Wire.simFaults(body));
        return new Wire.Parts(null, null, null, null, -1, -1, faults);
    }

    private static Wire.Parts withHeaderFaults(Wire.Parts p, String header) {
        if (!p.injectedFaults().isEmpty() || header == null) return p;
        return new Wire.Parts(p.completionTokens(), p.completionText(), p.chatMessage(), p.finishReason(),
                p.promptTokens(), p.completionTokenCount(), Wire.simFaultsHeader(header));
    }

    static String snippet(String s) {
        if (s == null) return "<no body>";
        String t = s.strip();
        return t.length() <= 300 ? t : t.substring(0, 300) + "…";
    }
}
