package dev.harmonica.harmony.parse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.harmonica.harmony.HarmonyParser;
import dev.harmonica.harmony.ParseOutcome;
import dev.harmonica.harmony.Repair;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/repairs.md/§12.1: the lenient parser against every vector's {@code recommended_lenient}, and with only
 * L2 enabled against {@code with_pr97_strict}.
 */
class LenientVectorsTest {
    /** Vectors where Harmonica deliberately differs from recommended_lenient, with the reason. */
    static final Map<String, String> DEVIATIONS = Map.of();

    @TestFactory
    Stream<DynamicTest> recommendedLenient() {
        return Vectors.load().stream().map(v -> DynamicTest.dynamicTest(v.id(), () -> {
            JsonNode expected = v.expected("recommended_lenient");
            ParseOutcome got = HarmonyParsers.lenient().parse(v.tokens(), v.role());
            assertThat(got.error()).as("lenient never fails on a vector").isNull();
            if (!DEVIATIONS.containsKey(v.id())) {
                assertThat(Vectors.result(got)).as(expected.path("basis").asText())
                        .isEqualTo(Vectors.comparable(expected));
            }
            ObjectNode strict = Vectors.result(HarmonyParsers.strict().parse(v.tokens(), v.role()));
            boolean sameAsStrict = strict.equals(Vectors.result(got));
            if (!sameAsStrict) {
                assertThat(got.repairs()).as("a result that differs from strict is never reported clean").isNotEmpty();
            }
            if (expected.path("basis").asText().equals("same as strict")) {
                assertThat(got.repairs()).as("clean input has no repairs").isEmpty();
            }
            for (Repair r : got.repairs()) {
                assertThat(RepairCode.of(r.code())).as(r.code()).isNotNull();
                assertThat(r.offset()).isBetween(0, v.text().length());
            }
            HarmonyParser.Stream s = HarmonyParsers.lenient().stream(v.role());
            for (int t : v.tokens()) s.push(t);
            assertThat(s.finish()).as("stream = batch").isEqualTo(got);
        }));
    }

    @TestFactory
    Stream<DynamicTest> onlyL2EqualsPr97Strict() {
        LenientParser pr97 = new LenientParser(LenientOptions.none().enable(LenientFeature.STRIP_DUPLICATE_CHANNELS));
        return Vectors.load().stream().map(v -> DynamicTest.dynamicTest(v.id(), () -> {
            JsonNode expected = v.expected("with_pr97_strict");
            ParseOutcome got = pr97.parse(v.tokens(), v.role());
            assertThat(Vectors.result(new ParseOutcome(got.isOk() ? got.messages() : List.of(), got.error(),
                    List.of()))).isEqualTo(Vectors.comparable(expected));
        }));
    }
}
