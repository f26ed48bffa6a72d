package dev.harmonica.tools.bfcl;

import dev.harmonica.scenario.bfcl.BfclCategory;
import dev.harmonica.scenario.bfcl.BfclDataset;
import dev.harmonica.scenario.bfcl.BfclEntry;
import dev.harmonica.testing.SharedData;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** BFCL's instance names and its function-name rewrite (bfcl-eval 2026.3.23, docs/bfcl.md "Instance names"). */
class BfclNamesTest {
    private static final Map<String, String> OWNERS = Map.of("ls", "I", "cd", "I", "echo", "I");

    @Test
    void modelNamesAreSanitisedAsBfclDoes() {
        assertThat(BfclNames.inferenceModel("openai/gpt-oss-20b")).isEqualTo("openai_gpt_oss_20b");
        assertThat(BfclNames.resultFolder("openai/gpt-oss-20b")).isEqualTo("openai_gpt-oss-20b");
        assertThat(BfclNames.instanceVariable(BfclNames.checkerModelSide("openai_gpt-oss-20b"), "multi_turn_base_0",
                "GorillaFileSystem")).isEqualTo("openai_gpt_oss_20b_eval_multi_turn_base_0_GorillaFileSystem_instance");
        assertThat(BfclNames.instanceVariable(BfclNames.checkerGroundTruthSide("m"), "multi_turn_base_0", "MathAPI"))
                .isEqualTo("m_ground_truth_eval_multi_turn_base_0_MathAPI_instance");
        // ':' and '.' are replaced only by the executor's re.sub, '-' by both
        assertThat(BfclNames.instanceVariable("ollama/qwen3:8b-v1.5", "multi_turn_long_context_3", "TicketAPI"))
                .isEqualTo("ollama_qwen3_8b_v1_5_multi_turn_long_context_3_TicketAPI_instance");
    }

    @Test
    void rewriteFollowsPythonsRegexIncludingStringLiterals() {
        assertThat(rewrite("ls(a=1)")).isEqualTo("I.ls(a=1)");
        assertThat(rewrite("echo(content='run ls() and cd (x)')"))
                .isEqualTo("I.echo(content='run I.ls() and I.cd(x)')");
        // \s* before '(' is dropped for every name, known or not
        assertThat(rewrite("print (1)")).isEqualTo("print(1)");
        assertThat(rewrite("ls\u00a0\t(")).isEqualTo("I.ls(");
        // \b: no rewrite inside a word, after a digit, or after a Unicode letter (Python's \w)
        assertThat(rewrite("xls(1)")).isEqualTo("xls(1)");
        assertThat(rewrite("1ls(1)")).isEqualTo("1ls(1)");
        assertThat(rewrite("\u00e9ls(1)")).isEqualTo("\u00e9ls(1)");
        // U+0870 is a letter in Unicode 14 (CPython 3.11), unassigned in Java 17's Unicode 13
        assertThat(rewrite("\u0870ls(1)")).isEqualTo("\u0870ls(1)");
        // the start must be ASCII; later characters may be any \w
        assertThat(rewrite("ls\u00e9(1)")).isEqualTo("ls\u00e9(1)");
        assertThat(rewrite("a.ls(1)")).isEqualTo("a.I.ls(1)");
        assertThat(rewrite("f(ls)")).isEqualTo("f(ls)");
        assertThat(rewrite("\ud835\udc65ls(1)")).isEqualTo("\ud835\udc65ls(1)");
    }

    @Test
    void instanceNamesReachResultStrings() {
        Path dir = SharedData.require("bfcl/v4");
        BfclEntry entry = BfclDataset.load(dir, BfclCategory.BASE).get(0);
        BfclExecutor ex = BfclExecutor.modelSide(entry, BfclNames.resultFolder("openai/gpt-oss-20b"),
                new BfclRuntime(dir).factoryFor(entry));
        // measured with bfcl-eval 2026.3.23 (execute_multi_turn_func_call, model "openai_gpt-oss-20b", eval run)
        assertThat(ex.execute(List.of("touch(file_name='ls()')", "ls ()", "print (1)"))).containsExactly("None",
                "{\"current_directory_content\": [\"document\", \"archive\", "
                        + "\"openai_gpt_oss_20b_eval_multi_turn_base_0_GorillaFileSystem_instance.ls()\"]}", "None");
    }

    private static String rewrite(String call) {
        return BfclNames.rewrite(call, OWNERS::get);
    }
}
