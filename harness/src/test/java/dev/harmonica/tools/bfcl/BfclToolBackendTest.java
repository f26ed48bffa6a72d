package dev.harmonica.tools.bfcl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.harmonica.scenario.bfcl.BfclCategory;
import dev.harmonica.scenario.bfcl.BfclDataset;
import dev.harmonica.scenario.bfcl.BfclEntry;
import dev.harmonica.testing.SharedData;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Replays BFCL's own FC-mode runs (samples/fc_sim_*.json: the ground truth as a fake model through BFCL's real loop)
 * through {@link BfclToolBackend}: every tool message must be identical, and the decoded calls must check valid.
 */
class BfclToolBackendTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern CALL = Pattern.compile("name='([^']*)', arguments='(.*)'\\)\\)$");

    @Test
    void toolMessagesMatchBfclsFcRunsExactly() throws Exception {
        Path dir = SharedData.require("bfcl/v4");
        BfclRuntime runtime = new BfclRuntime(dir);
        for (String id : List.of("multi_turn_base_0", "multi_turn_base_193", "multi_turn_miss_func_46")) {
            JsonNode sim = JSON.readTree(SharedData.require("bfcl/samples/fc_sim_" + id + ".json").toFile());
            BfclEntry entry = BfclDataset.load(dir, BfclCategory.ofId(id)).stream()
                    .filter(e -> e.id().equals(id)).findFirst().orElseThrow();
            BfclToolBackend backend = new BfclToolBackend(entry, runtime.factoryFor(entry), "harmonica");
            List<List<List<String>>> decoded = new ArrayList<>();
            List<String> pendingResults = new ArrayList<>();
            int toolMessages = 0;
            for (JsonNode m : sim.get("final_messages")) {
                String role = m.get("role").asText();
                if (role.equals("user") && !pendingResults.isEmpty()) throw new AssertionError("unconsumed results");
                if (role.equals("user")) {
                    decoded.add(new ArrayList<>());
                } else if (role.equals("assistant") && m.get("tool_calls").isArray()) {
                    List<String> step = new ArrayList<>();
                    for (JsonNode tc : m.get("tool_calls")) {
                        Matcher mm = CALL.matcher(tc.asText());
                        assertThat(mm.find()).as(tc.asText()).isTrue();
                        String args = mm.group(2).replace("\\'", "'");
                        step.add(BfclCalls.toCallString(mm.group(1), args));
                        pendingResults.add(backend.execute(mm.group(1), args));
                    }
                    decoded.get(decoded.size() - 1).add(step);
                } else if (role.equals("tool")) {
                    assertThat(pendingResults.remove(0)).isEqualTo(m.get("content").asText());
                    toolMessages++;
                }
            }
            assertThat(toolMessages).isPositive();
            assertThat(backend.executedCalls()).isNotEmpty();
            assertThat(BfclChecker.check(entry, decoded, "harmonica", runtime.factoryFor(entry)).valid()).isTrue();
        }
    }

    @Test
    void badArgumentsGiveErrorStringsNotExceptions() {
        Path dir = SharedData.require("bfcl/v4");
        BfclRuntime runtime = new BfclRuntime(dir);
        BfclEntry entry = BfclDataset.load(dir, "base").get(0);
        BfclToolBackend backend = new BfclToolBackend(entry, runtime.factoryFor(entry), "harmonica");
        assertThat(backend.execute("cd", "{\"folder\": ")).startsWith("Error during execution: Expecting value");
        assertThat(backend.execute("nope", "{}")).isEqualTo("Error during execution: name 'nope' is not defined");
        assertThat(backend.execute("cd", "{\"folder\": 5}")).startsWith("Error during execution:");
        assertThat(backend.execute("cd", "{\"folder\": \"document\"}"))
                .isEqualTo("{\"current_working_directory\": \"document\"}");
        assertThat(backend.stateSnapshot()).containsKeys("TwitterAPI", "GorillaFileSystem");
    }
}
