package dev.harmonica.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.harmonica.cli.ExitCodes;
import dev.harmonica.cli.Main;
import dev.harmonica.scenario.BadInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code harmonica merge} refuses a missing shard unless {@code --allow-partial}, which marks run.json partial. */
class MergeShardsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    private List<Path> shards(int count, int... indices) {
        List<Path> dirs = new ArrayList<>();
        for (int i : indices) {
            Path d = tmp.resolve("run-shard-" + i + "-of-" + count);
            dirs.add(d);
            Runner.run(RunnerTest.config(2, RunnerTest.V008), Runner.Options.defaults(d, d).withShard(new Shard(i, count)),
                    RunnerTest.services(new Fakes.ExpectedEndpoint(Set.of()), Fakes.kvScenarios(8)));
        }
        return dirs;
    }

    private record Run(int code, String out, String err) {
    }

    private static Run merge(List<Path> dirs, Path out, String... flags) {
        List<String> args = new ArrayList<>(List.of("merge"));
        dirs.forEach(d -> args.add(d.toString()));
        args.add("--out");
        args.add(out.toString());
        args.addAll(List.of(flags));
        StringWriter o = new StringWriter(), e = new StringWriter();
        int code = Main.run(new PrintWriter(o), new PrintWriter(e), args.toArray(String[]::new));
        return new Run(code, o.toString(), e.toString());
    }

    private static JsonNode runJson(Path dir) throws IOException {
        return JSON.readTree(dir.resolve(Runner.RUN_JSON).toFile());
    }

    @Test
    void aMissingShardIsRefusedWithExit2NamingItAndNothingIsWritten() {
        List<Path> dirs = shards(4, 0, 2);
        Path out = tmp.resolve("merged");
        Run r = merge(dirs, out);
        assertThat(r.code()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(r.err()).contains("shard(s) 1/4, 3/4 missing", "--allow-partial");
        assertThat(out).doesNotExist();
        assertThatThrownBy(() -> JournalMerge.merge(dirs, out)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("1/4, 3/4");
    }

    @Test
    void allowPartialMergesWhatIsThereAndRunJsonSaysSo() throws IOException {
        List<Path> dirs = shards(3, 0, 2);
        Path out = tmp.resolve("merged");
        Run r = merge(dirs, out, "--allow-partial");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.err()).contains("partial merge: shard(s) 1/3 missing");
        JsonNode rj = runJson(out);
        assertThat(rj.get("partial").asBoolean()).isTrue();
        assertThat(rj.get("missing_shards").toString()).isEqualTo("[\"1/3\"]");

        // the partial merge plus the missing shard is complete again
        Path again = tmp.resolve("merged-again");
        Run complete = merge(List.of(out, shards(3, 1).get(0)), again);
        assertThat(complete.code()).as(complete.err()).isZero();
        assertThat(runJson(again).get("partial").asBoolean()).isFalse();
        assertThat(runJson(again).get("missing_shards")).isEmpty();
    }

    @Test
    void aCompleteMergeSaysItIsNotPartial() throws IOException {
        Path out = tmp.resolve("merged");
        Run r = merge(shards(2, 1, 0), out);
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(runJson(out).get("partial").asBoolean()).isFalse();
        assertThat(runJson(out).get("missing_shards")).isEmpty();
    }

    private static ShardCoverage.Part part(String shard, String... missing) {
        ObjectNode n = JSON.createObjectNode();
        if (shard == null) n.putNull("shard");
        else n.put("shard", shard);
        if (missing.length > 0) {
            var arr = n.putArray("missing_shards");
            for (String m : missing) arr.add(m);
        }
        return ShardCoverage.part(n, "run.json");
    }

    @Test
    void coverageAcrossShardCountsIsWorkedOutExactly() {
        assertThat(ShardCoverage.of(List.of(part(null))).complete()).isTrue();
        assertThat(ShardCoverage.of(List.of(part("0/2"), part("1/4"), part("3/4"))).complete()).isTrue();
        assertThat(ShardCoverage.of(List.of(part("0/2"), part("1/4"))).missingLabels()).containsExactly("3/4");
        assertThat(ShardCoverage.of(List.of(part("0/2"), part("0/3"))).missingLabels()).containsExactly("1/6", "5/6");
        assertThat(ShardCoverage.of(List.of(part(null, "1/3"))).missingLabels()).containsExactly("1/3");
        assertThat(ShardCoverage.of(List.of(part(null, "1/3"), part("1/3"))).complete()).isTrue();
        assertThatThrownBy(() -> part("5/4")).isInstanceOf(BadInputException.class).hasMessageContaining("run.json: field shard");
    }
}
