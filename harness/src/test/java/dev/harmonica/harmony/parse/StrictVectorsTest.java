package dev.harmonica.harmony.parse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.harmonica.harmony.HarmonyParser;
import dev.harmonica.harmony.MessageJson;
import dev.harmonica.harmony.ParseOutcome;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** docs/conformance.md: every vector's strict_v0_0_8 and harmony_non_strict_v0_0_8 result, byte for byte. */
class StrictVectorsTest {

    @TestFactory
    Stream<DynamicTest> strictV008() {
        return Vectors.load().stream().map(v -> DynamicTest.dynamicTest(v.id(), () ->
                check(HarmonyParsers.strict(), StrictParser.strict(), v, v.expected("strict_v0_0_8"))));
    }

    @TestFactory
    Stream<DynamicTest> harmonyNonStrictV008() {
        return Vectors.load().stream().map(v -> DynamicTest.dynamicTest(v.id(), () ->
                check(HarmonyParsers.harmonyNonStrict(), StrictParser.nonStrict(), v,
                        v.expected("harmony_non_strict_v0_0_8"))));
    }

    private static void check(HarmonyParser parser, StrictParser detailed, Vectors.Vector v, JsonNode expected) {
        ParseOutcome batch = parser.parse(v.tokens(), v.role());
        assertThat(Vectors.result(batch)).as("batch").isEqualTo(Vectors.comparable(expected));
        HarmonyParser.Stream s = parser.stream(v.role());
        for (int t : v.tokens()) s.push(t);
        assertThat(s.finish()).as("stream = batch").isEqualTo(batch);
        if (!v.node().has("input_token_ids")) {
            assertThat(parser.parseText(v.text(), v.role())).as("text = tokens").isEqualTo(batch);
        }
        if (expected.has("messages_before_error")) {
            HarmonyStreamParser p = detailed.parseDetailed(v.tokens(), v.role());
            assertThat(MessageJson.writeAll(p.messages()))
                    .isEqualTo(Vectors.normaliseMessages((ArrayNode)
                            expected.get("messages_before_error")));
        }
    }
}
