package dev.harmonica.scenario.swe;

import com.fasterxml.jackson.databind.JsonNode;
import dev.harmonica.tools.RecordedObservations;
import dev.harmonica.testing.SweFormats;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Rejected replies stay out of later prefixes, recorded observations follow the call they answer, the contract
 * carries the action format. */
class ReplaySupportTest {
    static SweScenario textWithRejectedReplies() {
        return TrajectoryImporter.importFile(SweFormats.require("mini-swe-agent-2.4.6/mini-v2_text_mswea.traj.json"), null)
                .scenarios().get(0);
    }

    @Test
    void aRejectedReplyIsReplayedButNeverShownToLaterSteps() {
        SweScenario s = textWithRejectedReplies();
        ReplayContext ctx = new ReplayContext(s, text -> text.length());
        List<JsonNode> beforeStep3 = ctx.messagesBefore(3);
        // system, user, step 0 (assistant + observation), the two format-error messages; no rejected assistant text
        assertThat(beforeStep3).extracting(m -> m.get("role").asText())
                .containsExactly("system", "user", "assistant", "user", "user", "user");
        assertThat(beforeStep3.get(4).get("content").asText()).startsWith("Format error:");
        assertThat(beforeStep3).noneMatch(m -> m.get("content").asText().contains("THOUGHT: two at once."));
        assertThat(ctx.messagesBefore(2)).hasSize(5);
    }

    @Test
    void recordedObservationsFollowTheCallTheyAnswer() {
        SweScenario s = TrajectoryImporter.importFile(SweFormats.require("mini-swe-agent-2.4.6/mini-v2_toolcall_parallel.traj.json"), null)
                .scenarios().get(0);
        RecordedObservations backend = new RecordedObservations(s, 0);
        assertThat(backend.execute("bash", "{\"command\": \"ls\"}")).contains("notes.txt");
        assertThat(backend.execute("bash", "{\"command\":\"pwd >/dev/null && echo ok\"}")).contains("ok\\n");
        assertThat(backend.execute("bash", "{\"command\":\"rm -rf /\"}")).as("no recorded call left but one: by position")
                .contains("\"output\": \"\"");
        assertThat(backend.execute("bash", "{}")).isEqualTo(RecordedObservations.NO_RECORDING);
    }

    @Test
    void theScenarioContractCarriesActionFormatAndRejectedSteps(@TempDir Path dir) throws IOException {
        SweScenario s = textWithRejectedReplies();
        String line = ScenarioJsonl.toLine(s);
        assertThat(line).contains("\"in_history\":false").contains("\"action_format\":{\"kind\":\"regex\",\"pattern\":\"```mswea_bash_command");
        StringWriter w = new StringWriter();
        ScenarioJsonl.write(w, List.of(s));
        Path file = Files.writeString(dir.resolve("s.jsonl"), w.toString());
        assertThat(ScenarioJsonl.read(file)).containsExactly(s);
        assertThatThrownBy(() -> ScenarioJsonl.parseLine("f.jsonl", 3, line.replace("\"kind\":\"regex\"", "\"kind\":\"tool_calls\"")))
                .hasMessageContaining("f.jsonl: line 3: field 'action_format': action format tool_calls does not fit action style text");
        assertThatThrownBy(() -> ScenarioJsonl.parseLine("f.jsonl", 4, line.replace("\"kind\":\"regex\"", "\"kind\":\"yaml\"")))
                .hasMessageContaining("f.jsonl: line 4: field 'action_format.kind'");
    }
}
