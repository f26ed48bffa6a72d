package dev.harmonica.harmony.parse;

import com.fasterxml.jackson.databind.JsonNode;
import dev.harmonica.testing.SharedData;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ErrorSignatureTest {

    @Test
    void censusErrorsKeepTheirIdentity() {
        // openai/harmony PR #114 census lines group as users count them
        assertThat(ErrorSignature.of("Unknown role: assistant<|channel|>commentary"))
                .isEqualTo("Unknown role: assistant<|channel|>commentary");
        assertThat(ErrorSignature.of("unexpected tokens remaining in message header: Some(\"to=functions.bash\")"))
                .isEqualTo("unexpected tokens remaining in message header: Some(\"to=functions.bash\")");
        assertThat(ErrorSignature.of("Unknown role: final")).isEqualTo("Unknown role: final");
        assertThat(ErrorSignature.of("Unexpected EOS while waiting for message header to complete"))
                .isEqualTo("Unexpected EOS while waiting for message header to complete");
    }

    @Test
    void tokenIdsOfStrayTextCollapseButSpecialIdsStay() {
        assertThat(ErrorSignature.of("Unexpected token 12606 while expecting start token 200006"))
                .isEqualTo(ErrorSignature.of("Unexpected token 34451 while expecting start token 200006"))
                .isEqualTo("Unexpected token {text} while expecting start token 200006");
        assertThat(ErrorSignature.of("Unexpected token 200002 while expecting start token 200006"))
                .isEqualTo("Unexpected token 200002 while expecting start token 200006");
        assertThat(ErrorSignature.of("HarmonyError: Unexpected token 200012 while expecting start token 200006"))
                .isEqualTo("Unexpected token 200012 while expecting start token 200006");
    }

    @Test
    void freeTextAndDigitsAreCollapsed() {
        String a = ErrorSignature.of("unexpected tokens remaining in message header: Some(\"to=functions.bash <|constrain|>We should list files first\")");
        String b = ErrorSignature.of("unexpected tokens remaining in message header: Some(\"to=functions.bash <|constrain|>We should list the directory now\")");
        assertThat(a).isEqualTo(b).isEqualTo("unexpected tokens remaining in message header: Some(\"to=functions.bash <|constrain|>We should list …\")");
        assertThat(ErrorSignature.of("Unknown role: item42")).isEqualTo(ErrorSignature.of("Unknown role: item7"));
        assertThat(ErrorSignature.of("Unknown role: " + "x".repeat(500))).hasSizeLessThan(160).endsWith("…");
    }

    @Test
    void oldListFormatGroupsWithV008() {
        assertThat(ErrorSignature.of("openai_harmony.HarmonyError: unexpected tokens remaining in message header: [\"––commentary\"]"))
                .isEqualTo(ErrorSignature.of("unexpected tokens remaining in message header: Some(\"––commentary\")"));
        assertThat(ErrorSignature.of("unexpected tokens remaining in message header: [\"a\", \"b\\\"c\"]"))
                .isEqualTo("unexpected tokens remaining in message header: Some(\"a b\\\"c\")");
    }

    @Test
    void nullStaysNull() {
        assertThat(ErrorSignature.of(null)).isNull();
    }

    @Test
    void realMalformedOutputsGroupIntoFewSignatures() throws Exception {
        Map<String, Integer> census = new LinkedHashMap<>();
        for (String line : Files.readAllLines(SharedData.require("real-outputs/gpt-oss-malformed.jsonl"))) {
            JsonNode rec = Vectors.JSON.readTree(line);
            String e = rec.get("reported_error").asText();
            if (!e.contains("Unknown role") && !e.contains("unexpected tokens") && !e.contains("Unexpected token")) continue;
            census.merge(ErrorSignature.of(e), rec.path("count").asInt(1), Integer::sum);
        }
        assertThat(census).containsEntry("Unknown role: assistant<|channel|>bash<|channel|>commentary", 25)
                .containsEntry("unexpected tokens remaining in message header: Some(\"to=functions.bash\")", 24)
                .containsEntry("Unknown role: final", 3);
        assertThat(census.keySet()).allSatisfy(k -> assertThat(k).doesNotContainPattern("\\d{3,}(?<!200\\d{3})"));
    }
}
