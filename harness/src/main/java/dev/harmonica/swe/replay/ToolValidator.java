package dev.harmonica.swe.replay;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.harmonica.swe.SweTools;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Validates tool calls against a fixed list of OpenAI tools: name declared, arguments valid JSON, arguments valid
 * against the tool's {@code parameters} JSON Schema (json-schema-validator 2.0.8, draft 2020-12; dependencies.md
 * §3.4). Schemas are compiled once, at construction; {@link #validate} is then thread-safe and cheap.
 */
public final class ToolValidator {
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * The outcome for one call.
     *
     * @param validName     the name is a declared tool (exact match)
     * @param validJson     the arguments parse as JSON
     * @param schemaChecked the tool's schema compiled and was applied (false: unknown tool, bad JSON, or a tool
     *                      schema the validator could not compile; then {@code schemaValid} says nothing)
     * @param schemaValid   the arguments are a JSON object valid against the schema
     * @param errors        human-readable problems, e.g. {@code required @ : required property 'path' not found}
     * @param arguments     the parsed arguments (null when not valid JSON)
     */
    public record Validation(boolean validName, boolean validJson, boolean schemaChecked, boolean schemaValid,
                             List<String> errors, JsonNode arguments) {
        public Validation {
            errors = List.copyOf(errors);
        }

        /** Name declared, JSON valid and schema valid. */
        public boolean ok() {
            return validName && validJson && schemaValid;
        }
    }

    private final Map<String, Schema> schemas = new LinkedHashMap<>();
    private final Map<String, String> compileErrors = new LinkedHashMap<>();

    public ToolValidator(List<JsonNode> tools) {
        SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
        for (JsonNode t : tools) {
            String name = SweTools.nameOf(t);
            try {
                schemas.put(name, registry.getSchema(SweTools.parametersOf(t)));
            } catch (RuntimeException e) {
                schemas.put(name, null);
                compileErrors.put(name, e.getMessage());
            }
        }
    }

    /** Whether {@code name} is declared. */
    public boolean declares(String name) {
        return schemas.containsKey(name);
    }

    public Validation validate(String name, String argumentsJson) {
        boolean validName = name != null && schemas.containsKey(name);
        JsonNode args;
        try {
            args = argumentsJson == null ? null : JSON.readTree(argumentsJson);
            if (args != null && args.isMissingNode()) args = null; // empty or blank text
        } catch (JsonProcessingException e) {
            args = null;
        }
        List<String> errors = new ArrayList<>();
        if (!validName) errors.add("unknown tool '" + name + "' (declared: " + String.join(", ", schemas.keySet()) + ")");
        if (args == null) {
            errors.add("arguments are not valid JSON");
            return new Validation(validName, false, false, false, errors, null);
        }
        if (!validName) return new Validation(false, true, false, false, errors, args);
        if (!(args instanceof ObjectNode)) {
            errors.add("arguments must be a JSON object, found " + args.getNodeType());
            return new Validation(true, true, true, false, errors, args);
        }
        Schema schema = schemas.get(name);
        if (schema == null) {
            errors.add("schema of tool '" + name + "' could not be compiled (" + compileErrors.get(name) + "); not checked");
            return new Validation(true, true, false, true, errors, args);
        }
        List<Error> found = schema.validate(args);
        for (Error e : found) errors.add(e.toString());
        return new Validation(true, true, true, found.isEmpty(), errors, args);
    }
}
