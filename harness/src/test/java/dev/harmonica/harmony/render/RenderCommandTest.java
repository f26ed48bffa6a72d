package dev.harmonica.harmony.render;

import com.fasterxml.jackson.databind.JsonNode;
import dev.harmonica.cli.Main;
import dev.harmonica.harmony.HarmonyEncoding;
import dev.harmonica.testing.SharedData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code harmonica render} and {@code render --batch} (the batch engine, {@link RenderBatch}). */
class RenderCommandTest {
    private static List<JsonNode> batch(String input) throws Exception {
        StringWriter out = new StringWriter();
        new RenderBatch(HarmonyEncoding.get()).run(new BufferedReader(new StringReader(input)), out);
        List<JsonNode> lines = new ArrayList<>();
        for (String line : out.toString().split("\n", -1)) {
            if (!line.isEmpty()) lines.add(Fixtures.JSON.readTree(line));
        }
        assertThat(out.toString()).endsWith("\n").matches("\\p{ASCII}*");
        return lines;
    }

    @Test
    void batchRendersEveryModeAndReportsErrorsPerLine() throws Exception {
        String input = String.join("\n",
                "{\"id\":1,\"conversation\":{\"messages\":[{\"role\":\"user\",\"content\":\"héllo\"}]},\"mode\":\"completion\",\"auto_drop_analysis\":true,\"renderer\":\"pr114\"}",
                "{\"id\":\"c\",\"conversation\":{\"messages\":[{\"role\":\"assistant\",\"channel\":\"final\",\"content\":\"4\"}]},\"mode\":\"conversation\"}",
                "{\"id\":\"t\",\"conversation\":{\"messages\":[{\"role\":\"assistant\",\"channel\":\"final\",\"content\":\"4\"}]},\"mode\":\"training\"}",
                "{\"id\":\"n\",\"conversation\":{\"messages\":[]},\"next_role\":\"user\"}",
                "",
                "{\"id\":\"e\",\"conversation\":{\"messages\":[{\"role\":\"tool\",\"content\":\"x\"}]}}",
                "{broken",
                "[1]",
                "{\"id\":[1,2],\"conversation\":{\"messages\":[{\"role\":\"robot\",\"content\":\"x\"}]}}",
                "{\"id\":\"m\",\"conversation\":{\"messages\":[]},\"mode\":\"chat\"}",
                "{\"id\":\"r\",\"conversation\":{\"messages\":[]},\"renderer\":\"content-type=maybe\"}",
                "{\"id\":\"f\",\"conversation\":{\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"image\"}]}]}}",
                "{\"id\":\"g\"}",
                "{\"id\":\"s\",\"conversation\":{\"messages\":[{\"role\":\"user\",\"content\":\"ok\"}]},\"renderer\":\"recipient=channel\"}");
        List<JsonNode> out = batch(input);
        assertThat(out).hasSize(13);
        assertThat(out.get(0).get("id").asInt()).isEqualTo(1);
        assertThat(out.get(0).get("text").asText()).isEqualTo("<|start|>user<|message|>héllo<|end|><|start|>assistant");
        assertThat(out.get(0).get("token_ids").size()).isPositive();
        assertThat(out.get(1).get("text").asText()).isEqualTo("<|start|>assistant<|channel|>final<|message|>4<|end|>");
        assertThat(out.get(2).get("text").asText()).endsWith("4<|return|>");
        assertThat(out.get(2).get("token_ids").get(out.get(2).get("token_ids").size() - 1).asInt()).isEqualTo(200002);
        assertThat(out.get(3).get("text").asText()).isEqualTo("<|start|>user");
        assertThat(out.get(4).get("error").asText()).isEqualTo("Tools should have a name!");
        assertThat(out.get(5).get("id").isNull()).isTrue();
        assertThat(out.get(5).get("input_error").asText()).startsWith("line 7: not valid JSON");
        assertThat(out.get(6).get("input_error").asText()).isEqualTo("line 8: expected a JSON object {\"id\", \"conversation\", ...}");
        assertThat(out.get(7).get("id").toString()).isEqualTo("[1,2]");
        assertThat(out.get(7).get("input_error").asText()).isEqualTo("line 9: conversation.messages[0].role: unknown role 'robot'"
                + " (expected user, assistant, system, developer or tool)");
        assertThat(out.get(8).get("input_error").asText()).startsWith("line 10: mode: expected");
        assertThat(out.get(9).get("input_error").asText()).startsWith("line 11: renderer: renderer spec 'content-type=maybe': bad value 'maybe'"
                + " for key 'content-type'");
        assertThat(out.get(10).get("input_error").asText()).isEqualTo("line 12: conversation.messages[0].content[0].type: unknown content type 'image'");
        assertThat(out.get(11).get("input_error").asText()).startsWith("line 13: conversation: missing");
        assertThat(out.get(12).get("text").asText()).isEqualTo("<|start|>user<|message|>ok<|end|><|start|>assistant");
    }

    @Test
    void batchMatchesTheLibraryOnTheOracleFormat() throws Exception {
        // the oracle's lines are valid batch input (their extra fields are ignored)
        Path oracle = OracleRenderDifferentialTest.oracleFile();
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.exists(oracle), "no oracle file at " + oracle);
        List<String> lines = Files.readAllLines(oracle, StandardCharsets.UTF_8).subList(0, 100);
        List<JsonNode> out = batch(String.join("\n", lines) + "\n");
        int mismatches = 0;
        for (int i = 0; i < lines.size(); i++) {
            JsonNode in = Fixtures.JSON.readTree(lines.get(i));
            OracleRenderDifferentialTest.repairBuiltinSchemas(in.get("conversation"));
            if (!in.get("expected_token_ids").equals(out.get(i).get("token_ids"))
                    && !lines.get(i).contains("\"browser\"")) mismatches++;
            assertThat(out.get(i).get("id")).isEqualTo(in.get("id"));
        }
        assertThat(mismatches).isZero();
    }

    @Test
    void cliRendersOneConversationForHumans(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("c.json");
        Files.writeString(file, "{\"messages\":[{\"role\":\"user\",\"content\":\"What is 2 + 2?\"},"
                + "{\"role\":\"assistant\",\"channel\":\"commentary\",\"recipient\":\"functions.add\",\"content_type\":\"json\",\"content\":\"{}\"}]}");
        StringWriter out = new StringWriter(), err = new StringWriter();
        int code = Main.run(new PrintWriter(out), new PrintWriter(err), "render", "--tokens", "--renderer", "pr114", file.toString());
        assertThat(code).as(err.toString()).isZero();
        assertThat(out.toString()).startsWith("<|start|>user<|message|>What is 2 + 2?<|end|><|start|>assistant<|channel|>commentary"
                + " to=functions.add <|constrain|>json<|message|>{}<|call|><|start|>assistant\n--- ")
                .contains("tokens (renderer pr114, mode completion, auto_drop_analysis true)\n200006 1428 200008");
    }

    @Test
    void cliRendersPerfCShape(@TempDir Path dir) throws Exception {
        Path perf = SharedData.require("harmony/perf/perf_c_conversation.json");
        StringWriter out = new StringWriter(), err = new StringWriter();
        int code = Main.run(new PrintWriter(out), new PrintWriter(err), "render", "--mode", "conversation", perf.toString());
        assertThat(code).as(err.toString()).isZero();
        assertThat(out.toString()).startsWith("<|start|>system<|message|>").endsWith("<|end|>\n");
    }

    @Test
    void cliBadInputIsExitTwoNamingTheField(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("bad.json");
        Files.writeString(file, "{\"messages\":[{\"role\":\"user\",\"content\":\"x\"},{\"role\":\"tool\",\"content\":\"y\"}]}");
        StringWriter out = new StringWriter(), err = new StringWriter();
        assertThat(Main.run(new PrintWriter(out), new PrintWriter(err), "render", file.toString())).isEqualTo(2);
        assertThat(err.toString()).contains(file + ": messages[1]: Tools should have a name!");
        err.getBuffer().setLength(0);
        assertThat(Main.run(new PrintWriter(out), new PrintWriter(err), "render", "--renderer", "recipient=up", file.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("bad value 'up' for key 'recipient' (allowed values: role, channel-if-commentary, channel)");
        err.getBuffer().setLength(0);
        assertThat(Main.run(new PrintWriter(out), new PrintWriter(err), "render", dir.resolve("missing.json").toString())).isEqualTo(2);
        assertThat(err.toString()).contains("missing.json: no such file");
    }

    @Test
    void cliBatchFromFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("in.jsonl");
        Files.writeString(file, "{\"id\":7,\"conversation\":{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}}\n");
        StringWriter out = new StringWriter(), err = new StringWriter();
        assertThat(Main.run(new PrintWriter(out), new PrintWriter(err), "render", "--batch", file.toString())).isZero();
        assertThat(out.toString()).isEqualTo("{\"id\":7,\"text\":\"<|start|>user<|message|>hi<|end|><|start|>assistant\","
                + "\"token_ids\":[200006,1428,200008,3686,200007,200006,173781]}\n");
        assertThat(err.toString()).contains("1 lines: 1 rendered, 0 render errors, 0 input errors");
        StringWriter help = new StringWriter();
        Main.run(new PrintWriter(help), new PrintWriter(err), "render", "--help");
        assertThat(help.toString()).contains("--batch", "recipient=", "content-type=", "tool-result=", "pr114");
    }
}
