package dev.harmonica.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.harmonica.cli.ParseCommand;
import dev.harmonica.harmony.HarmonyEncoding;
import dev.harmonica.harmony.ParserKind;
import dev.harmonica.harmony.Utf8Lines;
import dev.harmonica.harmony.parse.StreamTrace;
import dev.harmonica.harmony.render.RenderBatch;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzzing the JSON Lines engines ({@code render --batch}, {@code parse --batch}, {@code parse --stream}) with
 * generated inputs: well-formed requests with hostile values, wrong types, broken JSON and lines that are not
 * UTF-8, in any line-end style. Contract: no exception; every non-blank input line gets exactly one answer line
 * (for {@code --stream}: one input error line, or one end-of-input line after its token lines); output is ASCII.
 */
class BatchEngineFuzzTest {
    static final int TRIES = 1000;
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final List<String> VALUES = List.of("null", "true", "1", "-1", "1e400", "\"\"", "\"x\"", "[]", "{}",
            "\"user\"", "\"assistant\"", "\"tool\"", "\"robot\"", "\"analysis\"", "\"commentary\"", "\"final\"",
            "\"functions.f\"", "\"json\"", "\"<|start|>\"", "\"\\u001b[2J\\u202e\"", "\"\\ud800\"", "\"pr114\"",
            "\"harmony-v0.0.8\"", "\"content-type=maybe\"", "\"completion\"", "\"conversation\"", "\"training\"",
            "\"strict\"", "\"lenient\"", "\"harmony_non_strict\"", "[200006, 1428, 200008]", "[-1, 999999999]",
            "[\"x\"]", "[{\"type\":\"text\",\"text\":\"hi\"}]", "[{\"type\":\"system_content\"}]", "[{\"type\":\"image\"}]",
            "\"<|channel|>final<|message|>hi<|return|>\"", "\"<|start|>assistant<|channel|>commentary to=functions.f<|message|>{}<|call|>\"");

    private static String pick(SplittableRandom r, List<String> l) {
        return l.get(r.nextInt(l.size()));
    }

    private static String object(SplittableRandom r, List<String> keys) {
        StringBuilder sb = new StringBuilder("{");
        for (String k : keys) {
            if (r.nextInt(3) == 0) continue;
            if (sb.length() > 1) sb.append(',');
            sb.append('"').append(k).append("\":").append(pick(r, VALUES));
        }
        return sb.append('}').toString();
    }

    private static String message(SplittableRandom r) {
        return object(r, List.of("role", "name", "recipient", "channel", "content_type", "content"));
    }

    private static byte[] line(SplittableRandom r) {
        String s = switch (r.nextInt(9)) {
            case 0, 1, 2 -> {
                List<String> ms = new ArrayList<>();
                for (int i = r.nextInt(4); i > 0; i--) ms.add(message(r));
                yield "{\"id\":" + r.nextInt(100) + ",\"conversation\":{\"messages\":[" + String.join(",", ms) + "]},"
                        + object(r, List.of("mode", "renderer", "next_role", "auto_drop_analysis")).substring(1);
            }
            case 3, 4 -> "{\"id\":" + pick(r, VALUES) + "," + object(r, List.of("role", "input_text", "input_token_ids", "parser")).substring(1);
            case 5 -> pick(r, VALUES);
            case 6 -> "{\"id\": 1, \"input_text\": \"" + "<|".repeat(r.nextInt(5)) + "\"";
            case 7 -> "";
            default -> null;
        };
        if (s != null) return s.replace("{,", "{").getBytes(StandardCharsets.UTF_8);
        byte[] b = new byte[r.nextInt(30)];
        r.nextBytes(b);
        for (int i = 0; i < b.length; i++) if (b[i] == '\n' || b[i] == '\r') b[i] = 'x';
        return b;
    }

    /** The input and the number of lines in it that are not blank. */
    private record Input(byte[] bytes, int nonBlank) {
    }

    static Input input(SplittableRandom r) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int n = 1 + r.nextInt(12);
        int nonBlank = 0;
        for (int i = 0; i < n; i++) {
            byte[] l = line(r);
            b.writeBytes(l);
            Utf8Lines.Line decoded = Utf8Lines.of(new ByteArrayInputStream(l)).next();
            if (decoded != null && !decoded.isBlank()) nonBlank++;
            b.writeBytes(r.nextInt(5) == 0 ? new byte[]{'\r', '\n'} : new byte[]{'\n'});
        }
        return new Input(b.toByteArray(), nonBlank);
    }

    private static List<JsonNode> lines(String out) throws IOException {
        assertThat(out).matches("\\p{ASCII}*");
        List<JsonNode> list = new ArrayList<>();
        for (String l : out.split("\n")) if (!l.isEmpty()) list.add(JSON.readTree(l));
        return list;
    }

    @Property(tries = TRIES)
    void everyEngineAnswersEveryLine(@ForAll long seed) throws Throwable {
        Input in = input(new SplittableRandom(seed));
        Guard.within("input of seed " + seed, () -> {
            StringWriter render = new StringWriter();
            RenderBatch.Stats stats = new RenderBatch(HarmonyEncoding.get()).run(Utf8Lines.of(new ByteArrayInputStream(in.bytes())), render);
            assertThat(lines(render.toString())).as("render --batch, seed %d", seed).hasSize(in.nonBlank());
            assertThat(stats.rendered() + stats.errors() + stats.inputErrors()).isEqualTo(in.nonBlank());

            StringWriter parse = new StringWriter();
            long written = ParseCommand.runBatch(new ByteArrayInputStream(in.bytes()), parse, "assistant", "-");
            assertThat(lines(parse.toString())).as("parse --batch, seed %d", seed).hasSize(in.nonBlank());
            assertThat(written).isEqualTo(in.nonBlank());

            StringWriter stream = new StringWriter();
            new StreamTrace("assistant", ParserKind.STRICT, true).run(Utf8Lines.of(new ByteArrayInputStream(in.bytes())), stream, "-");
            long answers = lines(stream.toString()).stream()
                    .filter(n -> n.has("input_error") || (n.has("token") && n.get("token").isNull())).count();
            assertThat(answers).as("parse --stream, seed %d", seed).isEqualTo(in.nonBlank());
            return null;
        });
    }
}
