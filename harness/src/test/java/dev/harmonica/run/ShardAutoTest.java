package dev.harmonica.run;

import dev.harmonica.scenario.BadInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntFunction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code --shard auto}: each scheduler's variables give slices that cover every scenario × variant exactly once. */
class ShardAutoTest {
    @TempDir
    Path tmp;

    static Map<String, String> env(String... kv) {
        Map<String, String> m = new HashMap<>();
        for (int i = 0; i < kv.length; i += 2) m.put(kv[i], kv[i + 1]);
        return m;
    }

    @Test
    void eachSchedulersVariablesNameTheSlice() {
        assertThat(Shard.fromEnvironment(env("JOB_COMPLETION_INDEX", "2", "JOB_COMPLETIONS", "4"), null))
                .isEqualTo(new Shard(2, 4));
        assertThat(Shard.fromEnvironment(env("JOB_COMPLETION_INDEX", "2"), 3)).isEqualTo(new Shard(2, 3));
        assertThat(Shard.fromEnvironment(env("SLURM_ARRAY_TASK_ID", "5", "SLURM_ARRAY_TASK_MIN", "4",
                "SLURM_ARRAY_TASK_MAX", "7"), null)).isEqualTo(new Shard(1, 4));
        assertThat(Shard.fromEnvironment(env("SLURM_ARRAY_TASK_ID", "0", "SLURM_ARRAY_TASK_COUNT", "2"), null))
                .isEqualTo(new Shard(0, 2));
        assertThat(Shard.fromEnvironment(env("SHARD_INDEX", "1", "SHARD_COUNT", "2"), null)).isEqualTo(new Shard(1, 2));
    }

    @Test
    void missingOrWrongVariablesSayWhat() {
        assertThatThrownBy(() -> Shard.fromEnvironment(env(), null)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("JOB_COMPLETION_INDEX, SLURM_ARRAY_TASK_ID and SHARD_INDEX");
        assertThatThrownBy(() -> Shard.fromEnvironment(env("JOB_COMPLETION_INDEX", "0"), null))
                .hasMessageContaining("JOB_COMPLETIONS is not set").hasMessageContaining("--shard-count");
        assertThatThrownBy(() -> Shard.fromEnvironment(env("JOB_COMPLETION_INDEX", "4", "JOB_COMPLETIONS", "4"), null))
                .hasMessageContaining("gives shard 4 of 4");
        assertThatThrownBy(() -> Shard.fromEnvironment(env("SLURM_ARRAY_TASK_ID", "2", "SLURM_ARRAY_TASK_COUNT", "3",
                "SLURM_ARRAY_TASK_STEP", "2"), null)).hasMessageContaining("dense array");
        assertThatThrownBy(() -> Shard.fromEnvironment(env("SHARD_INDEX", "x", "SHARD_COUNT", "2"), null))
                .hasMessageContaining("SHARD_INDEX='x' is not an integer");
    }

    @Test
    void slicesFromEverySchedulerCoverTheRunOnceAndMergeBackToIt() {
        List<String> full = ResumeTest.reference(tmp.resolve("full")).stream().map(ResumeTest::unsharded).sorted().toList();
        Map<String, IntFunction<Map<String, String>>> schedulers = Map.of(
                "k8s", i -> env("JOB_COMPLETION_INDEX", "" + i, "JOB_COMPLETIONS", "3"),
                "slurm", i -> env("SLURM_ARRAY_TASK_ID", "" + (i + 1), "SLURM_ARRAY_TASK_MIN", "1",
                        "SLURM_ARRAY_TASK_MAX", "3"),
                "ci", i -> env("SHARD_INDEX", "" + i, "SHARD_COUNT", "3"));
        for (var e : schedulers.entrySet()) {
            List<Path> dirs = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                Shard s = Shard.fromEnvironment(e.getValue().apply(i), null);
                Path d = tmp.resolve(e.getKey() + i);
                dirs.add(d);
                Runner.run(RunnerTest.config(2, RunnerTest.V008, RunnerTest.PR114),
                        Runner.Options.defaults(d, d).withShard(s),
                        RunnerTest.services(new Fakes.ExpectedEndpoint(Set.of(2)), Fakes.kvScenarios(8)));
            }
            Path merged = tmp.resolve(e.getKey() + "-merged");
            JournalMerge.merge(dirs, merged);
            List<String> got = ResumeTest.records(merged).stream().map(ResumeTest::unsharded).sorted().toList();
            assertThat(got).as(e.getKey()).isEqualTo(full);
        }
    }
}
