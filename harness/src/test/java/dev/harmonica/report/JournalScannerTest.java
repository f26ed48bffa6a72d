package dev.harmonica.report;

import dev.harmonica.scenario.BadInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JournalScannerTest {
    @Test
    void readsShardsInOrderToleratesCrlfBlankAndATornLastLine(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("journal.jsonl"), "{\"type\":\"x\",\"n\":1}\r\n\r\n{\"type\":\"x\",\"n\":2}\n");
        Files.writeString(dir.resolve("journal-b.jsonl"), "{\"type\":\"x\",\"n\":4}\n{\"type\":\"x\",\"n\":5}\n{\"type\":\"x\",\"n\"");
        Files.writeString(dir.resolve("journal-a.jsonl"), "{\"type\":\"x\",\"n\":3}");
        Files.writeString(dir.resolve("journal-a.jsonl.bak"), "{\"type\":\"x\",\"n\":99}\n");
        List<String> seen = new ArrayList<>();
        Warnings w = new Warnings();
        JournalScanner.read(dir, w, (node, file, line) -> seen.add(file + ":" + line + ":" + node.path("n").asInt()));
        assertThat(seen).containsExactly("journal.jsonl:1:1", "journal.jsonl:3:2", "journal-a.jsonl:1:3",
                "journal-b.jsonl:1:4", "journal-b.jsonl:2:5");
        assertThat(w.first()).containsExactly(
                "journal-b.jsonl line 3: torn last line ignored (15 bytes; the run was probably interrupted while writing it)");
    }

    @Test
    void aTornLineInTheMiddleIsAnErrorNamingFileAndLine(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("journal.jsonl"), "{\"type\":\"x\",\"n\":4}\nnot json\n{\"type\":\"x\",\"n\":5}\n");
        assertThatThrownBy(() -> JournalScanner.read(dir, new Warnings(), (node, file, line) -> { }))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("journal.jsonl, line 2: not a journal record, a torn line in the middle");
        assertThatThrownBy(() -> Reports.writeAll(dir)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("line 2");
    }

    @Test
    void aJournalWithEveryLineTwiceReportsTheSameNumbers(@TempDir Path dir) throws IOException {
        Path once = UnjudgedReportsTest.mixed().write(dir.resolve("once"), false, "v");
        Path twice = UnjudgedReportsTest.mixed().write(dir.resolve("twice"), false, "v");
        String j = Files.readString(twice.resolve("journal.jsonl"));
        Files.writeString(twice.resolve("journal.jsonl"), j + j); // e.g. a shard file merged in twice
        Files.writeString(twice.resolve("journal-copy.jsonl"), j); // and a leftover copy
        Reports.writeAll(once);
        Reports.Result r = Reports.writeAll(twice);
        for (String f : new String[]{"turns.csv", "failure_modes.csv", "summary.csv"}) {
            assertThat(Files.readString(twice.resolve(f)).replace("twice", "once").replace("journal-copy", "journal"))
                    .as(f).isEqualTo(Files.readString(once.resolve(f)));
        }
        assertThat(r.model().run().warnings().first()).contains("34 duplicated journal line(s) (the same record twice)"
                + " counted once");
    }

    @Test
    void aLineOfAnotherRunIsRefusedByTheReports(@TempDir Path dir) throws IOException {
        Path run = UnjudgedReportsTest.mixed().write(dir.resolve("mix"), false, "v");
        Path other = new TestJournal("another").judged("s9", "v", 0, "ok").scenario("s9", "v", 1, "completed", true)
                .write(dir.resolve("other"), false, "v");
        Files.copy(other.resolve("journal.jsonl"), run.resolve("journal-x.jsonl"));
        assertThatThrownBy(() -> Reports.writeAll(run)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("journal-x.jsonl, line 1: run_id \"another\" is not this run's (\"mix\", run.json)");
    }

    @Test
    void readsLinesLongerThanTheBuffer(@TempDir Path dir) throws IOException {
        String big = "x".repeat(3 << 20);
        Files.writeString(dir.resolve("journal.jsonl"), "{\"type\":\"turn\",\"raw\":{\"text\":\"" + big
                + "\"},\"n\":1}\n{\"n\":2,\"type\":\"y\"}\n");
        List<Integer> seen = new ArrayList<>();
        JournalScanner.read(dir, new Warnings(), (node, file, line) -> seen.add(node.path("n").asInt()));
        assertThat(seen).containsExactly(1, 2);
    }

    @Test
    void fieldErrorsNameFileLineAndField(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("journal.jsonl"),
                "{\"type\":\"turn\",\"scenario_id\":\"s\",\"variant\":\"v\",\"turn\":\"zero\",\"step\":0,\"depth\":0}\n"
                        + "{\"type\":\"scenario\",\"variant\":\"v\"}\n{\"no_type\":1}\n");
        RunData d = RunData.read(dir);
        assertThat(d.warnings().first()).containsExactly(
                "journal.jsonl line 1: turn record field \"turn\" must be an integer, found string; record skipped",
                "journal.jsonl line 2: scenario record without a string field \"scenario_id\"; record skipped",
                "journal.jsonl line 3: record without a string field \"type\"; record ignored");
        assertThat(d.variants()).isEmpty();
    }

    @Test
    void quickScenarioIdFindsPlainIdsOnly() {
        byte[] b = "{\"type\":\"turn\",\"scenario_id\": \"abc_1\",\"x\":1}".getBytes(StandardCharsets.UTF_8);
        assertThat(JournalScanner.quickScenarioId(b, 0, b.length)).isEqualTo("abc_1");
        byte[] esc = "{\"scenario_id\":\"a\\\"b\"}".getBytes(StandardCharsets.UTF_8);
        assertThat(JournalScanner.quickScenarioId(esc, 0, esc.length)).isNull();
    }

}
