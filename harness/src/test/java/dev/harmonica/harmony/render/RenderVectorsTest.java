package dev.harmonica.harmony.render;

import com.fasterxml.jackson.databind.JsonNode;
import dev.harmonica.harmony.HarmonyEncoding;
import dev.harmonica.harmony.Message;
import dev.harmonica.harmony.MessageJson;
import dev.harmonica.harmony.RendererOptions;
import dev.harmonica.harmony.RendererPresets;
import dev.harmonica.harmony.Rendering;
import dev.harmonica.testing.SharedData;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The 12 render vectors of {@code render_vectors.json} (docs/conformance.md) under both presets. */
class RenderVectorsTest {
    private static final HarmonyEncoding ENC = HarmonyEncoding.get();

    @TestFactory
    List<DynamicTest> renderVectors() throws IOException {
        JsonNode vectors = Fixtures.JSON.readTree(SharedData.require("harmony/render_vectors.json").toFile());
        HarmonyRenderer v008 = new HarmonyRenderer(ENC, RendererOptions.HARMONY_V0_0_8);
        HarmonyRenderer pr114 = new HarmonyRenderer(ENC, RendererPresets.parse("pr114"));
        List<DynamicTest> tests = new ArrayList<>();
        assertThat(vectors.size()).isEqualTo(12);
        for (JsonNode v : vectors) {
            String id = v.get("id").asText();
            Message m = MessageJson.read(v.get("message"));
            tests.add(DynamicTest.dynamicTest(id + " v0.0.8", () -> {
                Rendering r = v008.renderMessage(m, false);
                assertThat(r.text()).isEqualTo(v.get("v0_0_8").asText());
                assertThat(r.tokenIds()).isEqualTo(Fixtures.JSON.convertValue(v.get("v0_0_8_token_ids"), int[].class));
            }));
            tests.add(DynamicTest.dynamicTest(id + " pr114", () -> {
                Rendering r = pr114.renderMessage(m, false);
                assertThat(r.text()).isEqualTo(v.get("pr114_oss_harmony_990b79a").asText());
                assertThat(ENC.decode(r.tokenIds())).isEqualTo(r.text());
                // the only special tokens are the renderer's own: no <|constrain|> etc. encoded as text
                int specials = 0;
                for (int id2 : r.tokenIds()) if (HarmonyEncoding.isSpecial(id2)) specials++;
                assertThat(specials).isEqualTo(ENC.encodeWithSpecials(r.text()).length
                        - countOrdinary(ENC.encodeWithSpecials(r.text())));
            }));
        }
        return tests;
    }

    private static int countOrdinary(int[] ids) {
        int n = 0;
        for (int id : ids) if (!HarmonyEncoding.isSpecial(id)) n++;
        return n;
    }
}
