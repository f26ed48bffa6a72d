package dev.harmonica.harmony.parse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.harmonica.harmony.HarmonyEncoding;
import dev.harmonica.harmony.MessageJson;
import dev.harmonica.harmony.ParseOutcome;
import dev.harmonica.testing.SharedData;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/** Reads docs/conformance.md parse vectors and renders outcomes in the same JSON shape. */
final class Vectors {
    static final ObjectMapper JSON = new ObjectMapper();

    private Vectors() {
    }

    record Vector(String id, String role, String text, int[] tokens, JsonNode node) {
        JsonNode expected(String field) {
            return node.get(field);
        }
    }

    static List<Vector> load() {
        try {
            JsonNode arr = JSON.readTree(SharedData.require("harmony/parse_vectors.json").toFile());
            List<Vector> out = new ArrayList<>();
            for (JsonNode v : arr) {
                String role = v.get("parser_role").isNull() ? null : v.get("parser_role").asText();
                String text = v.get("input_text").asText();
                int[] tokens;
                if (v.has("input_token_ids")) {
                    JsonNode ids = v.get("input_token_ids");
                    tokens = new int[ids.size()];
                    for (int i = 0; i < ids.size(); i++) tokens[i] = ids.get(i).asInt();
                } else {
                    tokens = HarmonyEncoding.get().encodeWithSpecials(text);
                }
                out.add(new Vector(v.get("id").asText(), role, text, tokens, v));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {"ok": [...]} or {"err": "..."} (messages_before_error when given). */
    static ObjectNode result(ParseOutcome o) {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        if (o.isOk()) {
            n.set("ok", MessageJson.writeAll(o.messages()));
        } else {
            n.put("err", o.error());
        }
        return n;
    }

    /** The expected object without its commentary fields (basis, note) and without messages_before_error. */
    static ObjectNode comparable(JsonNode expected) {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        if (expected.has("ok")) n.set("ok", normaliseMessages((ArrayNode) expected.get("ok")));
        if (expected.has("err")) n.put("err", expected.get("err").asText());
        return n;
    }

    static ArrayNode normaliseMessages(ArrayNode messages) {
        ArrayNode out = JsonNodeFactory.instance.arrayNode();
        for (JsonNode m : messages) out.add(MessageJson.write(MessageJson.read(m)));
        return out;
    }
}
