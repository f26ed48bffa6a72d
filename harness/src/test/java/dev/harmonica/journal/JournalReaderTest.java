package dev.harmonica.journal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.harmonica.scenario.BadInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The one journal reader's rules (docs/journal.md, "Reading rules"), case by case: duplicates, another run's lines,
 * a torn last line under each strictness, a torn line in the middle, the latest attempt, a last line without newline.
 */
class JournalReaderTest {
    @TempDir
    Path tmp;

    static String turn(String scenario, int turn, String digest) {
        return "{\"type\":\"turn\",\"run_id\":\"r\",\"scenario_id\":\"" + scenario + "\",\"variant\":\"v\",\"turn\":"
                + turn + ",\"step\":0" + (digest == null ? "" : ",\"record_digest\":\"" + digest + "\"") + "}";
    }

    static String scenario(String scenario, int attempt, String status) {
        return "{\"type\":\"scenario\",\"run_id\":\"r\",\"scenario_id\":\"" + scenario + "\",\"variant\":\"v\""
                + (attempt > 1 ? ",\"attempt\":" + attempt : "") + ",\"status\":\"" + status + "\"}";
    }

    private Path journal(String... lines) throws IOException {
        Path j = tmp.resolve("journal.jsonl");
        Files.writeString(j, String.join("\n", lines) + "\n");
        return j;
    }

    private static List<String> read(Path j) {
        List<String> out = new ArrayList<>();
        JournalReader.forEachLine(j, n -> out.add(n.path("type").asText() + ":" + n.path("scenario_id").asText() + ":"
                + n.path("turn").asInt(-1) + (n.has("driven_by") ? ":" + n.path("driven_by").asText() : "")));
        return out;
    }

    @Test
    void aDuplicatedLineCountsOnceAndNeverDropsAValidTurn() throws IOException {
        Path j = journal(turn("a", 0, "d1"), turn("a", 0, "d1"), // the same line twice
                turn("a", 1, "same"), turn("b", 1, "same"), // a digest shared by different keys: both kept
                turn("c", 0, "x1"), turn("c", 0, "x2"), // the same key, another record: not a duplicate
                turn("d", 0, null), turn("d", 0, null), // no digest: the same bytes are the same line
                "{\"type\":\"turn\",\"run_id\":\"r\",\"scenario_id\":\"e\",\"variant\":\"v\",\"turn\":0,\"step\":0,"
                        + "\"driven_by\":\"resampled\",\"record_digest\":\"z\"}",
                "{\"type\":\"turn\",\"run_id\":\"r\",\"scenario_id\":\"e\",\"variant\":\"v\",\"turn\":0,\"step\":0,"
                        + "\"driven_by\":\"lenient\",\"record_digest\":\"z\"}",
                scenario("a", 1, "completed"), scenario("a", 1, "completed"));
        assertThat(read(j)).containsExactly("turn:a:0", "turn:a:1", "turn:b:1", "turn:c:0", "turn:c:0", "turn:d:0",
                "turn:e:0:resampled", "turn:e:0:lenient", "scenario:a:-1");
        JournalSession s = JournalReader.session(JournalReader.Options.REPORT, w -> { });
        s.read(j, (n, f, l) -> { });
        s.read(j, (n, f, l) -> { }); // a second file with the same lines: all duplicates
        assertThat(s.duplicates()).isEqualTo(3 + 12);
    }

    @Test
    void aLineOfAnotherRunIsRefusedNamingFileAndLine() throws IOException {
        Path j = journal(turn("a", 0, "d1"), turn("a", 1, "d2").replace("\"r\"", "\"other\""));
        assertThatThrownBy(() -> read(j)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("journal.jsonl, line 2: run_id \"other\" is not this run's (\"r\", journal.jsonl line 1)");
        JournalSession s = JournalReader.session(JournalReader.Options.REPORT.withRunId("mine"), w -> { });
        assertThatThrownBy(() -> s.read(j, (n, f, l) -> { })).isInstanceOf(BadInputException.class)
                .hasMessageContaining("line 1: run_id \"r\" is not this run's (\"mine\", run.json)");
        assertThatThrownBy(() -> JournalReader.compactForResume(j)).hasMessageContaining("line 2: run_id \"other\"");
    }

    @Test
    void aTornLastLineIsSkippedWithAWarningByReports() throws IOException {
        Path j = tmp.resolve("journal.jsonl");
        Files.writeString(j, turn("a", 0, "d1") + "\n" + scenario("a", 1, "completed") + "\n{\"type\":\"tu");
        List<String> warnings = new ArrayList<>();
        List<String> seen = new ArrayList<>();
        JournalReader.session(JournalReader.Options.REPORT, warnings::add)
                .read(j, (n, f, l) -> seen.add(n.path("type").asText()));
        assertThat(seen).containsExactly("turn", "scenario");
        assertThat(warnings).containsExactly("journal.jsonl line 3: torn last line ignored (11 bytes; the run was "
                + "probably interrupted while writing it)");
    }

    @Test
    void resumeCutsATornLastLineAndKeepsTheRest() throws IOException {
        Path j = tmp.resolve("journal.jsonl");
        String kept = turn("a", 0, "d1") + "\n" + scenario("a", 1, "completed") + "\n";
        Files.writeString(j, kept + "{\"type\":\"turn\",\"run_id\":\"r\",\"scen");
        assertThat(JournalReader.compactForResume(j)).isEqualTo(1);
        assertThat(Files.readString(j)).isEqualTo(kept);
        assertThat(JournalReader.compactForResume(j)).isZero();
    }

    @Test
    void resumeEndsAValidLastLineWithANewlineSoAppendsStayLines() throws IOException {
        Path j = tmp.resolve("journal.jsonl");
        String content = turn("a", 0, "d1") + "\n" + scenario("a", 1, "completed");
        Files.writeString(j, content);
        JournalReader.compactForResume(j);
        assertThat(Files.readString(j)).isEqualTo(content + "\n");
    }

    @Test
    void resumeDropsDuplicatesAndUnfinishedAttempts() throws IOException {
        Path j = journal(turn("a", 0, "d1"), turn("a", 0, "d1"), scenario("a", 1, "completed"), turn("b", 0, "d3"));
        assertThat(JournalReader.compactForResume(j)).isEqualTo(2);
        assertThat(Files.readAllLines(j)).containsExactly(turn("a", 0, "d1"), scenario("a", 1, "completed"));
    }

    @Test
    void aTornLineInTheMiddleIsAnErrorForEveryReader() throws IOException {
        Path j = journal(turn("a", 0, "d1"), "{\"type\":\"turn\",\"run_id\":\"r\",\"sc", scenario("a", 1, "completed"));
        String where = "journal.jsonl, line 2: not a journal record, a torn line in the middle of the journal";
        assertThatThrownBy(() -> read(j)).isInstanceOf(BadInputException.class).hasMessageContaining(where);
        assertThatThrownBy(() -> JournalReader.compactForResume(j)).hasMessageContaining(where);
        assertThatThrownBy(() -> JournalReader.lastEnded(j)).hasMessageContaining(where);
        assertThat(Files.readString(j)).as("nothing rewritten").contains("\"sc\n");
        Path lastWithNewline = journal(turn("a", 0, "d1"), "not json");
        assertThatThrownBy(() -> read(lastWithNewline)).as("a complete (newline-ended) line is no torn write")
                .hasMessageContaining("line 2");
    }

    @Test
    void forEachCompleteGivesTheLatestAttemptOnly() throws IOException {
        Path j = journal(turn("a", 0, "t1"), scenario("a", 1, "not_judged"),
                turn("a", 0, "t2").replace("\"step\":0", "\"step\":0,\"attempt\":2"), scenario("a", 2, "completed"),
                turn("b", 0, "t3"));
        List<JsonNode> seen = new ArrayList<>();
        JournalReader.forEachComplete(j, seen::add);
        assertThat(seen).extracting(n -> n.path("type").asText() + n.path("attempt").asInt(1))
                .containsExactly("turn2", "scenario2");
        assertThat(JournalReader.lastEnded(j).get(new JournalReader.Key("a", "v")))
                .isEqualTo(new JournalReader.Ended(2, ScenarioRecord.Status.COMPLETED));
    }
}
