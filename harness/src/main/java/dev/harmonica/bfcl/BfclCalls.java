package dev.harmonica.bfcl;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.harmonica.bfcl.py.Py;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** BFCL's decoding of FC-mode tool calls into call strings ({@code convert_to_function_call}, §9.2). */
public final class BfclCalls {
    private static final ObjectMapper JSON = new ObjectMapper();

    private BfclCalls() {
    }

    /** A tool call that BFCL could not decode (the whole step is then dropped and the turn ends). */
    public static final class DecodeException extends Exception {
        public DecodeException(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * {@code name(k=repr(v),…)} from the JSON arguments (keys in order, no spaces, Python reprs: {@code 5} vs
     * {@code 5.0}, {@code True}, {@code None}, single-quoted strings).
     */
    public static String toCallString(String name, String argumentsJson) throws DecodeException {
        JsonNode args;
        try {
            args = JSON.readTree(argumentsJson == null ? "" : argumentsJson);
        } catch (JsonProcessingException e) {
            throw new DecodeException("Expecting value: the arguments of '" + name + "' are not valid JSON ("
                    + e.getOriginalMessage() + ")");
        }
        if (args == null || args.isMissingNode()) {
            throw new DecodeException("Expecting value: the arguments of '" + name + "' are empty");
        }
        if (!args.isObject()) {
            throw new DecodeException("'" + Py.typeName(Py.fromJson(args)) + "' object has no attribute 'items'");
        }
        StringBuilder sb = new StringBuilder(name).append('(');
        Iterator<Map.Entry<String, JsonNode>> it = args.fields();
        boolean first = true;
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!first) sb.append(',');
            first = false;
            sb.append(e.getKey()).append('=').append(Py.repr(Py.fromJson(e.getValue())));
        }
        return sb.append(')').toString();
    }

    /**
     * Decodes one raw FC step as stored in BFCL result files: a list of {@code {name: arguments}} objects (arguments
     * a JSON string or an object). A text step (a JSON string) or any undecodable call gives a DecodeException.
     */
    public static List<String> decodeFcStep(JsonNode step) throws DecodeException {
        if (step.isTextual()) throw new DecodeException("'str' object has no attribute 'items'");
        List<JsonNode> items = new ArrayList<>();
        if (step.isObject()) items.add(step);
        else if (step.isArray()) step.forEach(items::add);
        else throw new DecodeException("unsupported step: " + step.getNodeType());
        List<String> out = new ArrayList<>();
        for (JsonNode call : items) {
            if (call.isTextual()) {
                out.add(call.textValue());
                continue;
            }
            if (!call.isObject()) throw new DecodeException("a call must be an object {name: arguments}");
            Iterator<Map.Entry<String, JsonNode>> it = call.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                JsonNode v = e.getValue();
                out.add(toCallString(e.getKey(), v.isTextual() ? v.textValue() : v.toString()));
            }
        }
        return out;
    }
}
