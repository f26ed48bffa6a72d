package dev.harmonica.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.harmonica.testing.SharedData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

class BfclCliTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private record Run(int code, String out, String err) {
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(out), new PrintWriter(err), args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void execGtWritesFixtureIdenticalLines(@TempDir Path tmp) throws Exception {
        Path dir = SharedData.require("bfcl/v4");
        Path fixtures = SharedData.require("bfcl/gt_exec_fixtures_base_miss_func.jsonl");
        Path out = tmp.resolve("gt.jsonl");
        Run r = run("bfcl", "exec-gt", "--bfcl-data", dir.toString(), "--category", "miss_func", "--out",
                out.toString());
        assertThat(r.code()).as(r.err()).isZero();
        List<String> expected = Files.readAllLines(fixtures, StandardCharsets.UTF_8).stream()
                .filter(l -> l.startsWith("{\"id\": \"multi_turn_miss_func_")).collect(Collectors.toList());
        assertThat(Files.readAllLines(out, StandardCharsets.UTF_8)).isEqualTo(expected);
    }

    @Test
    void execReplaysPrefixCallsOnFreshInstances(@TempDir Path tmp) throws Exception {
        Path dir = SharedData.require("bfcl/v4");
        Path in = tmp.resolve("in.jsonl");
        Files.writeString(in, String.join("\n",
                "{\"id\": \"a\", \"category\": \"base\", \"entry_id\": \"multi_turn_base_0\", \"prefix_calls\": "
                        + "[\"cd(folder='document')\"], \"call\": \"mkdir(dir_name='temp')\"}",
                "{\"id\": 2, \"category\": \"base\", \"entry_id\": \"multi_turn_base_0\", \"prefix_calls\": [], "
                        + "\"call\": \"cd(path='x')\"}",
                "{\"id\": \"c\", \"category\": \"base\", \"entry_id\": \"multi_turn_base_193\", \"prefix_calls\": "
                        + "[\"authenticate_travel(client_id='my_client_id', client_secret='my_client_secret', "
                        + "refresh_token='my_refresh_token', grant_type='read_write', user_first_name='Michael', "
                        + "user_last_name='Thompson')\"], \"call\": \"travel_get_login_status()\"}"));
        Run r = run("bfcl", "exec", "--bfcl-data", dir.toString(), "--in", in.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out().split("\n")).containsExactly(
                "{\"id\": \"a\", \"result\": \"None\"}",
                "{\"id\": 2, \"result\": \"Error during execution: GorillaFileSystem.cd() got an unexpected keyword "
                        + "argument 'path'\"}",
                "{\"id\": \"c\", \"result\": \"{\\\"status\\\": true}\"}");
        Files.writeString(in, "{\"id\": \"a\", \"entry_id\": \"multi_turn_base_9999\", \"call\": \"ls()\"}");
        Run bad = run("bfcl", "exec", "--bfcl-data", dir.toString(), "--in", in.toString());
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.err()).contains("in.jsonl:1").contains("entry_id").contains("multi_turn_base_9999");
    }

    @Test
    void checkWritesVerdictsScoreCsvAndExitCodes(@TempDir Path tmp) throws Exception {
        Path dir = SharedData.require("bfcl/v4");
        Path results = tmp.resolve("results.jsonl");
        Path csv = tmp.resolve("data_multi_turn.csv");
        String gt0 = "[[[\"cd(folder='document')\", \"mkdir(dir_name='temp')\", \"mv(source='final_report.pdf', "
                + "destination='temp')\"]], [[\"cd(folder='temp')\", \"grep(file_name='final_report.pdf',"
                + "pattern='budget analysis')\"]], [[\"sort('final_report.pdf')\"]], [[\"cd(folder='..')\", "
                + "\"mv(source='previous_report.pdf',destination='temp')\", \"cd(folder='temp')\", "
                + "\"diff(file_name1='final_report.pdf',file_name2='previous_report.pdf')\"]]]";
        String fc46 = "[[\"I cannot delete without rm.\"], [[{\"cd\": \"{\\\"folder\\\": \\\"Drafts\\\"}\"}, "
                + "{\"rm\": \"{\\\"file_name\\\": \\\"DylanProject.txt\\\"}\"}, {\"cd\": \"{\\\"folder\\\": \\\"..\\\"}\"},"
                + " {\"rmdir\": \"{\\\"dir_name\\\": \\\"Drafts\\\"}\"}], \"Done.\"]]";
        Files.writeString(results, String.join("\n",
                "{\"id\": \"multi_turn_base_0\", \"case\": \"gt\", \"result\": " + gt0 + "}",
                "{\"id\": \"multi_turn_base_0\", \"case\": \"empty\", \"result\": [[], [], [], []]}",
                "{\"id\": \"multi_turn_base_0\", \"result\": \"Error during inference: timeout\"}",
                "{\"id\": \"multi_turn_miss_func_46\", \"case\": \"fc\", \"result\": " + fc46 + "}",
                "{\"id\": \"multi_turn_base_0\", \"case\": \"short\", \"result\": [[]]}") + "\n");
        Run r = run("bfcl", "check", "--bfcl-data", dir.toString(), "--results", results.toString(), "--score-csv",
                csv.toString(), "--model", "demo (FC)", "--mode", "calls");
        assertThat(r.code()).as(r.err()).isEqualTo(1);
        String[] lines = r.out().split("\n");
        assertThat(lines).hasSize(5);
        JsonNode ok = JSON.readTree(lines[0]);
        assertThat(ok.get("valid").asBoolean()).isTrue();
        assertThat(ok.get("case").asText()).isEqualTo("gt");
        assertThat(ok.get("error_type").isNull()).isTrue();
        JsonNode empty = JSON.readTree(lines[1]);
        assertThat(empty.get("error_type").asText()).isEqualTo("multi_turn:empty_turn_model_response");
        assertThat(empty.get("error_message").asText()).isEqualTo("Model response list is empty for turn 0");
        assertThat(empty.get("turn").asInt()).isZero();
        assertThat(JSON.readTree(lines[2]).get("error_type").asText()).isEqualTo("multi_turn:inference_error");
        assertThat(JSON.readTree(lines[3]).get("valid").asBoolean()).isTrue();
        JsonNode shortRun = JSON.readTree(lines[4]);
        assertThat(shortRun.get("error_type").asText()).isEqualTo("multi_turn:force_terminated");
        assertThat(shortRun.get("turn").isNull()).isTrue();
        assertThat(Files.readAllLines(csv)).containsExactly(
                "Rank,Model,Multi Turn Overall Acc,Base,Miss Func,Miss Param,Long Context",
                "1,demo (FC),31.25%,25.00%,100.00%,N/A,N/A");
        assertThat(r.err()).contains("multi_turn_base: 1/4 valid");

        Files.writeString(results, "{\"id\": \"multi_turn_base_0\", \"case\": \"gt\", \"result\": " + gt0 + "}\n");
        assertThat(run("bfcl", "check", "--bfcl-data", dir.toString(), "--results", results.toString(), "--mode",
                "calls").code()).isZero();
        Files.writeString(results, "{\"id\": \"multi_turn_base_0\", \"result\": []}\n{not json\n");
        Run bad = run("bfcl", "check", "--bfcl-data", dir.toString(), "--results", results.toString());
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.err()).contains("results.jsonl:2: BFCL's json.loads refuses this line (JSONDecodeError: "
                + "Expecting property name enclosed in double quotes: line 1 column 2 (char 1))");
    }

    @Test
    void benchReportsColdAndWarmRoundsApart() {
        Path dir = SharedData.require("bfcl/v4");
        Run r = run("bench", "bfcl", "--bfcl-data", dir.toString(), "--rounds", "2", "--max-warmup", "2");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("cold first round: ").contains("warm-up: 2 rounds")
                .contains("warm steady state: median ").contains(" over 2 rounds (p10 ").contains("valid: 800/800");
        Run bad = run("bench", "bfcl", "--bfcl-data", dir.toString(), "--rounds", "1", "--max-warmup", "0",
                "--python", "python3", "--python-script", "no/such/script.py");
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.err()).contains("no/such/script.py: file not found");
    }

    @Test
    void bfclWithoutSubcommandShowsUsage() {
        Run r = run("bfcl");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("exec-gt").contains("check");
    }
}
