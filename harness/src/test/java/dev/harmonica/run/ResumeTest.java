package dev.harmonica.run;

import com.fasterxml.jackson.databind.JsonNode;
import dev.harmonica.journal.Journal;
import dev.harmonica.journal.JournalReader;
import dev.harmonica.testing.TempTrees;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A run killed at any journal line and resumed equals the uninterrupted run. */
class ResumeTest {
    @TempDir
    Path tmp;

    static final Variant V008 = RunnerTest.V008;
    static final Variant PR114 = RunnerTest.PR114;

    static List<String> records(Path runDir) {
        List<String> out = new ArrayList<>();
        JournalReader.forEachComplete(runDir.resolve(Runner.JOURNAL), n -> out.add(RunnerTest.comparable(n)));
        Collections.sort(out);
        return out;
    }

    static List<String> reference(Path dir) {
        Runner.run(RunnerTest.config(3, V008, PR114), Runner.Options.defaults(dir, dir),
                RunnerTest.services(new Fakes.ExpectedEndpoint(Set.of(2)), Fakes.kvScenarios(8)));
        return records(dir);
    }

    void crashThenResume(Path dir, long crashAfterLines, boolean tearLastLine) throws IOException {
        Journal.CrashHook hook = i -> {
            if (i >= crashAfterLines) throw new Journal.SimulatedCrash("crash at line " + i);
        };
        assertThatThrownBy(() -> Runner.run(RunnerTest.config(3, V008, PR114),
                Runner.Options.defaults(dir, dir).withCrashHook(hook),
                RunnerTest.services(new Fakes.ExpectedEndpoint(Set.of(2)), Fakes.kvScenarios(8))))
                .isInstanceOf(Journal.SimulatedCrash.class);
        if (tearLastLine) {
            Files.writeString(dir.resolve(Runner.JOURNAL), "{\"type\":\"turn\",\"scenario_id\":\"kv_", StandardOpenOption.APPEND);
        }
        Runner.run(null, Runner.Options.defaults(dir, dir).resuming(),
                RunnerTest.services(new Fakes.ExpectedEndpoint(Set.of(2)), Fakes.kvScenarios(8)));
    }

    @Test
    void crashesAtEveryTenthLineResumeToTheSameResult() throws IOException {
        List<String> ref = reference(tmp.resolve("ref"));
        assertThat(ref).isNotEmpty();
        long total = ref.size();
        for (long n = 0; n < total; n += 10) {
            Path dir = tmp.resolve("crash-" + n);
            crashThenResume(dir, n, n % 20 == 0);
            assertThat(records(dir)).as("crash after %d lines", n).isEqualTo(ref);
            // after the resume the journal holds nothing a reader would drop: no orphans, no duplicates
            List<String> raw = new ArrayList<>();
            JournalReader.forEachLine(dir.resolve(Runner.JOURNAL), x -> raw.add(RunnerTest.comparable(x)));
            Collections.sort(raw);
            assertThat(raw).isEqualTo(ref);
        }
    }

    @Property(tries = 6)
    void aCrashAtARandomLineResumesToTheSameResult(@ForAll @IntRange(min = 1, max = 120) int crashAt) throws IOException {
        Path base = TempTrees.create("harmonica-resume"); // jqwik properties get no @TempDir
        try {
            List<String> ref = reference(base.resolve("ref"));
            Path dir = base.resolve("crash");
            crashThenResume(dir, crashAt % ref.size(), crashAt % 2 == 0);
            assertThat(records(dir)).isEqualTo(ref);
        } finally {
            TempTrees.delete(base);
        }
    }

    @Test
    void theReaderDropsTurnsOfIncompleteScenariosAndATornLastLine() throws IOException {
        Path j = tmp.resolve("journal.jsonl");
        Files.writeString(j, """
                {"type":"turn","scenario_id":"a","variant":"v","turn":0,"step":0}
                {"type":"turn","scenario_id":"b","variant":"v","turn":0,"step":0}
                {"type":"scenario","scenario_id":"a","variant":"v","status":"completed"}
                {"type":"turn","scenario_id":"b","var""");
        List<JsonNode> seen = new ArrayList<>();
        JournalReader.forEachComplete(j, seen::add);
        assertThat(seen).extracting(n -> n.path("scenario_id").asText() + n.path("type").asText())
                .containsExactly("aturn", "ascenario");
        assertThat(JournalReader.compactForResume(j)).isEqualTo(2);
        assertThat(Files.readAllLines(j)).hasSize(2);
        assertThat(JournalReader.compactForResume(j)).isZero();
    }

    @Test
    void aBadLineInTheMiddleIsAnErrorNamingTheLine() throws IOException {
        Path j = tmp.resolve("journal.jsonl");
        Files.writeString(j, "{\"type\":\"turn\"}\nnot json\n{\"type\":\"turn\"}\n");
        assertThatThrownBy(() -> JournalReader.forEachLine(j, n -> { }))
                .hasMessageContaining("journal.jsonl, line 2");
    }

    static String unsharded(String s) {
        return s.replaceAll("\"shard\":\"[0-9]/3\",", "").replaceAll("\"record_digest\":\"[0-9a-f]+\"", "");
    }

    @Test
    void shardsPartitionTheScenariosAndMergeBackToTheFullRun() {
        List<String> ref = reference(tmp.resolve("ref"));
        List<Path> dirs = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Path d = tmp.resolve("shard" + i);
            dirs.add(d);
            Runner.run(RunnerTest.config(2, V008, PR114), Runner.Options.defaults(d, d).withShard(new Shard(i, 3)),
                    RunnerTest.services(new Fakes.ExpectedEndpoint(Set.of(2)), Fakes.kvScenarios(8)));
        }
        Path merged = tmp.resolve("merged");
        JournalMerge.Result r = JournalMerge.merge(dirs, merged);
        assertThat(r.scenarios()).isEqualTo(16);
        List<String> got = records(merged).stream().map(ResumeTest::unsharded).sorted().toList();
        List<String> want = ref.stream().map(ResumeTest::unsharded).sorted().toList();
        assertThat(got).isEqualTo(want);
        assertThatThrownBy(() -> JournalMerge.merge(List.of(dirs.get(0), tmp.resolve("ref")), tmp.resolve("m2")))
                .hasMessageContaining("run configuration");
    }
}
