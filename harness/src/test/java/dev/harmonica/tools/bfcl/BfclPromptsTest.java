package dev.harmonica.tools.bfcl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.harmonica.scenario.bfcl.BfclDataset;
import dev.harmonica.scenario.bfcl.BfclEntry;
import dev.harmonica.testing.SharedData;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Tool JSON and prompts against BFCL's own outputs in ../shared/data/bfcl/samples. */
class BfclPromptsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static BfclEntry entry(String category, String id) {
        Path dir = SharedData.require("bfcl/v4");
        return BfclDataset.load(dir, category).stream().filter(e -> e.id().equals(id)).findFirst().orElseThrow();
    }

    @Test
    void openAiToolsAreExactlyWhatBfclSends() throws Exception {
        for (String id : List.of("multi_turn_base_0", "multi_turn_base_100")) {
            Path sample = SharedData.require("bfcl/samples/openai_tools_" + id + ".json");
            JsonNode expected = JSON.readTree(sample.toFile());
            JsonNode actual = BfclPrompts.openAiTools(entry("base", id), 0);
            assertThat(actual).isEqualTo(expected);
            // key order too
            assertThat(JSON.writeValueAsString(actual)).isEqualTo(JSON.writeValueAsString(expected));
        }
    }

    @Test
    void promptingFirstTurnSystemPromptIsExact() throws Exception {
        for (String id : List.of("multi_turn_base_0", "multi_turn_base_100")) {
            JsonNode msgs = JSON.readTree(
                    SharedData.require("bfcl/samples/prompting_first_turn_messages_" + id + ".json").toFile());
            BfclEntry e = entry("base", id);
            assertThat(BfclPrompts.promptingSystemPrompt(e.functions())).isEqualTo(msgs.get(0).get("content").asText());
            assertThat(msgs.get(1).get("content").asText()).isEqualTo(e.question().get(0).get(0).content());
        }
    }

    @Test
    void holdoutMessagesAreExact() throws Exception {
        JsonNode sim = JSON.readTree(SharedData.require("bfcl/samples/prompting_sim_multi_turn_miss_func_46.json")
                .toFile());
        BfclEntry e = entry("miss_func", "multi_turn_miss_func_46");
        assertThat(e.missedFunction()).containsEntry(1, List.of("rm"));
        assertThat(e.functions()).noneMatch(f -> f.get("name").asText().equals("rm"));
        assertThat(e.functionsAtTurn(1)).anyMatch(f -> f.get("name").asText().equals("rm"));
        String expected = null;
        String toolResults = null;
        for (JsonNode m : sim.get("final_messages")) {
            String c = m.path("content").asText();
            if (m.get("role").asText().equals("user") && c.endsWith(BfclPrompts.HOLDOUT_MESSAGE_FC)) expected = c;
            if (m.get("role").asText().equals("user") && c.startsWith("[{'role': 'tool'")) toolResults = c;
        }
        assertThat(BfclPrompts.holdoutMessagePrompting(e.heldOutDocs().get(1))).isEqualTo(expected);
        assertThat(BfclPrompts.promptingToolResults(
                List.of("cd(folder='Drafts')", "rm(file_name='DylanProject.txt')", "cd(folder='..')",
                        "rmdir(dir_name='Drafts')"),
                List.of("{\"current_working_directory\": \"Drafts\"}", "{\"result\": \"'DylanProject.txt' removed\"}",
                        "{}", "{\"result\": \"'Drafts' removed\"}"))).isEqualTo(toolResults);
        JsonNode fc = JSON.readTree(SharedData.require("bfcl/samples/fc_sim_multi_turn_miss_func_46.json").toFile());
        assertThat(fc.get("final_messages").get(2).get("content").asText()).isEqualTo(BfclPrompts.HOLDOUT_MESSAGE_FC);
        assertThat(BfclPrompts.openAiTools(e, 0)).hasSize(fc.get("n_tools").asInt());
        assertThat(BfclPrompts.openAiTools(e, 1)).hasSize(fc.get("n_tools").asInt() + 1);
        for (int i = 0; i < 3; i++) {
            assertThat(BfclPrompts.openAiTools(e, 0).get(i)).isEqualTo(fc.get("tools_first_3").get(i));
        }
    }

    @Test
    void promptingTextDecodesLikeBfcl() throws Exception {
        assertThat(BfclCalls.decodePrompting("[sort('final_report.pdf')]")).containsExactly("sort()");
        assertThat(BfclCalls.decodePrompting("f(a=-1, b=[1,2.0], c={'k': True})"))
                .containsExactly("f(a=-1, b=[1, 2.0], c={'k': True})");
        assertThat(BfclCalls.decodePrompting("```\n[ls(a=True), cd(folder=\"it's\")]\n```"))
                .containsExactly("ls(a=True)", "cd(folder=\"it's\")");
        assertThat(BfclCalls.decodePrompting("[]")).isEmpty();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> BfclCalls.decodePrompting("I have completed it."))
                .isInstanceOf(BfclCalls.DecodeException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> BfclCalls.decodePrompting("Done"))
                .isInstanceOf(BfclCalls.DecodeException.class);
        JsonNode sim = JSON.readTree(SharedData.require("bfcl/samples/prompting_sim_multi_turn_miss_func_46.json")
                .toFile());
        for (JsonNode m : sim.get("final_messages")) {
            if (m.get("role").asText().equals("assistant") && m.get("content").asText().startsWith("[cd(")) {
                assertThat(BfclCalls.decodePrompting(m.get("content").asText())).containsExactly(
                        "cd(folder='Drafts')", "rm(file_name='DylanProject.txt')", "cd(folder='..')",
                        "rmdir(dir_name='Drafts')");
            }
        }
    }

    @Test
    void fcArgumentsDecodeToBfclCallStrings() throws Exception {
        assertThat(BfclCalls.toCallString("f", "{\"a\": 5, \"b\": 5.0, \"c\": true, \"d\": null}"))
                .isEqualTo("f(a=5,b=5.0,c=True,d=None)");
        assertThat(BfclCalls.toCallString("cd", "{\"folder\": \"it's\"}")).isEqualTo("cd(folder=\"it's\")");
        assertThat(BfclCalls.toCallString("g", "{}")).isEqualTo("g()");
        assertThat(BfclCalls.toCallString("g", "{\"x\": NaN, \"y\": [1e400]}")).isEqualTo("g(x=nan,y=[inf])");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> BfclCalls.toCallString("g", "{bad"))
                .isInstanceOf(BfclCalls.DecodeException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> BfclCalls.toCallString("g", "[1]"))
                .hasMessage("'list' object has no attribute 'items'");
    }
}
