package dev.harmonica.harmony.render;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.harmonica.harmony.HarmonyEncoding;
import dev.harmonica.harmony.Message;
import dev.harmonica.harmony.MessageJson;
import dev.harmonica.harmony.RendererOptions;
import dev.harmonica.harmony.RendererPresets;
import dev.harmonica.harmony.Rendering;
import dev.harmonica.harmony.Utf8Lines;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Writer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code harmonica render --batch} engine: JSON Lines in, one JSON line out per input line, streaming.
 *
 * <p>Input line: {@code {"id", "conversation": {"messages": [...]}, "mode": "conversation"|"completion"|"training",
 * "auto_drop_analysis": bool, "renderer": "harmony-v0.0.8"|"pr114"|<custom spec>, "next_role"?}}. Defaults:
 * mode {@code completion}, auto_drop_analysis {@code true} (openai/harmony's Python default), renderer
 * {@code harmony-v0.0.8}, next_role {@code assistant}.
 *
 * <p>Output line: {@code {"id", "text", "token_ids"}}; {@code {"id", "error"}} when harmony refuses to render the
 * conversation (its exact message); {@code {"id", "input_error"}} for a malformed line, naming the line number
 * and the field. Blank lines are skipped. One encoding, one renderer per configuration and their caches are
 * shared by all lines.
 */
public final class RenderBatch {
    /** harmony's roles; anything else is not a harmony message. */
    public static final Set<String> ROLES = Set.of("user", "assistant", "system", "developer", "tool");

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final HarmonyEncoding encoding;
    private final Map<String, RendererOptions> specs = new HashMap<>();
    private final Map<RendererOptions, HarmonyRenderer> renderers = new HashMap<>();

    /** Counts of one run. */
    public record Stats(long lines, long rendered, long errors, long inputErrors) {
    }

    public RenderBatch(HarmonyEncoding encoding) {
        this.encoding = encoding;
    }

    /** Processes every line of decoded text (see {@link #run(Utf8Lines, Writer)}). */
    public Stats run(BufferedReader in, Writer out) throws IOException {
        return run(Utf8Lines.of(in), out);
    }

    /**
     * Processes every line of {@code in}; flushes {@code out} whenever the input has nothing ready. Every non-blank
     * line gets exactly one output line: a line that is not UTF-8 gets an {@code input_error} naming it.
     */
    public Stats run(Utf8Lines in, Writer out) throws IOException {
        JsonFactory factory = MAPPER.getFactory();
        long lines = 0, rendered = 0, errors = 0, inputErrors = 0;
        try (JsonGenerator gen = factory.createGenerator(out)) {
            gen.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            // ASCII-only output (\\uXXXX escapes): correct whatever the platform charset of the output stream
            gen.enable(JsonWriteFeature.ESCAPE_NON_ASCII.mappedFeature());
            gen.setRootValueSeparator(null); // lines are separated by the '\n' written after each object
            Utf8Lines.Line line;
            while ((line = in.next()) != null) {
                lines++;
                if (line.isBlank()) continue;
                Outcome outcome = line.isValid() ? processLine(line.text(), line.number(), gen)
                        : inputError(gen, null, "line " + line.number() + ": " + line.error());
                switch (outcome) {
                    case RENDERED -> rendered++;
                    case ERROR -> errors++;
                    case INPUT_ERROR -> inputErrors++;
                }
                gen.writeRaw('\n');
                if (!in.ready()) gen.flush();
            }
            gen.flush();
        }
        return new Stats(lines, rendered, errors, inputErrors);
    }

    private enum Outcome { RENDERED, ERROR, INPUT_ERROR }

    private Outcome processLine(String line, long lineNo, JsonGenerator gen) throws IOException {
        JsonNode root;
        try {
            root = MAPPER.readTree(line);
        } catch (JsonProcessingException e) {
            return inputError(gen, null, "line " + lineNo + ": not valid JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            return inputError(gen, null, "line " + lineNo + ": expected a JSON object {\"id\", \"conversation\", ...}");
        }
        JsonNode id = root.get("id");
        Request req;
        try {
            req = request(root);
        } catch (IllegalArgumentException e) {
            return inputError(gen, id, "line " + lineNo + ": " + e.getMessage());
        }
        Rendering r;
        try {
            r = switch (req.mode) {
                case "conversation" -> req.renderer.renderConversation(req.messages, req.autoDrop);
                case "training" -> req.renderer.renderForTraining(req.messages, req.autoDrop);
                default -> req.renderer.renderForCompletion(req.messages, req.nextRole, req.autoDrop);
            };
        } catch (RenderException e) {
            gen.writeStartObject();
            writeId(gen, id);
            gen.writeStringField("error", e.getMessage());
            gen.writeEndObject();
            return Outcome.ERROR;
        }
        gen.writeStartObject();
        writeId(gen, id);
        gen.writeStringField("text", r.text());
        gen.writeFieldName("token_ids");
        int[] ids = r.tokenIds();
        gen.writeArray(ids, 0, ids.length);
        gen.writeEndObject();
        return Outcome.RENDERED;
    }

    private record Request(List<Message> messages, String mode, boolean autoDrop, HarmonyRenderer renderer, String nextRole) {
    }

    private Request request(JsonNode root) {
        JsonNode conv = root.get("conversation");
        if (conv == null || conv.isNull()) throw new IllegalArgumentException("conversation: missing (expected {\"messages\": [...]})");
        List<Message> messages;
        try {
            messages = MessageJson.readConversation(conv);
        } catch (MessageJson.InvalidMessageException e) {
            String m = e.getMessage();
            throw new IllegalArgumentException(m.startsWith("conversation") ? m : "conversation." + m);
        }
        for (int i = 0; i < messages.size(); i++) {
            String role = messages.get(i).role();
            if (!ROLES.contains(role)) {
                throw new IllegalArgumentException("conversation.messages[" + i + "].role: unknown role '" + role
                        + "' (expected user, assistant, system, developer or tool)");
            }
        }
        String mode = optionalString(root, "mode", "completion");
        if (!mode.equals("completion") && !mode.equals("conversation") && !mode.equals("training")) {
            throw new IllegalArgumentException("mode: expected \"conversation\", \"completion\" or \"training\", got \"" + mode + "\"");
        }
        JsonNode drop = root.get("auto_drop_analysis");
        boolean autoDrop = true;
        if (drop != null && !drop.isNull()) {
            if (!drop.isBoolean()) throw new IllegalArgumentException("auto_drop_analysis: expected true or false, got " + drop);
            autoDrop = drop.booleanValue();
        }
        String spec = optionalString(root, "renderer", RendererPresets.V0_0_8_NAME);
        HarmonyRenderer renderer;
        try {
            renderer = renderer(spec);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("renderer: " + e.getMessage());
        }
        String nextRole = optionalString(root, "next_role", "assistant");
        if (!ROLES.contains(nextRole)) {
            throw new IllegalArgumentException("next_role: unknown role '" + nextRole + "' (expected user, assistant, system, developer or tool)");
        }
        return new Request(messages, mode, autoDrop, renderer, nextRole);
    }

    /** The shared renderer for a spec (one per distinct configuration, so caches are reused). */
    public HarmonyRenderer renderer(String spec) {
        RendererOptions options = specs.get(spec);
        if (options == null) {
            options = RendererPresets.parse(spec);
            if (specs.size() >= 1024) specs.clear();
            specs.put(spec, options);
        }
        return renderers.computeIfAbsent(options, o -> new HarmonyRenderer(encoding, o));
    }

    private static String optionalString(JsonNode root, String field, String dflt) {
        JsonNode v = root.get(field);
        if (v == null || v.isNull()) return dflt;
        if (!v.isTextual()) throw new IllegalArgumentException(field + ": expected a string, got " + v);
        return v.textValue();
    }

    private static Outcome inputError(JsonGenerator gen, JsonNode id, String message) throws IOException {
        gen.writeStartObject();
        writeId(gen, id);
        gen.writeStringField("input_error", message);
        gen.writeEndObject();
        return Outcome.INPUT_ERROR;
    }

    private static void writeId(JsonGenerator gen, JsonNode id) throws IOException {
        gen.writeFieldName("id");
        if (id == null) gen.writeNull();
        else MAPPER.writeTree(gen, id);
    }
}
