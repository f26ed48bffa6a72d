package dev.harmonica.harmony.parse;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.harmonica.harmony.HarmonyEncoding;
import dev.harmonica.harmony.Message;
import dev.harmonica.harmony.MessageJson;
import dev.harmonica.harmony.ParseOutcome;
import dev.harmonica.harmony.ParserKind;
import dev.harmonica.harmony.Repair;
import dev.harmonica.harmony.Utf8Lines;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code harmonica parse --stream} engine: a parser fed token by token, its state written after every token as
 * openai/harmony v0.0.8's {@code StreamableParser} reports it, so that it can be compared from outside and used to
 * debug a server's streaming.
 *
 * <p>Input, JSON Lines: {@code {"id", "role": "assistant"|null, "input_token_ids": [...] | "input_text": "...",
 * "parser": "strict"|"harmony_non_strict"|"lenient"}} (a missing role or parser takes the defaults given).
 *
 * <p>Output: per input token one line {@code {"id", "index", "token", "state": "ExpectStart"|"Header"|"Content",
 * "role", "channel", "recipient", "content_type", "content_delta", "message_count", "new_messages": [...]}} (the
 * accessors after that token; {@code content_delta} is {@code last_content_delta()}, null while a multi-byte
 * character is incomplete; {@code new_messages} are those completed by this token), then one line for the end of
 * input with {@code "index": N, "token": null} and the parse's {@code "outcome"}. With {@code full} each line also
 * has {@code "content"} (the current content) and {@code "state_json"} (harmony's {@code state_json()}). The first
 * error ends an input: its line has {@code "error"}, {@code "error_kind"} and the outcome. A malformed input line
 * gives {@code {"id", "input_error"}} naming the line and field.
 */
public final class StreamTrace {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private final String defaultRole;
    private final ParserKind defaultParser;
    private final boolean full;

    /** Counts of one run: input lines answered, state lines written, malformed input lines. */
    public record Stats(long inputs, long states, long inputErrors) {
    }

    public StreamTrace(String defaultRole, ParserKind defaultParser, boolean full) {
        this.defaultRole = HeaderParser.requireStartRole(defaultRole);
        this.defaultParser = defaultParser;
        this.full = full;
    }

    /** Processes every line of decoded text (see {@link #run(Utf8Lines, Writer, String)}). */
    public Stats run(BufferedReader in, Writer out, String source) throws IOException {
        return run(Utf8Lines.of(in), out, source);
    }

    /**
     * Processes every line of {@code in}; {@code source} names the input in error messages. A line that is not
     * UTF-8 gets one {@code input_error} line naming it.
     */
    public Stats run(Utf8Lines in, Writer out, String source) throws IOException {
        JsonFactory factory = JSON.getFactory();
        long inputs = 0, states = 0, inputErrors = 0, lineNo = 0;
        try (JsonGenerator g = factory.createGenerator(out)) {
            g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            g.enable(JsonWriteFeature.ESCAPE_NON_ASCII.mappedFeature()); // ASCII output, whatever the platform charset
            g.setRootValueSeparator(null);
            Utf8Lines.Line line;
            while ((line = in.next()) != null) {
                lineNo++;
                if (line.isBlank()) continue;
                inputs++;
                String where = source + " line " + lineNo + ": ";
                Request r;
                try {
                    if (!line.isValid()) throw new IllegalArgumentException(where + line.error());
                    r = request(line.text(), where);
                } catch (IllegalArgumentException e) {
                    inputErrors++;
                    JSON.writeTree(g, F.objectNode().putNull("id").put("input_error", e.getMessage()));
                    g.writeRaw('\n');
                    if (!in.ready()) g.flush();
                    continue;
                }
                for (ObjectNode state : trace(r.id(), r.tokens(), r.role(), r.parser())) {
                    JSON.writeTree(g, state);
                    g.writeRaw('\n');
                    states++;
                }
                if (!in.ready()) g.flush();
            }
            g.flush();
        }
        return new Stats(inputs, states, inputErrors);
    }

    /** One parsed input line. */
    private record Request(JsonNode id, int[] tokens, String role, ParserKind parser) {
    }

    private Request request(String line, String where) {
        JsonNode n;
        try {
            n = JSON.readTree(line);
        } catch (IOException e) {
            throw new IllegalArgumentException(where + "not valid JSON: " + e.getMessage().lines().findFirst().orElse(""));
        }
        if (n == null || !n.isObject()) throw new IllegalArgumentException(where + "expected a JSON object");
        JsonNode id = n.has("id") ? n.get("id") : F.nullNode();
        String role = defaultRole;
        if (n.has("role")) {
            JsonNode rn = n.get("role");
            if (!rn.isNull() && !(rn.isTextual() && HeaderWords.isRole(rn.textValue()))) {
                throw new IllegalArgumentException(where + "field role: expected a harmony role or null, got " + rn);
            }
            role = rn.isNull() ? null : rn.textValue();
        }
        return new Request(id, tokens(n, where), role, parser(n, where));
    }

    private static int[] tokens(JsonNode n, String where) {
        JsonNode ids = n.get("input_token_ids");
        JsonNode text = n.get("input_text");
        if (ids != null && !ids.isNull()) return TokenIds.read(ids, where + "field input_token_ids");
        if (text != null && text.isTextual()) return HarmonyEncoding.get().encodeWithSpecials(text.textValue());
        throw new IllegalArgumentException(where + "field input_text: missing or not a string (or give input_token_ids)");
    }

    private ParserKind parser(JsonNode n, String where) {
        JsonNode p = n.get("parser");
        if (p == null || p.isNull()) return defaultParser;
        for (ParserKind k : ParserKind.values()) if (k.jsonName().equals(p.asText())) return k;
        throw new IllegalArgumentException(where + "field parser: expected strict, harmony_non_strict or lenient, got " + p);
    }

    /** The state lines of one input: one per token until the first error, then the end of input. */
    public List<ObjectNode> trace(JsonNode id, int[] tokens, String role, ParserKind parser) {
        HarmonyStreamParser p = new HarmonyStreamParser(parser, LenientOptions.defaults(), role);
        List<ObjectNode> out = new ArrayList<>(tokens.length + 1);
        int seen = 0;
        for (int i = 0; i <= tokens.length; i++) {
            ParseOutcome outcome = null;
            if (i < tokens.length) {
                p.push(tokens[i]);
            } else {
                outcome = p.finish();
            }
            ObjectNode s = state(id, i, i < tokens.length ? tokens[i] : null, p, seen);
            seen = p.messages().size();
            if (p.error() != null) {
                s.put("error", p.error());
                s.put("error_kind", p.errorKind().name());
                if (outcome == null) outcome = p.finish();
            }
            if (outcome != null) s.set("outcome", outcome(outcome));
            out.add(s);
            if (outcome != null) break;
        }
        return out;
    }

    private ObjectNode state(JsonNode id, int index, Integer token, HarmonyStreamParser p, int seen) {
        ObjectNode s = F.objectNode();
        s.set("id", id);
        s.put("index", index);
        if (token == null) s.putNull("token");
        else if (token >= 0) s.put("token", (int) token);
        else s.put("token", Integer.toUnsignedLong(token));
        s.put("state", p.state().harmonyName());
        s.put("role", p.currentRole());
        s.put("channel", p.currentChannel());
        s.put("recipient", p.currentRecipient());
        s.put("content_type", p.currentContentType());
        s.put("content_delta", p.lastContentDelta());
        List<Message> messages = p.messages();
        s.put("message_count", messages.size());
        s.set("new_messages", MessageJson.writeAll(messages.subList(Math.min(seen, messages.size()), messages.size())));
        if (full) {
            s.put("content", p.currentContent());
            s.set("state_json", p.stateJson());
        }
        return s;
    }

    private static ObjectNode outcome(ParseOutcome o) {
        ObjectNode n = F.objectNode();
        n.set("messages", MessageJson.writeAll(o.messages()));
        if (!o.isOk()) {
            n.put("error", o.error());
            n.put("error_kind", o.errorKind().name());
        }
        ArrayNode repairs = n.putArray("repairs");
        for (Repair r : o.repairs()) {
            repairs.addObject().put("code", r.code()).put("offset", r.offset()).put("before", r.before())
                    .put("after", r.after()).put("lossy", r.lossy());
        }
        return n;
    }
}
