package dev.harmonica.harmony.render;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.harmonica.harmony.HarmonyEncoding;
import dev.harmonica.harmony.Message;
import dev.harmonica.harmony.MessageJson;
import dev.harmonica.harmony.RendererOptions;
import dev.harmonica.harmony.Rendering;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Differential test against openai/harmony's own renderer: the {@code oracle_render.jsonl} written by
 * {@code ../shared/tools/harmony-oracle/run.sh OUT_DIR} (never committed). The file is looked up at
 * {@code -Dharmonica.oracleRender=FILE} / {@code HARMONICA_ORACLE_RENDER}, defaulting to
 * {@code /tmp/harmony-oracle/oracle_render.jsonl}; the test is skipped when it is absent.
 */
class OracleRenderDifferentialTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    static Path oracleFile() {
        return OracleFiles.render();
    }

    /**
     * The oracle renders harmony's real {@code ToolNamespaceConfig::browser()}, but its JSON dump writes the
     * browser tools' schemas (JS Maps from serde_wasm_bindgen) as {@code {}}. Put the real schemas
     * (openai/harmony test_data/) back so the input matches what was rendered.
     */
    static void repairBuiltinSchemas(JsonNode conversation) {
        for (JsonNode m : conversation.path("messages")) {
            for (JsonNode item : m.path("content")) {
                JsonNode tools = item.path("tools").path("browser").path("tools");
                for (JsonNode tool : tools) {
                    JsonNode params = tool.get("parameters");
                    if (params == null || !params.isObject() || !params.isEmpty()) continue;
                    String schema = switch (tool.path("name").asText()) {
                        case "search" -> Fixtures.BROWSER_SEARCH_SCHEMA;
                        case "open" -> Fixtures.BROWSER_OPEN_SCHEMA;
                        case "find" -> Fixtures.BROWSER_FIND_SCHEMA;
                        default -> null;
                    };
                    if (schema != null) ((ObjectNode) tool).set("parameters", Fixtures.json(schema));
                }
            }
        }
    }

    static String firstDifference(String expectedText, String actualText, int[] expected, int[] actual) {
        int i = 0;
        while (i < expectedText.length() && i < actualText.length() && expectedText.charAt(i) == actualText.charAt(i)) i++;
        if (i == expectedText.length() && i == actualText.length()) {
            int t = 0;
            while (t < expected.length && t < actual.length && expected[t] == actual[t]) t++;
            return "same text, tokens differ at index " + t + ": expected "
                    + Arrays.toString(Arrays.copyOfRange(expected, Math.max(0, t - 3), Math.min(expected.length, t + 5)))
                    + " actual " + Arrays.toString(Arrays.copyOfRange(actual, Math.max(0, t - 3), Math.min(actual.length, t + 5)));
        }
        int from = Math.max(0, i - 60);
        return "text differs at char " + i + "\n    expected: " + escape(expectedText.substring(from, Math.min(expectedText.length(), i + 60)))
                + "\n    actual:   " + escape(actualText.substring(from, Math.min(actualText.length(), i + 60)));
    }

    private static String escape(String s) {
        return s.replace("\r", "\\r").replace("\n", "\\n");
    }

    @Test
    void everyOracleCaseRendersTokenForToken() throws Exception {
        Path file = oracleFile();
        Assumptions.assumeTrue(Files.exists(file), () -> "skipped: no oracle render file at " + file
                + " (generate one with ../shared/tools/harmony-oracle/run.sh DIR and pass"
                + " -Dharmonica.oracleRender=DIR/oracle_render.jsonl)");
        HarmonyRenderer renderer = new HarmonyRenderer(HarmonyEncoding.get(), RendererOptions.HARMONY_V0_0_8);
        List<String> mismatches = new ArrayList<>();
        int cases = 0;
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            while ((line = in.readLine()) != null) {
                if (line.isBlank()) continue;
                cases++;
                JsonNode c = JSON.readTree(line);
                String id = c.path("id").asText();
                repairBuiltinSchemas(c.get("conversation"));
                List<Message> messages = MessageJson.readConversation(c.get("conversation"));
                boolean drop = c.path("auto_drop_analysis").asBoolean();
                int[] expected = JSON.convertValue(c.get("expected_token_ids"), int[].class);
                Rendering r;
                try {
                    r = "completion".equals(c.path("mode").asText())
                            ? renderer.renderForCompletion(messages, "assistant", drop)
                            : renderer.renderConversation(messages, drop);
                } catch (RuntimeException e) {
                    mismatches.add(id + ": threw " + e);
                    continue;
                }
                if (!Arrays.equals(r.tokenIds(), expected)) {
                    mismatches.add(id + ": " + firstDifference(c.path("expected_text").asText(), r.text(), expected, r.tokenIds()));
                } else {
                    assertThat(r.text()).as(id).isEqualTo(c.path("expected_text").asText());
                }
            }
        }
        System.out.println("oracle render cases: " + cases + ", mismatches: " + mismatches.size());
        mismatches.stream().limit(400).forEach(m -> System.out.println("MISMATCH " + m));
        assertThat(cases).isPositive();
        assertThat(mismatches).as("cases rendered differently from openai/harmony (" + file + ")")
                .hasSizeLessThanOrEqualTo(0);
    }
}
