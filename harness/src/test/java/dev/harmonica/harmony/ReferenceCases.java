package dev.harmonica.harmony;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.harmonica.harmony.parse.HarmonyParsers;
import dev.harmonica.harmony.parse.RustText;
import dev.harmonica.harmony.parse.StreamTrace;
import dev.harmonica.harmony.render.RenderBatch;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * Harmonica's answer to one case of {@code harmony_reference.py}, through the same JSON Lines engines the CLI uses
 * ({@code render --batch}, {@code parse --stream}) or the parsers' API, compared with openai-harmony's. Each check
 * returns null when they agree, else a one-line description of the first difference.
 */
final class ReferenceCases {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    /** The per-state fields compared (as named by both sides). */
    private static final List<String> STATE_FIELDS = List.of("state", "role", "channel", "recipient", "content_type",
            "content_delta", "message_count", "new_messages", "content", "state_json", "error");

    private final RenderBatch renderBatch = new RenderBatch(HarmonyEncoding.get());
    private final StreamTrace trace = new StreamTrace("assistant", ParserKind.STRICT, true);

    /** The categories of comparison, each counted separately. */
    enum Category { RENDER, STRICT, NON_STRICT, STREAM_RUN, DEBUG_ESCAPE }

    static String role(JsonNode c) {
        return c.get("role").isNull() ? null : c.get("role").asText();
    }

    static int[] tokens(JsonNode c) {
        JsonNode ids = c.get("tokens");
        int[] out = new int[ids.size()];
        for (int i = 0; i < out.length; i++) out[i] = ids.get(i).asInt();
        return out;
    }

    String render(JsonNode c) {
        ObjectNode req = F.objectNode();
        req.set("id", c.get("id"));
        req.set("conversation", c.get("conversation"));
        req.set("mode", c.get("mode"));
        req.set("auto_drop_analysis", c.get("auto_drop_analysis"));
        StringWriter out = new StringWriter();
        try {
            renderBatch.run(new BufferedReader(new StringReader(req.toString())), out);
            JsonNode got = JSON.readTree(out.toString());
            JsonNode want = c.get("expected");
            if (want.has("error")) {
                return want.get("error").equals(got.get("error")) ? null : "expected error " + want.get("error") + ", got " + brief(got);
            }
            return want.get("token_ids").equals(got.get("token_ids")) ? null
                    : "expected token_ids " + want.get("token_ids") + ", got " + brief(got);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** strict ({@code strict=true}) or harmony non-strict on the case's tokens. */
    static String parse(JsonNode c, boolean strict) {
        ParseOutcome o = (strict ? HarmonyParsers.strict() : HarmonyParsers.harmonyNonStrict()).parse(tokens(c), role(c));
        ObjectNode got = F.objectNode();
        if (o.isOk()) got.set("messages", MessageJson.writeAll(o.messages()));
        else got.put("error", o.error());
        JsonNode want = normalised(c.get(strict ? "strict" : "non_strict"));
        return want.equals(got) ? null : "expected " + want + ", got " + got;
    }

    /** Streaming: the state after every token; returns null or the first differing state. */
    String stream(JsonNode c, int[] agreedStates) {
        ParserKind kind = c.get("strict").asBoolean() ? ParserKind.STRICT : ParserKind.HARMONY_NON_STRICT;
        List<ObjectNode> got = trace.trace(c.get("id"), tokens(c), role(c), kind);
        JsonNode want = c.get("states");
        for (int i = 0; i < want.size(); i++) {
            if (i >= got.size()) return "state " + i + ": Harmonica stopped after " + got.size() + " states";
            for (String f : STATE_FIELDS) {
                JsonNode w = normalisedField(f, want.get(i).get(f));
                JsonNode g = normalisedField(f, got.get(i).get(f));
                if (!w.equals(g)) return "state " + i + " (after token " + got.get(i).get("token") + ") field " + f
                        + ": expected " + w + ", got " + g;
            }
            agreedStates[0]++;
        }
        return got.size() == want.size() ? null : "Harmonica has " + got.size() + " states, harmony " + want.size();
    }

    /** Rust's Debug escaping of single code points (the Unicode-version-dependent part of harmony's error texts). */
    static String escape(JsonNode c, int[] agreedCodePoints) {
        JsonNode cps = c.get("code_points"), want = c.get("escaped");
        String first = null;
        for (int i = 0; i < cps.size(); i++) {
            int cp = cps.get(i).asInt();
            boolean got = RustText.debugQuoted(new String(Character.toChars(cp))).startsWith("\"\\u{");
            if (got == want.get(i).asBoolean()) agreedCodePoints[0]++;
            else if (first == null) first = String.format("U+%04X: harmony %s it, Harmonica %s", cp,
                    want.get(i).asBoolean() ? "escapes" : "prints", got ? "escapes" : "prints");
        }
        return first;
    }

    private static JsonNode normalisedField(String field, JsonNode v) {
        if (v == null) return F.nullNode();
        return field.equals("new_messages") ? normaliseMessages(v) : v;
    }

    private static JsonNode normalised(JsonNode expected) {
        if (!expected.has("messages")) return expected;
        ObjectNode n = F.objectNode();
        n.set("messages", normaliseMessages(expected.get("messages")));
        return n;
    }

    /** harmony's serde JSON of messages in Harmonica's field order (read and written by {@link MessageJson}). */
    static ArrayNode normaliseMessages(JsonNode messages) {
        ArrayNode out = F.arrayNode();
        for (JsonNode m : messages) out.add(MessageJson.write(MessageJson.read(m)));
        return out;
    }

    private static String brief(JsonNode got) {
        String s = got.toString();
        return s.length() > 600 ? s.substring(0, 600) + "…" : s;
    }
}
