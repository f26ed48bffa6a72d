package dev.harmonica.harmony.render;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * JSON Schema → the TypeScript-like type text harmony puts in a tool's {@code type f = (_: ...) => any;} line,
 * reproducing openai/harmony v0.0.8's {@code json_schema_to_typescript} with all of its quirks
 * (openai/harmony v0.0.8 src/encoding.rs (rendering)): doubled descriptions of nested objects, {@code []} after the last {@code oneOf} variant,
 * unescaped strings, multi-line descriptions without a {@code //} prefix on continuation lines, three different
 * default-comment formats, and so on. Property order is the JSON order; JSON {@code null} members count as present
 * (serde's {@code Value::get} returns {@code Some(Null)}).
 */
public final class TypeScriptSchema {
    private TypeScriptSchema() {
    }

    /** The type text of a tool's parameters (top-level call, indent {@code ""}). */
    public static String render(JsonNode schema) {
        StringBuilder out = new StringBuilder(256);
        render(schema, "", out);
        return out.toString();
    }

    static void render(JsonNode schema, String indent, StringBuilder out) {
        // 1. oneOf array at this level
        JsonNode oneOf = get(schema, "oneOf");
        if (oneOf != null && oneOf.isArray()) {
            String inner = indent + "   ";
            for (JsonNode variant : oneOf) {
                out.append('\n').append(indent).append(" | ");
                appendWithNullable(variant, inner, out);
                StringBuilder comments = new StringBuilder();
                String desc = str(get(variant, "description"));
                boolean anyComment = desc != null;
                if (desc != null) comments.append(desc);
                JsonNode def = get(variant, "default");
                if (def != null) {
                    if (anyComment) comments.append(' ');
                    anyComment = true;
                    // top-level variants quote only non-enum strings and print every other default as JSON
                    if (def.isTextual() && !isEnum(variant)) {
                        comments.append("default: \"").append(def.textValue()).append('"');
                    } else {
                        comments.append("default: ");
                        SerdeJson.write(def, comments);
                    }
                }
                if (anyComment) out.append(" // ").append(comments);
            }
            return;
        }
        JsonNode type = get(schema, "type");
        // 2. type as an array of names
        if (type != null && type.isArray()) {
            int before = out.length();
            boolean any = false;
            for (JsonNode t : type) {
                if (!t.isTextual()) continue;
                if (any) out.append(" | ");
                String name = t.textValue();
                out.append("integer".equals(name) ? "number" : name);
                any = true;
            }
            if (any) return;
            out.setLength(before);
        }
        // 3. type as a string
        if (type != null && type.isTextual()) {
            switch (type.textValue()) {
                case "object" -> renderObject(schema, indent, out);
                case "string" -> {
                    JsonNode en = get(schema, "enum");
                    boolean any = false;
                    if (en != null && en.isArray()) {
                        for (JsonNode v : en) {
                            if (!v.isTextual()) continue;
                            if (any) out.append(" | ");
                            out.append('"').append(v.textValue()).append('"');
                            any = true;
                        }
                    }
                    if (!any) out.append("string");
                }
                case "number", "integer" -> out.append("number");
                case "boolean" -> out.append("boolean");
                case "array" -> {
                    JsonNode items = get(schema, "items");
                    if (items != null) {
                        render(items, indent, out);
                        out.append("[]");
                    } else {
                        out.append("Array<any>");
                    }
                }
                default -> out.append("any");
            }
            return;
        }
        // 4. nothing usable (anyOf, $ref, bare enum, non-object schema, ...)
        out.append("any");
    }

    private static void renderObject(JsonNode schema, String indent, StringBuilder out) {
        String desc = str(get(schema, "description"));
        if (desc != null) out.append(indent).append("// ").append(desc).append('\n');
        out.append("{\n");
        JsonNode props = get(schema, "properties");
        if (props != null && props.isObject()) {
            Set<String> required = new HashSet<>();
            JsonNode req = get(schema, "required");
            if (req != null && req.isArray()) {
                for (JsonNode r : req) if (r.isTextual()) required.add(r.textValue());
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = props.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                renderProperty(e.getKey(), e.getValue(), required.contains(e.getKey()), indent, out);
            }
        }
        out.append(indent).append('}');
    }

    private static void renderProperty(String key, JsonNode val, boolean required, String indent, StringBuilder out) {
        String title = str(get(val, "title"));
        if (title != null) out.append(indent).append("// ").append(title).append('\n').append(indent).append("//\n");
        JsonNode oneOf = get(val, "oneOf");
        String propertyDesc = str(get(val, "description"));
        if (oneOf == null && propertyDesc != null) out.append(indent).append("// ").append(propertyDesc).append('\n');
        JsonNode examples = get(val, "examples");
        if (examples != null && examples.isArray() && !examples.isEmpty()) {
            out.append(indent).append("// Examples:\n");
            for (JsonNode ex : examples) {
                if (ex.isTextual()) out.append(indent).append("// - \"").append(ex.textValue()).append("\"\n");
            }
        }
        String optional = required ? "" : "?";
        if (oneOf != null && oneOf.isArray()) {
            boolean skipPropertyDesc = false;
            if (propertyDesc != null && !oneOf.isEmpty()) {
                String firstDesc = str(get(oneOf.get(0), "description"));
                skipPropertyDesc = propertyDesc.equals(firstDesc);
            }
            boolean renderedAbove = false;
            if (!skipPropertyDesc && propertyDesc != null) {
                out.append(indent).append("// ").append(propertyDesc).append('\n');
                renderedAbove = true;
            }
            JsonNode def = get(val, "default");
            if (def != null) {
                out.append(indent).append("// default: ");
                appendDefault(def, isEnum(val), out);
                out.append('\n');
            }
            out.append(indent).append(key).append(optional).append(":\n");
            String inner = indent + "   ";
            for (int i = 0; i < oneOf.size(); i++) {
                JsonNode variant = oneOf.get(i);
                out.append(indent).append(" | ");
                appendWithNullable(variant, inner, out);
                StringBuilder comments = new StringBuilder();
                boolean anyComment = false;
                if (!(i == 0 && renderedAbove)) {
                    String vd = str(get(variant, "description"));
                    if (vd != null && !vd.equals(propertyDesc)) {
                        comments.append(vd);
                        anyComment = true;
                    }
                }
                JsonNode vdef = get(variant, "default");
                if (vdef != null) {
                    if (anyComment) comments.append(' ');
                    comments.append("default: ");
                    appendDefault(vdef, isEnum(variant), comments);
                    anyComment = true;
                }
                if (anyComment) out.append(" // ").append(comments);
                out.append('\n');
            }
            out.append(indent).append(",\n");
            return;
        }
        out.append(indent).append(key).append(optional).append(": ");
        appendWithNullable(val, indent + "    ", out);
        out.append(',');
        if (oneOf == null) {
            JsonNode def = get(val, "default");
            if (def != null) {
                out.append(" // default: ");
                appendDefault(def, isEnum(val), out);
            }
        }
        out.append('\n');
    }

    /** {@code "s"} for a string default of a non-enum schema, {@code s} for an enum's, compact JSON otherwise. */
    private static void appendDefault(JsonNode def, boolean isEnum, StringBuilder out) {
        if (def.isTextual()) {
            if (isEnum) out.append(def.textValue());
            else out.append('"').append(def.textValue()).append('"');
        } else {
            SerdeJson.write(def, out);
        }
    }

    /** TS(schema) plus {@code " | null"} when the schema says {@code nullable: true} and the text lacks "null". */
    private static void appendWithNullable(JsonNode schema, String indent, StringBuilder out) {
        int start = out.length();
        render(schema, indent, out);
        JsonNode nullable = get(schema, "nullable");
        if (nullable != null && nullable.isBoolean() && nullable.booleanValue()
                && out.indexOf("null", start) < 0) {
            out.append(" | null");
        }
    }

    private static boolean isEnum(JsonNode schema) {
        JsonNode en = get(schema, "enum");
        return en != null && en.isArray() && !en.isEmpty();
    }

    /** serde's {@code value.get(key)}: only objects have members; a JSON null member is present. */
    private static JsonNode get(JsonNode node, String key) {
        return node != null && node.isObject() ? node.get(key) : null;
    }

    private static String str(JsonNode node) {
        return node != null && node.isTextual() ? node.textValue() : null;
    }
}
