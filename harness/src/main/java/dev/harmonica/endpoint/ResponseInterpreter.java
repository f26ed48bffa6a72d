package dev.harmonica.endpoint;

import com.fasterxml.jackson.databind.JsonNode;
import dev.harmonica.endpoint.EndpointException.Cause;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Decides what one answer means (docs/endpoint.md, Client policy): a turn (possibly carrying a server-side FORMAT error, which is a
 * result), a failure worth retrying, or a failure that is not. Classifies by the body, not the status (docs/endpoint.md, Client policy): a
 * 400/500 whose message is a harmony parse error is a turn. Pure; every transport and the cache go through it, and
 * the retry layer acts on its decision.
 */
public final class ResponseInterpreter {
    /** Statuses always retried (with {@code Retry-After} honoured), whatever the body says. */
    static final Set<Integer> RETRY_STATUSES = Set.of(408, 429, 502, 503, 504);
    /** Characters of a body quoted in a message. */
    private static final int SNIPPET = 300;

    private ResponseInterpreter() {
    }

    /** What an answer means. */
    public sealed interface Outcome permits Turn, Retry, Fatal {
    }

    /** A turn: {@code serverError} is non-null for a turn the server rejected for its format. */
    public record Turn(Wire.Parts parts, int status, String serverError) implements Outcome {
    }

    /**
     * Why an answer is not a turn.
     *
     * @param cause   the failure's class
     * @param status  HTTP status
     * @param message one line, without the status (the exception adds it)
     * @param body    the error body or event (bounded by the exception), or null
     */
    public record Failure(Cause cause, int status, String message, String body) {
    }

    /**
     * Retry. {@code retryAfter}: the raw {@code Retry-After} header or null; {@code dropReturnTokenIds}: retry at once
     * without {@code return_token_ids} because the server rejected that field.
     */
    public record Retry(Failure failure, String retryAfter, boolean dropReturnTokenIds) implements Outcome {
    }

    /** Give up now: a 4xx that is not a format error, a redirect, a body too large. */
    public record Fatal(Failure failure) implements Outcome {
    }

    /**
     * The meaning of one answer.
     *
     * @param sentReturnTokenIds whether the request carried {@code return_token_ids} (a 400 naming the field is then a
     *                           retry without it)
     */
    public static Outcome interpret(ModelRequest.Mode mode, Answer a, boolean sentReturnTokenIds) {
        if (a.sse() && a.status() == 200) return interpretStream(a);
        JsonNode json = Json.tryParse(a.body());
        String err = Wire.errorMessage(json);
        if (a.status() >= 200 && a.status() < 300) return success(mode, a, json, err);
        return failure(a, json, err, sentReturnTokenIds);
    }

    private static Outcome success(ModelRequest.Mode mode, Answer a, JsonNode json, String err) {
        if (json == null || !json.isObject()) {
            return retry(Cause.MALFORMED_RESPONSE, a, "body is not a JSON object: " + snippet(a.body()));
        }
        if (err != null) {
            if (FormatErrors.isFormatError(err)) return new Turn(errorParts(a.headers(), json), a.status(), err);
            return retry(Cause.MALFORMED_RESPONSE, a, "error object instead of an answer: " + snippet(err));
        }
        try {
            Wire.Parts p = mode == ModelRequest.Mode.CHAT ? Wire.readChat(json) : Wire.readCompletion(json);
            return new Turn(withHeaderFaults(p, a.headers().simFaults()), a.status(), null);
        } catch (Wire.MalformedResponseException e) {
            return retry(Cause.MALFORMED_RESPONSE, a, "unexpected body: " + e.getMessage());
        }
    }

    private static Outcome failure(Answer a, JsonNode json, String err, boolean sentReturnTokenIds) {
        int status = a.status();
        String message = err != null ? err : snippet(a.body());
        if (status < 400) {
            return new Fatal(new Failure(Cause.MALFORMED_RESPONSE, status, "redirect"
                    + (a.headers().location() == null ? "" : " to " + snippet(a.headers().location()))
                    + " not followed (the request and its API key go to the configured address only);"
                    + " configure the final address", a.body()));
        }
        if (RETRY_STATUSES.contains(status)) return retry(Cause.ofStatus(status), a, message);
        if (FormatErrors.isFormatError(message)) return new Turn(errorParts(a.headers(), json), status, message);
        if (status >= 500) return retry(Cause.HTTP_5XX, a, message);
        if (sentReturnTokenIds && status == 400 && message.contains("return_token_ids")) {
            return new Retry(new Failure(Cause.HTTP_4XX, status,
                    "server rejects return_token_ids; retrying without it", a.body()), null, true);
        }
        return new Fatal(new Failure(Cause.ofStatus(status), status, message, a.body()));
    }

    /** A 200 event stream, as far as it came. */
    private static Outcome interpretStream(Answer a) {
        ChatStreamAssembler asm = new ChatStreamAssembler();
        try {
            for (String data : Sse.payloads(a.body())) {
                if (!asm.acceptData(data)) break;
            }
        } catch (Wire.MalformedResponseException e) {
            return retry(Cause.MALFORMED_RESPONSE, a, "stream: " + e.getMessage());
        }
        Wire.Parts p = new Wire.Parts(null, null, asm.message(), asm.finishReason(), asm.promptTokens(),
                asm.completionTokens(), Wire.simFaultsHeader(a.headers().simFaults()));
        if (asm.error() != null) {
            if (FormatErrors.isFormatError(asm.error())) return new Turn(p, 200, asm.error());
            // vLLM sends any engine failure this way (create_streaming_error_response): not the model's doing
            return new Retry(new Failure(Cause.STREAM_ERROR, 200, "error event in the stream: " + snippet(asm.error()),
                    asm.errorPayload()), null, false);
        }
        if (!asm.isDone() && asm.finishReason() == null) {
            return new Retry(new Failure(Cause.TRUNCATED_STREAM, 200,
                    "stream ended before [DONE] and without a finish_reason", null), null, false);
        }
        return new Turn(p, 200, null);
    }

    private static Retry retry(Cause cause, Answer a, String message) {
        return new Retry(new Failure(cause, a.status(), message, a.body()), a.headers().retryAfter(), false);
    }

    private static Wire.Parts errorParts(Answer.Headers headers, JsonNode body) {
        List<String> faults = new ArrayList<>(Wire.simFaultsHeader(headers.simFaults()));
        if (faults.isEmpty()) faults.addAll(Wire.simFaults(body));
        return new Wire.Parts(null, null, null, null, -1, -1, faults);
    }

    private static Wire.Parts withHeaderFaults(Wire.Parts p, String header) {
        if (!p.injectedFaults().isEmpty() || header == null) return p;
        return new Wire.Parts(p.completionTokens(), p.completionText(), p.chatMessage(), p.finishReason(),
                p.promptTokens(), p.completionTokenCount(), Wire.simFaultsHeader(header), p.logprobs());
    }

    static String snippet(String s) {
        if (s == null || s.isBlank()) return "<no body>";
        return Text.oneLine(s, SNIPPET);
    }
}
