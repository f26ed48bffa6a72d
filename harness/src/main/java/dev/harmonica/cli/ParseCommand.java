package dev.harmonica.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.harmonica.harmony.HarmonyEncoding;
import dev.harmonica.harmony.Message;
import dev.harmonica.harmony.MessageJson;
import dev.harmonica.harmony.ParseOutcome;
import dev.harmonica.harmony.Repair;
import dev.harmonica.harmony.Utf8Lines;
import dev.harmonica.harmony.ParserKind;
import dev.harmonica.harmony.parse.HarmonyParsers;
import dev.harmonica.harmony.parse.StreamTrace;
import dev.harmonica.harmony.parse.TokenIds;
import dev.harmonica.harmony.parse.TurnAnalysis;
import dev.harmonica.scenario.BadInputException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code harmonica parse}: the strict (openai/harmony v0.0.8), harmony-non-strict and lenient parsers side by side.
 *
 * <p>Human mode ({@code harmonica parse FILE|-}): one completion as text (special tokens written literally) or, with
 * {@code --tokens}, a JSON array of token ids.
 *
 * <p>Batch mode ({@code harmonica parse --batch [FILE|-]}): JSON Lines in, one JSON line out per input line:
 * {@code {"id", "strict": {"messages": [...]} | {"error": "..."}, "harmony_non_strict": {...}, "lenient":
 * {"messages": [...], "repairs": [...]}, "failure_modes": [...]}}; a bad input line gives
 * {@code {"id", "input_error": "line N: field F: ..."}} and processing goes on. Streams line by line.
 *
 * <p>Stream mode ({@code harmonica parse --stream [FILE|-]}): JSON Lines in, one JSON line per input token out: the
 * parser's state after that token as openai/harmony's {@code StreamableParser} reports it ({@link StreamTrace}).
 */
@Command(name = "parse", mixinStandardHelpOptions = true,
        description = "Parse harmony output with the strict, harmony-non-strict and lenient parsers side by side.",
        footer = {"",
                "Batch input lines: {\"id\": ..., \"role\": \"assistant\"|null, \"input_text\": \"...\"} or with",
                "\"input_token_ids\": [...] instead of input_text. A missing \"role\" means --role.",
                "Batch output lines: {\"id\", \"strict\", \"harmony_non_strict\", \"lenient\", \"failure_modes\"}",
                "or {\"id\", \"input_error\"} for a bad input line. Each lenient repair has",
                "{\"code\", \"offset\", \"before\", \"after\", \"lossy\"} (docs/repairs.md).",
                "",
                "Stream mode (--stream): the same input lines plus an optional",
                "\"parser\": \"strict\"|\"harmony_non_strict\"|\"lenient\" (default --parser).",
                "The tokens are fed one by one; after each, one line: {\"id\", \"index\",",
                "\"token\", \"state\": \"ExpectStart\"|\"Header\"|\"Content\", \"role\",",
                "\"channel\", \"recipient\", \"content_type\", \"content_delta\",",
                "\"message_count\", \"new_messages\"}, as openai/harmony v0.0.8's",
                "StreamableParser reports them. content_delta is last_content_delta():",
                "null while a multi-byte character is incomplete; the current content is",
                "the deltas since the message began. Then one line for the end of input",
                "(\"token\": null) with the \"outcome\". The first error ends an input: its",
                "line has \"error\", \"error_kind\" and the outcome. --full-state adds",
                "\"content\" and harmony's \"state_json\" to every line. Example:",
                "  echo '{\"id\": 1, \"input_text\": \"<|channel|>final<|message|>Caf\u00e9<|return|>\"}' \\",
                "    | harmonica parse --stream"})
public final class ParseCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "FILE|-",
            description = "Input file, or - for standard input (batch mode defaults to -).")
    String input;

    @Option(names = "--role", defaultValue = "assistant", paramLabel = "assistant|none",
            description = "Role of the prompt's trailing <|start|>ROLE (default ${DEFAULT-VALUE}); none = input starts with <|start|>.")
    String role;

    @Option(names = "--tokens", description = "Human mode: the input is a JSON array of token ids.")
    boolean tokens;

    @Option(names = "--batch", description = "JSON Lines in, JSON Lines out (see below).")
    boolean batch;

    @Option(names = "--stream", description = "JSON Lines in; the parser's state after every token out (see below).")
    boolean stream;

    @Option(names = "--parser", defaultValue = "strict", paramLabel = "strict|harmony_non_strict|lenient",
            description = "Stream mode: the parser fed token by token (default ${DEFAULT-VALUE}).")
    String parser;

    @Option(names = "--full-state", description = "Stream mode: add the current content and harmony's state_json to every line.")
    boolean fullState;

    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public Integer call() throws IOException {
        String defaultRole = parseRoleOption(role);
        if (stream) {
            String name = input == null ? "-" : input;
            try (InputStream in = open(name)) {
                new StreamTrace(defaultRole, parserOption(parser), fullState).run(Utf8Lines.of(in), spec.commandLine().getOut(), name);
            }
            return Main.OK;
        }
        if (batch) {
            try (InputStream in = open(input == null ? "-" : input)) {
                runBatch(in, spec.commandLine().getOut(), defaultRole, input == null ? "-" : input);
            }
            return Main.OK;
        }
        if (input == null) throw new BadInputException("parse: missing FILE (or - for standard input)");
        String content;
        try (InputStream in = open(input)) {
            content = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        int[] ids;
        if (tokens) {
            try {
                ids = tokenIds(JSON.readTree(content), input + ": ");
            } catch (JsonProcessingException e) {
                throw new BadInputException(input + ": --tokens expects a JSON array of token ids: " + e.getOriginalMessage());
            }
        } else {
            ids = HarmonyEncoding.get().encodeWithSpecials(content);
        }
        StringWriter human = new StringWriter();
        printHuman(new PrintWriter(human), HarmonyParsers.analyze(ids, defaultRole), ids.length, defaultRole);
        PrintWriter out = spec.commandLine().getOut();
        out.print(Terminal.safe(human.toString())); // model text for people: --batch gives it exactly, JSON-escaped
        out.flush();
        return Main.OK;
    }

    private static String parseRoleOption(String r) {
        if (r == null || r.equals("none") || r.equals("null")) return null;
        return switch (r) {
            case "assistant", "user", "system", "developer", "tool" -> r;
            default -> throw new BadInputException("--role: expected assistant or none, got '" + r + "'");
        };
    }

    private static ParserKind parserOption(String p) {
        for (ParserKind k : ParserKind.values()) if (k.jsonName().equals(p)) return k;
        throw new BadInputException("--parser: expected strict, harmony_non_strict or lenient, got '" + p + "'");
    }

    private static InputStream open(String name) throws IOException {
        if (name.equals("-")) return System.in;
        try {
            return Files.newInputStream(Path.of(name));
        } catch (NoSuchFileException e) {
            throw new BadInputException(name + ": no such file");
        }
    }

    /** Reads a JSON array of token ids; message prefixed with where it came from. */
    static int[] tokenIds(JsonNode arr, String where) {
        try {
            return TokenIds.read(arr, where);
        } catch (IllegalArgumentException e) {
            throw new BadInputException(e.getMessage());
        }
    }

    // ---------------------------------------------------------------- batch

    /**
     * Streams JSON Lines from {@code in} to {@code out}, one output line per non-blank input line (a line that is not
     * UTF-8 gets an {@code input_error}); returns the number of lines written.
     */
    public static long runBatch(InputStream in, Writer out, String defaultRole, String sourceName) throws IOException {
        Utf8Lines lines = Utf8Lines.of(in);
        Writer w = out instanceof BufferedWriter || out instanceof PrintWriter ? out : new BufferedWriter(out, 1 << 16);
        JsonFactory factory = JSON.getFactory();
        long written = 0;
        Utf8Lines.Line line;
        while ((line = lines.next()) != null) {
            if (line.isBlank()) continue;
            ObjectNode result = line.isValid() ? batchLine(line.text(), line.number(), defaultRole, sourceName)
                    : inputError(sourceName + " line " + line.number() + ": " + line.error());
            try (JsonGenerator g = factory.createGenerator(w)) {
                g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
                // ASCII-only output: independent of the platform charset of the output stream
                g.enable(JsonWriteFeature.ESCAPE_NON_ASCII.mappedFeature());
                JSON.writeTree(g, result);
            }
            w.write('\n');
            written++;
        }
        w.flush();
        return written;
    }

    static ObjectNode batchLine(String line, long lineNo, String defaultRole, String sourceName) {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        String where = sourceName + " line " + lineNo + ": ";
        JsonNode node;
        try {
            node = JSON.readTree(line);
        } catch (IOException e) {
            return inputError(where + "not valid JSON: " + e.getMessage().lines().findFirst().orElse(""));
        }
        if (node == null || !node.isObject()) return inputError(where + "expected a JSON object");
        JsonNode id = node.get("id");
        out.set("id", id == null ? JsonNodeFactory.instance.nullNode() : id);
        try {
            String r = defaultRole;
            if (node.has("role")) {
                JsonNode rn = node.get("role");
                if (rn.isNull()) {
                    r = null;
                } else if (rn.isTextual() && isRole(rn.textValue())) {
                    r = rn.textValue();
                } else {
                    throw new BadInputException(where + "field role: expected \"assistant\" or null, got " + rn);
                }
            }
            int[] ids;
            JsonNode tok = node.get("input_token_ids");
            JsonNode text = node.get("input_text");
            if (tok != null && !tok.isNull()) {
                ids = tokenIds(tok, where + "field input_token_ids");
            } else if (text != null && text.isTextual()) {
                ids = HarmonyEncoding.get().encodeWithSpecials(text.textValue());
            } else if (text != null && !text.isNull()) {
                throw new BadInputException(where + "field input_text: expected a string, got " + text.getNodeType());
            } else {
                throw new BadInputException(where + "field input_text: missing (or give input_token_ids)");
            }
            TurnAnalysis a = HarmonyParsers.analyze(ids, r);
            out.set("strict", strictJson(a.strict()));
            out.set("harmony_non_strict", strictJson(a.nonStrict()));
            out.set("lenient", lenientJson(a.lenient()));
            var modes = out.putArray("failure_modes");
            a.failureModes().forEach(modes::add);
        } catch (BadInputException e) {
            out.remove(List.of("strict", "harmony_non_strict", "lenient", "failure_modes"));
            out.put("input_error", e.getMessage());
        }
        return out;
    }

    private static ObjectNode inputError(String message) {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        out.putNull("id");
        out.put("input_error", message);
        return out;
    }

    private static boolean isRole(String r) {
        return switch (r) {
            case "assistant", "user", "system", "developer", "tool" -> true;
            default -> false;
        };
    }

    static ObjectNode strictJson(ParseOutcome o) {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        if (o.isOk()) {
            n.set("messages", MessageJson.writeAll(o.messages()));
        } else {
            n.put("error", o.error());
        }
        return n;
    }

    static ObjectNode lenientJson(ParseOutcome o) {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.set("messages", MessageJson.writeAll(o.messages()));
        var arr = n.putArray("repairs");
        for (Repair r : o.repairs()) {
            ObjectNode rn = arr.addObject();
            rn.put("code", r.code());
            rn.put("offset", r.offset());
            rn.put("before", r.before());
            rn.put("after", r.after());
            rn.put("lossy", r.lossy());
        }
        if (!o.isOk()) n.put("error", o.error());
        return n;
    }

    // ---------------------------------------------------------------- human

    private static void printHuman(PrintWriter out, TurnAnalysis a, int tokenCount, String role) {
        out.println("input: " + tokenCount + " tokens, role " + (role == null ? "none (input starts with <|start|>)" : role));
        section(out, "strict (openai/harmony v0.0.8, strict=true)", a.strict(), false);
        section(out, "harmony non-strict (v0.0.8, strict=false, PR #82)", a.nonStrict(), false);
        section(out, "lenient (Harmonica, rules L2-L10)", a.lenient(), true);
        out.println();
        out.println("failure modes: " + (a.failureModes().isEmpty() ? "none" : String.join(", ", a.failureModes())));
        if (a.strictSignature() != null) out.println("strict error signature: " + a.strictSignature());
        out.flush();
    }

    private static void section(PrintWriter out, String title, ParseOutcome o, boolean lenient) {
        out.println();
        String status = o.isOk() ? (o.repairs().isEmpty() ? "ok" : "repaired (" + o.repairs().size() + ")") : "FAILED";
        out.println("== " + title + ": " + status);
        if (!o.isOk()) out.println("   error: " + o.error());
        List<Message> ms = o.messages();
        for (int i = 0; i < ms.size(); i++) {
            out.println("   [" + i + "] " + MessageJson.write(ms.get(i)));
        }
        if (o.isOk() && ms.isEmpty()) out.println("   (no messages)");
        if (lenient) {
            for (Repair r : o.repairs()) {
                out.println("   repair " + r.code() + " @" + r.offset() + ": " + quote(r.before()) + " -> " + quote(r.after())
                        + (r.lossy() ? "  (lossy)" : "  (lossless)"));
            }
        }
    }

    private static String quote(String s) {
        return JsonNodeFactory.instance.textNode(s).toString();
    }
}
