package dev.harmonica.scenario.swe;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.harmonica.scenario.swe.SweScenario.ActionStyle;
import dev.harmonica.testing.SharedData;
import dev.harmonica.turn.ActionScore;
import dev.harmonica.turn.ActionScorer;
import dev.harmonica.turn.ModelAction;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Our own trajectories in datasets/swe import cleanly, deterministically, and replay themselves perfectly. */
class SweDatasetsTest {
    static Path dir() {
        return SharedData.projectRoot().resolve("datasets/swe");
    }

    @Test
    void allImportWithoutWarningsAndWithExpectedShapes() {
        List<SweScenario> all = SweScenarios.load(List.of(dir()));
        assertThat(all).extracting(SweScenario::id).containsExactly(
                "harmonica-swe-001-ledgerly-rounding", "harmonica-swe-002-tinyq-backoff", "harmonica-swe-003-mdtable-pipes",
                "harmonica-swe-004-cronspec-sunday", "harmonica-swe-005-envfile-quotes-text");
        assertThat(all).extracting(s -> s.steps().size()).containsExactly(5, 5, 49, 42, 6);
        assertThat(all).extracting(SweScenario::actionCount).containsExactly(5, 5, 49, 42, 6);
        assertThat(all).extracting(SweScenario::observationCount).containsExactly(5, 5, 49, 42, 5);
        assertThat(all).extracting(SweScenario::actionStyle).containsExactly(ActionStyle.TOOL_CALLS, ActionStyle.TOOL_CALLS,
                ActionStyle.TOOL_CALLS, ActionStyle.TOOL_CALLS, ActionStyle.TEXT);
        for (SweScenario s : all) {
            TrajectoryImporter.ImportResult r = TrajectoryImporter.importFile(dir().resolve(s.id() + ".json"), null);
            assertThat(r.warnings()).as(s.id()).isEmpty();
            assertThat(r.format()).isEqualTo(SweFormat.MESSAGES);
        }
        SweScenario md = all.get(2);
        assertThat(md.toolNames()).containsExactly("bash", "str_replace_editor", "submit");
        long editorCalls = md.steps().stream().flatMap(st -> st.toolCalls().stream()).filter(c -> c.name().equals("str_replace_editor")).count();
        assertThat(editorCalls).isGreaterThanOrEqualTo(15);
    }

    @Test
    void everyRecordedActionScoresAsExactAgainstItself() {
        for (SweScenario s : SweScenarios.load(List.of(dir()))) {
            ActionScorer scorer = new ActionScorer(s);
            for (int k = 0; k < s.steps().size(); k++) {
                SweScenario.Step st = s.steps().get(k);
                ModelAction self = s.actionStyle() == ActionStyle.TEXT
                        ? ModelAction.of(st.assistantText())
                        : new ModelAction(true, st.toolCalls().stream().map(c -> new ModelAction.Call(c.name(), c.arguments())).toList(), st.assistantText());
                ActionScore score = scorer.score(k, self);
                assertThat(score.level()).as(s.id() + " step " + k).isEqualTo(ActionScore.Agreement.EXACT);
                assertThat(score.allCallsValid()).as(s.id() + " step " + k).isTrue();
                assertThat(score.recordedTerminal()).as(s.id() + " step " + k).isEqualTo(k == s.steps().size() - 1);
            }
        }
    }

    @Test
    void filesAreSmallAndImportIsByteStable() throws IOException {
        long total = 0;
        try (Stream<Path> files = Files.list(dir())) {
            for (Path f : files.filter(p -> p.toString().endsWith(".json")).toList()) {
                total += Files.size(f);
                new ObjectMapper().readTree(f.toFile()); // plain JSON
                String a = ScenarioJsonl.toLine(TrajectoryImporter.importFile(f, null).scenarios().get(0));
                String b = ScenarioJsonl.toLine(TrajectoryImporter.importFile(f, SweFormat.MESSAGES).scenarios().get(0));
                assertThat(b).isEqualTo(a);
            }
        }
        assertThat(total).isLessThan(200_000);
    }
}
