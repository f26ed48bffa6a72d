package dev.harmonica.harmony.parse;

import com.fasterxml.jackson.databind.JsonNode;
import dev.harmonica.cli.Main;
import dev.harmonica.cli.ParseCommand;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The {@code harmonica parse} CLI contract (human, --batch and --stream JSON Lines). */
class ParseCommandTest {
    @TempDir
    Path dir;

    private record Run(int code, String out, String err) {
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        int code = Main.run(new PrintWriter(out), new PrintWriter(err), args);
        return new Run(code, out.toString(), err.toString());
    }

    private static List<JsonNode> lines(String out) throws Exception {
        List<JsonNode> list = new ArrayList<>();
        for (String l : out.split("\n")) if (!l.isBlank()) list.add(Vectors.JSON.readTree(l));
        return list;
    }

    private static List<String> keys(JsonNode n) {
        List<String> k = new ArrayList<>();
        Iterator<String> it = n.fieldNames();
        it.forEachRemaining(k::add);
        return k;
    }

    @Test
    void batchWritesOneLinePerInputAndKeepsGoingAfterBadLines() throws Exception {
        Path in = dir.resolve("in.jsonl");
        Files.writeString(in, String.join("\n",
                "{\"id\": \"a\", \"role\": \"assistant\", \"input_text\": \"<|channel|>final<|message|>hi<|return|>extra\"}",
                "{\"id\": 2, \"role\": null, \"input_text\": \"<|start|>assistant<|channel|>commentary<|channel|>commentary<|message|>{}<|call|>\"}",
                "{\"id\": \"bad json\"",
                "",
                "{\"id\": \"c\", \"input_token_ids\": [200005, 17196, 200008, 12194, 200002]}",
                "{\"id\": \"d\", \"input_token_ids\": [200005, \"x\"]}",
                "{\"id\": \"e\", \"role\": \"robot\", \"input_text\": \"x\"}",
                "{\"id\": \"f\"}",
                "[1, 2]") + "\n", StandardCharsets.UTF_8);
        Run r = run("parse", "--batch", in.toString());
        assertThat(r.code()).isEqualTo(0);
        List<JsonNode> out = lines(r.out());
        assertThat(out).hasSize(8);

        JsonNode a = out.get(0);
        assertThat(keys(a)).containsExactly("id", "strict", "harmony_non_strict", "lenient", "failure_modes");
        assertThat(a.get("id").asText()).isEqualTo("a");
        assertThat(a.get("strict").get("error").asText()).isEqualTo("Unexpected token 34451 while expecting start token 200006");
        assertThat(keys(a.get("strict"))).containsExactly("error");
        assertThat(a.get("lenient").get("messages").get(0).toString())
                .isEqualTo("{\"role\":\"assistant\",\"content\":\"hi\",\"channel\":\"final\"}");
        assertThat(a.get("lenient").get("repairs").get(0).get("code").asText()).isEqualTo("L7_TEXT_AFTER_STOP");
        assertThat(a.get("lenient").get("repairs").get(0).get("offset").asInt()).isEqualTo(39);
        assertThat(a.get("failure_modes").toString()).isEqualTo("[\"text_after_stop\"]");

        JsonNode b = out.get(1);
        assertThat(b.get("id").asInt()).isEqualTo(2);
        assertThat(b.get("strict").get("error").asText()).isEqualTo("Unknown role: assistant<|channel|>commentary");
        assertThat(b.get("failure_modes").toString()).contains("duplicate_channel", "unknown_role");

        assertThat(out.get(2).get("id").isNull()).isTrue();
        assertThat(out.get(2).get("input_error").asText()).startsWith(in + " line 3: not valid JSON");

        JsonNode c = out.get(3);
        assertThat(c.get("strict").get("messages").toString())
                .isEqualTo("[{\"role\":\"assistant\",\"content\":\"Hi\",\"channel\":\"final\"}]");
        assertThat(keys(c.get("lenient"))).containsExactly("messages", "repairs");

        assertThat(out.get(4).get("input_error").asText()).isEqualTo(in + " line 6: field input_token_ids[1]: expected a token id (a non-negative integer), got \"x\"");
        assertThat(out.get(5).get("input_error").asText()).contains("line 7: field role");
        assertThat(out.get(6).get("input_error").asText()).contains("line 8: field input_text: missing");
        assertThat(out.get(7).get("input_error").asText()).contains("line 9: expected a JSON object");
    }

    @Test
    void batchStreamsManyLines() throws Exception {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 3000; i++) {
            sb.append("{\"id\": ").append(i).append(", \"input_text\": \"<|channel|>analysis<|message|>step ").append(i)
                    .append("<|end|><|start|>assistant<|channel|>commentary to=functions.f <|constrain|>json<|message|>{\\\"i\\\": ")
                    .append(i).append("}<|call|>\"}\n");
        }
        StringWriter out = new StringWriter();
        long n = ParseCommand.runBatch(new ByteArrayInputStream(sb.toString().getBytes(StandardCharsets.UTF_8)),
                new PrintWriter(out), "assistant", "-");
        assertThat(n).isEqualTo(3000);
        List<JsonNode> lines = lines(out.toString());
        assertThat(lines).hasSize(3000);
        assertThat(lines.get(2999).get("id").asInt()).isEqualTo(2999);
        assertThat(lines.get(2999).get("strict").get("messages").get(1).get("content").asText()).isEqualTo("{\"i\": 2999}");
    }

    @Test
    void humanModeShowsAllThreeParsers() throws Exception {
        Path in = dir.resolve("turn.txt");
        Files.writeString(in, "<|channel|>commentary to=functions.bash<|channel|>commentary<|message|>{\"command\":\"ls\"}<|call|>");
        Run r = run("parse", in.toString());
        assertThat(r.code()).isEqualTo(0);
        assertThat(r.out()).contains("== strict (openai/harmony v0.0.8, strict=true): ok",
                "\"recipient\":\"functions.bash<|channel|>commentary\"",
                "== harmony non-strict", "== lenient (Harmonica, rules L2-L10): repaired (1)",
                "repair L2_DUPLICATE_CHANNEL", "failure modes: duplicate_channel, tool_name_leak");
    }

    @Test
    void humanModeWithTokensAndRoleNone() throws Exception {
        Path in = dir.resolve("ids.json");
        Files.writeString(in, "[200006, 1428, 200008, 12194, 200007]");
        Run r = run("parse", "--tokens", "--role", "none", in.toString());
        assertThat(r.code()).isEqualTo(0);
        assertThat(r.out()).contains("\"role\":\"user\"", "failure modes: none");
    }

    @Test
    void streamWritesTheStateAfterEveryToken() throws Exception {
        Path in = dir.resolve("stream.jsonl");
        Files.writeString(in, String.join("\n",
                "{\"id\": \"a\", \"input_text\": \"<|channel|>final<|message|>Caf\u00e9<|return|>\"}",
                "{\"id\": \"b\", \"role\": null, \"input_text\": \"<|start|>robot<|message|>x\", \"parser\": \"strict\"}",
                "{\"id\": \"c\", \"input_text\": \"<|channel|>final Hi<|return|>\", \"parser\": \"lenient\"}",
                "{\"id\": \"d\", \"parser\": \"loose\", \"input_text\": \"x\"}") + "\n", StandardCharsets.UTF_8);
        Run r = run("parse", "--stream", "--full-state", in.toString());
        assertThat(r.code()).isEqualTo(0);
        List<JsonNode> out = lines(r.out());
        List<JsonNode> a = out.stream().filter(n -> n.path("id").asText().equals("a")).toList();
        assertThat(a).hasSize(7); // 6 tokens and the end of input
        assertThat(a.get(2).get("state").asText()).isEqualTo("Content");
        assertThat(a.get(4).get("content_delta").asText()).isEqualTo("af\u00e9");
        assertThat(a.get(4).get("content").asText()).isEqualTo("Caf\u00e9");
        assertThat(a.get(5).get("new_messages").get(0).get("content").asText()).isEqualTo("Caf\u00e9");
        assertThat(a.get(6).get("token").isNull()).isTrue();
        assertThat(a.get(6).get("outcome").get("messages")).hasSize(1);
        JsonNode bLast = out.stream().filter(n -> n.path("id").asText().equals("b")).reduce((x, y) -> y).orElseThrow();
        assertThat(bLast.get("error").asText()).isEqualTo("Unknown role: robot");
        assertThat(bLast.get("error_kind").asText()).isEqualTo("UNKNOWN_ROLE");
        assertThat(bLast.get("state_json").toString()).isEqualTo("{\"state\":\"ExpectStart\"}");
        JsonNode cLast = out.stream().filter(n -> n.path("id").asText().equals("c")).reduce((x, y) -> y).orElseThrow();
        assertThat(cLast.get("outcome").get("repairs").get(0).get("code").asText()).isEqualTo("L4_MISSING_MESSAGE");
        assertThat(cLast.get("outcome").get("repairs").get(0).get("lossy").asBoolean()).isTrue();
        assertThat(out.get(out.size() - 1).get("input_error").asText()).contains("line 4: field parser");
        assertThat(run("parse", "--stream", "--parser", "loose", in.toString()).code()).isEqualTo(2);
    }

    @Test
    void badUsageExitsTwo() throws Exception {
        assertThat(run("parse", dir.resolve("missing.txt").toString()).code()).isEqualTo(2);
        assertThat(run("parse", "--role", "robot", "-").code()).isEqualTo(2);
        Path in = dir.resolve("bad.json");
        Files.writeString(in, "[1, -2]");
        Run r = run("parse", "--tokens", in.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("bad.json: [1]: expected a token id");
    }
}
