package dev.harmonica.endpoint;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/** JSON helpers shared by the endpoint package: one configured mapper and canonical (sorted-key) output. */
public final class Json {
    /** Plain mapper; nodes keep their insertion order; trailing content after the JSON value is an error. */
    public static final ObjectMapper MAPPER = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final ObjectMapper SORTED = new ObjectMapper().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);
    public static final JsonNodeFactory F = JsonNodeFactory.instance;

    private Json() {
    }

    public static ObjectNode object() {
        return F.objectNode();
    }

    public static ArrayNode array() {
        return F.arrayNode();
    }

    /** Parses JSON text; returns null when the text is not JSON (the caller decides what that means). */
    public static JsonNode tryParse(String text) {
        if (text == null) return null;
        try {
            return MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    public static String write(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Canonical JSON: object keys sorted (by UTF-16 code units, recursively), no insignificant whitespace, numbers
     * as Jackson writes them. Used for cache keys and request digests.
     */
    public static String canonical(JsonNode node) {
        try {
            return SORTED.writeValueAsString(sortKeys(node));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode sortKeys(JsonNode node) {
        if (node == null) return F.nullNode();
        if (node.isObject()) {
            List<String> names = new ArrayList<>();
            Iterator<String> it = node.fieldNames();
            while (it.hasNext()) names.add(it.next());
            names.sort(null);
            ObjectNode out = F.objectNode();
            for (String n : names) out.set(n, sortKeys(node.get(n)));
            return out;
        }
        if (node.isArray()) {
            ArrayNode out = F.arrayNode();
            for (JsonNode e : node) out.add(sortKeys(e));
            return out;
        }
        return node;
    }

    /** A string field, or null when absent, null or not textual. */
    public static String text(JsonNode node, String field) {
        if (node == null) return null;
        JsonNode v = node.get(field);
        return v == null || !v.isTextual() ? null : v.textValue();
    }

    public static int intOr(JsonNode node, String field, int fallback) {
        if (node == null) return fallback;
        JsonNode v = node.get(field);
        return v == null || !v.isNumber() ? fallback : v.intValue();
    }
}
