package dev.harmonica.scenario.schema;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.harmonica.harmony.FailureMode;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The one tool-call validator (docs/endpoint.md, Client policy item 7; docs/swe.md), used by the runner's turns and by
 * SWE action scoring and import: the name must be a declared tool (exact match), the arguments valid JSON (the whole
 * text, no trailing tokens) and a JSON object valid against the tool's {@code parameters} schema (json-schema-validator
 * 2.0.8, draft 2020-12; a missing schema means {@code {"type":"object"}}). Schemas are compiled once per distinct
 * schema text and shared between instances; an instance is immutable and {@link #validate} thread-safe.
 */
public final class ToolValidator {
    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
    /** Compiled schema (or the compile error) per schema text: BFCL and SWE sets reuse a few hundred schemas. */
    private static final Map<String, Compiled> COMPILED = new ConcurrentHashMap<>();
    private static final JsonNode OBJECT_SCHEMA = JsonNodeFactory.instance.objectNode().put("type", "object");

    private record Compiled(Schema schema, String error) {
    }

    /**
     * The outcome for one call.
     *
     * @param name          the name validated
     * @param arguments     the argument text as written
     * @param validName     the name is a declared tool (exact match)
     * @param validJson     the arguments parse as JSON (empty text does not)
     * @param schemaChecked the tool's schema compiled and was applied (false: unknown tool, bad JSON, or a schema the
     *                      validator could not compile; then {@code schemaValid} says nothing about the schema)
     * @param schemaValid   the arguments are a JSON object valid against the schema (true, unchecked, when the schema
     *                      could not be compiled)
     * @param errors        human-readable problems, e.g. {@code required @ : required property 'path' not found}
     * @param parsed        the parsed arguments (null when not valid JSON)
     */
    public record Validation(String name, String arguments, boolean validName, boolean validJson,
                             boolean schemaChecked, boolean schemaValid, List<String> errors, JsonNode parsed) {
        public Validation {
            errors = List.copyOf(errors);
        }

        /** Name declared, JSON valid and schema valid. */
        public boolean ok() {
            return validName && validJson && schemaValid;
        }

        /** The schema's complaints (empty unless the name and JSON were valid). */
        public List<String> schemaErrors() {
            return validName && validJson ? errors : List.of();
        }

        /**
         * The tool-level failure modes of this call: {@code unknown_tool}, {@code invalid_json_arguments},
         * {@code schema_mismatch} (only for a declared tool with valid JSON).
         */
        public List<String> failureModes() {
            List<String> out = new ArrayList<>(2);
            if (!validName) out.add(FailureMode.UNKNOWN_TOOL.code());
            if (!validJson) out.add(FailureMode.INVALID_JSON_ARGUMENTS.code());
            else if (validName && !schemaValid) out.add(FailureMode.SCHEMA_MISMATCH.code());
            return out;
        }
    }

    private final Map<String, Compiled> schemas; // declared name -> compiled schema, declaration order

    private ToolValidator(Map<String, Compiled> schemas) {
        this.schemas = Collections.unmodifiableMap(schemas);
    }

    /** From OpenAI tools ({@code {"type":"function","function":{name, description, parameters}}} or flat). */
    public static ToolValidator of(Iterable<JsonNode> tools) {
        Map<String, Compiled> m = new LinkedHashMap<>();
        if (tools != null) {
            for (JsonNode t : tools) {
                JsonNode fn = t.has("function") ? t.get("function") : t;
                JsonNode params = fn.get("parameters");
                JsonNode schema = params == null || params.isNull() ? OBJECT_SCHEMA : params;
                m.put(fn.path("name").asText(""), COMPILED.computeIfAbsent(schema.toString(), k -> compile(schema)));
            }
        }
        return new ToolValidator(m);
    }

    private static Compiled compile(JsonNode schema) {
        try {
            return new Compiled(REGISTRY.getSchema(schema), null);
        } catch (RuntimeException e) {
            return new Compiled(null, String.valueOf(e.getMessage()));
        }
    }

    /** Whether {@code name} is declared (exact match). */
    public boolean declares(String name) {
        return name != null && schemas.containsKey(name);
    }

    /** The declared names, in declaration order. */
    public Set<String> names() {
        return schemas.keySet();
    }

    public boolean isEmpty() {
        return schemas.isEmpty();
    }

    /** Validates one call by its exact name. */
    public Validation validate(String name, String argumentsJson) {
        boolean validName = declares(name);
        JsonNode args = parse(argumentsJson).orElse(null);
        List<String> errors = new ArrayList<>();
        if (!validName) errors.add("unknown tool '" + name + "' (declared: " + String.join(", ", schemas.keySet()) + ")");
        if (args == null) {
            errors.add("arguments are not valid JSON");
            return new Validation(name, argumentsJson, validName, false, false, false, errors, null);
        }
        if (!validName) return new Validation(name, argumentsJson, false, true, false, false, errors, args);
        if (!(args instanceof ObjectNode)) {
            errors.add("arguments must be a JSON object, found " + args.getNodeType());
            return new Validation(name, argumentsJson, true, true, true, false, errors, args);
        }
        Compiled c = schemas.get(name);
        if (c.schema() == null) {
            errors.add("schema of tool '" + name + "' could not be compiled (" + c.error() + "); not checked");
            return new Validation(name, argumentsJson, true, true, false, true, errors, args);
        }
        List<Error> found;
        try {
            found = c.schema().validate(args);
        } catch (RuntimeException e) { // a schema that compiles but cannot be applied (e.g. a dangling $ref)
            errors.add("schema of tool '" + name + "' could not be applied (" + e.getMessage() + "); not checked");
            return new Validation(name, argumentsJson, true, true, false, true, errors, args);
        }
        for (Error e : found) errors.add(e.toString());
        return new Validation(name, argumentsJson, true, true, true, found.isEmpty(), errors, args);
    }

    /** The whole text as one JSON value, or empty (blank text, syntax error, trailing tokens). */
    public static Optional<JsonNode> parse(String text) {
        if (text == null || text.isBlank()) return Optional.empty();
        try {
            JsonNode n = JSON.readTree(text);
            return n == null || n.isMissingNode() ? Optional.empty() : Optional.of(n);
        } catch (JsonProcessingException e) {
            return Optional.empty();
        }
    }

    /** The tool name in a harmony recipient read exactly: {@code functions.x} → {@code x}; any other text as is. */
    public static String exactName(String recipient) {
        return recipient.startsWith("functions.") ? recipient.substring("functions.".length()) : recipient;
    }

    /**
     * The lenient reading of a recipient or tool name: leaked special-token text ({@code <|…}) and anything after
     * whitespace cut, the {@code functions.} prefix removed ({@code functions.submit<|channel|>commentary} →
     * {@code submit}, {@code functions.bash json} → {@code bash}).
     */
    public static String sanitizedName(String recipient) {
        if (recipient == null) return "";
        String s = recipient.strip();
        int special = s.indexOf("<|");
        if (special >= 0) s = s.substring(0, special);
        for (int i = 0; i < s.length(); i++) {
            if (Character.isWhitespace(s.charAt(i))) {
                s = s.substring(0, i);
                break;
            }
        }
        return exactName(s);
    }
}
