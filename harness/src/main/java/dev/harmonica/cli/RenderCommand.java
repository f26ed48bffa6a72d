package dev.harmonica.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.harmonica.harmony.HarmonyEncoding;
import dev.harmonica.harmony.Message;
import dev.harmonica.harmony.MessageJson;
import dev.harmonica.harmony.RendererPresets;
import dev.harmonica.harmony.Rendering;
import dev.harmonica.harmony.Utf8Lines;
import dev.harmonica.harmony.render.HarmonyRenderer;
import dev.harmonica.harmony.render.RenderBatch;
import dev.harmonica.harmony.render.RenderException;
import dev.harmonica.scenario.BadInputException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code harmonica render}: Render harmony conversations to text and token ids. */
@Command(name = "render", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Render harmony conversations to text and token ids (openai/harmony v0.0.8",
                "rendering, or another header ordering).",
                "",
                "One conversation: harmonica render [--tokens] [--renderer SPEC] FILE|-",
                "  FILE: {\"messages\": [...]}, a message array, or an object with \"conversation\"",
                "  (plus optional \"mode\", \"auto_drop_analysis\", \"renderer\", \"next_role\";",
                "  command-line options win). Prints the text; --tokens adds the ids.",
                "",
                "Batch: harmonica render --batch [FILE|-] reads JSON Lines",
                "  {\"id\", \"conversation\": {\"messages\": [...]}, \"mode\": \"conversation\" |",
                "   \"completion\" | \"training\", \"auto_drop_analysis\": bool, \"renderer\": SPEC,",
                "   \"next_role\"?}",
                "  and writes one line per input: {\"id\", \"text\", \"token_ids\"}; {\"id\", \"error\"}",
                "  with harmony's render error; or {\"id\", \"input_error\"} naming the line and",
                "  field of a malformed line. Defaults: mode completion, auto_drop_analysis true,",
                "  renderer harmony-v0.0.8, next_role assistant. Streams; output is ASCII JSON;",
                "  a summary line goes to stderr; exit 0 once every line is answered.",
                "",
                "Messages use harmony's JSON: role, name, recipient, channel, content_type, and",
                "content as a string or a list of {\"type\": \"text\" | \"system_content\" |",
                "\"developer_content\", ...} items.",
                ""},
        footer = {"", RendererPresets.SYNTAX_HELP})
public final class RenderCommand implements Callable<Integer> {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Spec
    CommandSpec spec;

    @Option(names = "--batch", description = "Read JSON Lines requests and write one JSON line per request.")
    boolean batch;

    @Parameters(arity = "0..1", paramLabel = "FILE|-", description = "Input file, or - for stdin (default -).")
    String input;

    @Option(names = "--renderer", paramLabel = "SPEC", description = "Preset or custom spec (see below). Default harmony-v0.0.8.")
    String renderer;

    @Option(names = "--mode", paramLabel = "MODE", description = "completion (default: conversation + <|start|>ROLE), conversation, or training (<|return|> after a final answer).")
    String mode;

    @Option(names = "--next-role", paramLabel = "ROLE", description = "Role after <|start|> in completion mode (default assistant).")
    String nextRole;

    @Option(names = "--auto-drop-analysis", arity = "1", paramLabel = "BOOL",
            description = "Drop analysis before the first final when the last assistant message is final (default true, as openai/harmony's Python binding).")
    Boolean autoDrop;

    @Option(names = "--tokens", description = "Also print the token ids.")
    boolean tokens;

    @Override
    public Integer call() throws IOException {
        String source = input == null ? "-" : input;
        if (batch) {
            if (renderer != null || mode != null || nextRole != null || autoDrop != null || tokens) {
                throw new BadInputException("render --batch takes its settings from each input line; drop --renderer/--mode/--next-role/--auto-drop-analysis/--tokens");
            }
            return runBatch(source);
        }
        return renderOne(source);
    }

    private static InputStream open(String source) {
        if ("-".equals(source)) return System.in;
        try {
            return Files.newInputStream(Path.of(source));
        } catch (NoSuchFileException e) {
            throw new BadInputException(source + ": no such file");
        } catch (IOException e) {
            throw new BadInputException(source + ": cannot read: " + e.getMessage());
        }
    }

    private int runBatch(String source) throws IOException {
        RenderBatch.Stats stats;
        try (InputStream in = open(source)) {
            PrintWriter out = spec.commandLine().getOut();
            stats = new RenderBatch(HarmonyEncoding.get()).run(Utf8Lines.of(in), out);
            out.flush();
        }
        spec.commandLine().getErr().printf("harmonica render: %d lines: %d rendered, %d render errors, %d input errors%n",
                stats.lines(), stats.rendered(), stats.errors(), stats.inputErrors());
        return Main.OK;
    }

    private int renderOne(String source) throws IOException {
        JsonNode root;
        try (InputStream in = open(source)) {
            root = MAPPER.readTree(in); // from bytes: Jackson reports bytes that are not UTF-8 as a JSON error
        } catch (JsonProcessingException e) {
            throw new BadInputException(source + ": not valid JSON: " + e.getOriginalMessage() + " (line "
                    + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")");
        }
        if (root == null) throw new BadInputException(source + ": empty input");
        JsonNode conversation = root.isObject() && root.has("conversation") ? root.get("conversation") : root;
        List<Message> messages;
        try {
            messages = MessageJson.readConversation(conversation);
        } catch (MessageJson.InvalidMessageException e) {
            throw new BadInputException(source + ": " + e.getMessage());
        }
        for (int i = 0; i < messages.size(); i++) {
            if (!RenderBatch.ROLES.contains(messages.get(i).role())) {
                throw new BadInputException(source + ": messages[" + i + "].role: unknown role '" + messages.get(i).role()
                        + "' (expected user, assistant, system, developer or tool)");
            }
        }
        String spec0 = renderer != null ? renderer : text(root, "renderer", source, RendererPresets.V0_0_8_NAME);
        String mode0 = mode != null ? mode : text(root, "mode", source, "completion");
        String role0 = nextRole != null ? nextRole : text(root, "next_role", source, text(root, "next_turn_role", source, "assistant"));
        boolean drop0 = autoDrop != null ? autoDrop : !root.has("auto_drop_analysis") || root.get("auto_drop_analysis").asBoolean(true);
        if (!RenderBatch.ROLES.contains(role0)) {
            throw new BadInputException("next role: unknown role '" + role0 + "' (expected user, assistant, system, developer or tool)");
        }
        HarmonyRenderer r;
        try {
            r = new HarmonyRenderer(HarmonyEncoding.get(), RendererPresets.parse(spec0));
        } catch (IllegalArgumentException e) {
            throw new BadInputException("--renderer: " + e.getMessage());
        }
        Rendering out;
        try {
            out = switch (mode0) {
                case "completion" -> r.renderForCompletion(messages, role0, drop0);
                case "conversation" -> r.renderConversation(messages, drop0);
                case "training" -> r.renderForTraining(messages, drop0);
                default -> throw new BadInputException("--mode: expected completion, conversation or training, got '" + mode0 + "'");
            };
        } catch (RenderException e) {
            throw new BadInputException(source + ": messages[" + e.messageIndex() + "]: " + e.getMessage());
        }
        PrintWriter w = spec.commandLine().getOut();
        w.println(Terminal.safe(out.text())); // text for people: --batch gives the exact text, JSON-escaped
        if (tokens) {
            w.println("--- " + out.tokenCount() + " tokens (renderer " + RendererPresets.id(r.options()) + ", mode " + mode0
                    + ", auto_drop_analysis " + drop0 + ")");
            StringBuilder sb = new StringBuilder(out.tokenCount() * 7);
            int[] ids = out.tokenIds();
            for (int i = 0; i < ids.length; i++) {
                if (i > 0) sb.append(' ');
                sb.append(ids[i]);
            }
            w.println(sb);
        }
        w.flush();
        return Main.OK;
    }

    private static String text(JsonNode root, String field, String source, String dflt) {
        if (!root.isObject()) return dflt;
        JsonNode v = root.get(field);
        if (v == null || v.isNull()) return dflt;
        if (!v.isTextual()) throw new BadInputException(source + ": " + field + ": expected a string, got " + v);
        return v.textValue();
    }
}
