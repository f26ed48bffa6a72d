package dev.harmonica.tools.bfcl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.harmonica.scenario.bfcl.BfclEntry;
import dev.harmonica.tools.bfcl.py.Py;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * What BFCL shows the model (ShishirPatil/gorilla bfcl_eval model_handler/api_inference/openai_completion.py): the OpenAI {@code tools} array of FC mode
 * ({@code convert_to_tool(functions, GORILLA_TO_OPENAPI, OPENAI_COMPLETIONS)}), the holdout messages of miss_func,
 * and the prompting-mode system prompt and tool-result message.
 */
public final class BfclPrompts {
    /** {@code DEFAULT_USER_PROMPT_FOR_ADDITIONAL_FUNCTION_FC}: the user message of a miss_func holdout turn (FC). */
    public static final String HOLDOUT_MESSAGE_FC =
            "I have updated some more functions you can choose from. What about now?";

    /** BFCL's default prompting-mode system prompt, before the indent-4 JSON of the docs. */
    public static final String PROMPTING_SYSTEM_PREFIX = "You are an expert in composing functions.You are given a "
            + "question and a set of possible functions. Based on the question, you will need to make one or more "
            + "function/tool calls to achieve the purpose. If none of the functions can be used, point it out. If the "
            + "given question lacks the parameters required by the function, also point it out.\n\nYou should only "
            + "return the function calls in your response.\n\nIf you decide to invoke any of the function(s), you MUST "
            + "put it in the format of [func_name1(params_name1=params_value1, params_name2=params_value2...), "
            + "func_name2(params)].  You SHOULD NOT include any other text in the response.\n\nAt each turn, you "
            + "should try your best to complete the tasks requested by the user within the current turn. Continue to "
            + "output functions to call until you have fulfilled the user's request to the best of your ability. Once "
            + "you have no more functions to call, the system will consider the current turn complete and proceed to "
            + "the next turn or task.\n\nHere is a list of functions in json format that you can invoke.\n";

    /** BFCL's Gorilla type → JSON Schema type mapping ({@code GORILLA_TO_OPENAPI}). */
    public static final Map<String, String> GORILLA_TO_OPENAPI = Map.ofEntries(
            Map.entry("integer", "integer"), Map.entry("number", "number"), Map.entry("float", "number"),
            Map.entry("string", "string"), Map.entry("boolean", "boolean"), Map.entry("bool", "boolean"),
            Map.entry("array", "array"), Map.entry("list", "array"), Map.entry("dict", "object"),
            Map.entry("object", "object"), Map.entry("tuple", "array"), Map.entry("any", "string"),
            Map.entry("byte", "integer"), Map.entry("short", "integer"), Map.entry("long", "integer"),
            Map.entry("double", "number"), Map.entry("char", "string"), Map.entry("ArrayList", "array"),
            Map.entry("Array", "array"), Map.entry("HashMap", "object"), Map.entry("Hashtable", "object"),
            Map.entry("Queue", "array"), Map.entry("Stack", "array"), Map.entry("Any", "string"),
            Map.entry("String", "string"), Map.entry("Bigint", "integer"));

    private static final ObjectMapper JSON = new ObjectMapper();

    private BfclPrompts() {
    }

    /**
     * The OpenAI Chat Completions {@code tools} array for these func docs, exactly as BFCL sends it:
     * {@code {"type":"function","function":{name, description, parameters (type forced to object, Gorilla types
     * mapped, float → number with format float and a description suffix), response (kept with Gorilla types)}}}.
     */
    public static ArrayNode openAiTools(List<JsonNode> docs) {
        ArrayNode out = JSON.createArrayNode();
        for (JsonNode doc : docs) {
            ObjectNode item = doc.deepCopy();
            JsonNode params = item.get("parameters");
            if (params instanceof ObjectNode p) {
                p.put("type", "object");
                if (p.get("properties") instanceof ObjectNode props) castProperties(props);
            }
            ObjectNode tool = JSON.createObjectNode();
            tool.put("type", "function");
            tool.set("function", item);
            out.add(tool);
        }
        return out;
    }

    /** The tools of an entry at a turn (docs offered at turn 0 plus holdouts released so far). */
    public static ArrayNode openAiTools(BfclEntry entry, int turn) {
        return openAiTools(entry.functionsAtTurn(turn));
    }

    private static String map(String gorilla) {
        return GORILLA_TO_OPENAPI.getOrDefault(gorilla, "string");
    }

    private static void castProperties(ObjectNode props) {
        Iterator<Map.Entry<String, JsonNode>> it = props.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!(e.getValue() instanceof ObjectNode v)) continue;
            if (!v.has("type")) {
                v.put("type", "string");
            } else {
                String t = v.get("type").asText();
                if (t.equals("float")) {
                    v.put("format", "float");
                    v.put("description", v.path("description").asText() + " This is a float type value.");
                }
                v.put("type", map(t));
            }
            String type = v.get("type").asText();
            if (type.equals("array") || type.equals("object")) {
                if (v.get("properties") instanceof ObjectNode inner) {
                    castProperties(inner);
                } else if (v.get("items") instanceof ObjectNode items) {
                    items.put("type", map(items.path("type").asText()));
                    String it2 = items.get("type").asText();
                    if (it2.equals("array") && items.get("items") instanceof ObjectNode ii) {
                        ii.put("type", map(ii.path("type").asText()));
                    } else if (it2.equals("object") && items.get("properties") instanceof ObjectNode ip) {
                        castProperties(ip);
                    }
                }
            }
        }
    }

    /**
     * The prompting-mode user message of a miss_func holdout turn: the Python repr of the released docs, a newline
     * and {@link #HOLDOUT_MESSAGE_FC} ({@code DEFAULT_USER_PROMPT_FOR_ADDITIONAL_FUNCTION_PROMPTING}).
     */
    public static String holdoutMessagePrompting(List<JsonNode> releasedDocs) {
        List<Object> docs = new ArrayList<>();
        for (JsonNode d : releasedDocs) docs.add(Py.fromJson(d));
        return Py.repr(docs) + "\n" + HOLDOUT_MESSAGE_FC;
    }

    /** The prompting-mode system prompt for these docs ({@code json.dumps(docs, indent=4)} + a newline). */
    public static String promptingSystemPrompt(List<JsonNode> docs) {
        StringBuilder sb = new StringBuilder(PROMPTING_SYSTEM_PREFIX);
        List<Object> values = new ArrayList<>();
        for (JsonNode d : docs) values.add(Py.fromJson(d));
        PyJsonIndent.dump(sb, values, 0);
        return sb.append('\n').toString();
    }

    /**
     * The prompting-mode user message carrying one step's tool results: the Python repr of
     * {@code [{"role": "tool", "name": <call>, "content": <result>}, …]}.
     */
    public static String promptingToolResults(List<String> calls, List<String> results) {
        List<Object> items = new ArrayList<>();
        for (int i = 0; i < calls.size(); i++) {
            items.add(Py.dict("role", "tool", "name", calls.get(i), "content", results.get(i)));
        }
        return Py.repr(items);
    }

    /** {@code json.dumps(v, indent=4)} (item separator "," + newline, key separator ": ", ensure_ascii). */
    static final class PyJsonIndent {
        private PyJsonIndent() {
        }

        static void dump(StringBuilder sb, Object v, int level) {
            if (v instanceof List<?> l) {
                if (l.isEmpty()) {
                    sb.append("[]");
                    return;
                }
                sb.append('[');
                for (int i = 0; i < l.size(); i++) {
                    sb.append(i == 0 ? "\n" : ",\n").append(" ".repeat(4 * (level + 1)));
                    dump(sb, l.get(i), level + 1);
                }
                sb.append('\n').append(" ".repeat(4 * level)).append(']');
            } else if (v instanceof Map<?, ?> m) {
                if (m.isEmpty()) {
                    sb.append("{}");
                    return;
                }
                sb.append('{');
                boolean first = true;
                for (Map.Entry<?, ?> e : m.entrySet()) {
                    sb.append(first ? "\n" : ",\n").append(" ".repeat(4 * (level + 1)));
                    first = false;
                    try {
                        sb.append(Py.jsonDumps(String.valueOf(e.getKey()))).append(": ");
                    } catch (Exception ex) {
                        throw new IllegalStateException(ex);
                    }
                    dump(sb, e.getValue(), level + 1);
                }
                sb.append('\n').append(" ".repeat(4 * level)).append('}');
            } else {
                try {
                    sb.append(Py.jsonDumps(v));
                } catch (Exception ex) {
                    throw new IllegalStateException(ex);
                }
            }
        }
    }
}
