package dev.harmonica.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The run file's variant order is the order of record (reports take the baseline from it, never from the journal). */
class VariantOrderTest {
    @TempDir
    Path tmp;

    @Test
    void runJsonListsVariantsInConfigOrderAndMergeKeepsIt() throws Exception {
        Variant z = Variant.of("zz-first", "pr114", Variant.Mode.COMPLETIONS);
        Variant a = Variant.of("aa-second", "harmony-v0.0.8", Variant.Mode.COMPLETIONS);
        List<Path> shards = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            Path dir = tmp.resolve("s" + i);
            Runner.run(RunnerTest.config(3, z, a), Runner.Options.defaults(dir, tmp).withShard(Shard.parse(i + "/2")),
                    RunnerTest.services(new Fakes.ExpectedEndpoint(Set.of()), Fakes.kvScenarios(6)));
            shards.add(dir);
        }
        Path merged = tmp.resolve("merged");
        JournalMerge.merge(shards, merged);
        for (Path d : List.of(shards.get(0), shards.get(1), merged)) {
            JsonNode run = new ObjectMapper().readTree(d.resolve(Runner.RUN_JSON).toFile());
            List<String> names = new ArrayList<>();
            run.path("config").path("variants").forEach(v -> names.add(v.path("name").asText()));
            assertThat(names).as(d.toString()).containsExactly("zz-first", "aa-second");
            assertThat(Runner.resolveForResume(d).variants()).extracting(Variant::name).containsExactly("zz-first", "aa-second");
        }
    }
}
