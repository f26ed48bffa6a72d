package dev.harmonica.turn;

import dev.harmonica.harmony.HarmonyEncoding;
import dev.harmonica.harmony.Message;
import dev.harmonica.harmony.parse.HarmonyParsers;
import dev.harmonica.harmony.render.HarmonyRenderer;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class EchoTest {
    /** What gpt-oss writes: channel first, then the recipient, then {@code <|constrain|>json}. */
    static final String HABIT = "<|channel|>analysis<|message|>Store it.<|end|><|start|>assistant<|channel|>commentary"
            + " to=functions.put <|constrain|>json<|message|>{\"key\":\"a\",\"value\":1}<|call|>";

    static Echo echo(String completion, String renderer, boolean dropAnalysis) {
        int[] tokens = HarmonyEncoding.get().encodeWithSpecials(completion);
        List<Message> driving = HarmonyParsers.strict().parse(tokens, "assistant").messages();
        return Echo.of(tokens, driving, HarmonyRenderer.of(renderer), dropAnalysis);
    }

    @Test
    void pr114EchoesTheModelsOwnHeaderOrderAndV008MovesTheRecipient() {
        Echo v008 = echo(HABIT, "harmony-v0.0.8", true);
        Echo pr114 = echo(HABIT, "pr114", true);
        assertThat(v008.differences()).contains("recipient_position");
        assertThat(v008.distance()).isPositive();
        assertThat(pr114.distance()).isLessThan(v008.distance());
        assertThat(pr114.differences()).doesNotContain("recipient_position");
        assertThat(v008.emittedTokens()).isEqualTo(HarmonyEncoding.get().encodeWithSpecials(HABIT).length);
    }

    @Test
    void aFinalAnswerIsEchoedWithEndAndItsAnalysisDroppedWhenTheVariantDropsIt() {
        String fin = "<|channel|>analysis<|message|>Done.<|end|><|start|>assistant<|channel|>final<|message|>OK<|return|>";
        Echo dropped = echo(fin, "harmony-v0.0.8", true);
        assertThat(dropped.differences()).contains("dropped_analysis", "stop_token");
        Echo kept = echo(fin, "harmony-v0.0.8", false);
        assertThat(kept.differences()).containsExactly("stop_token");
        assertThat(kept.distance()).isEqualTo(2); // <|return|> deleted, <|end|> inserted
    }

    @Test
    void distanceIsInsertionsPlusDeletions() {
        assertThat(Echo.distance(new int[]{1, 2, 3}, new int[]{1, 2, 3})).isZero();
        assertThat(Echo.distance(new int[]{1, 2, 3}, new int[]{1, 3})).isEqualTo(1);
        assertThat(Echo.distance(new int[]{1, 2, 3}, new int[]{1, 4, 3})).isEqualTo(2);
        assertThat(Echo.distance(new int[]{}, new int[]{5, 6})).isEqualTo(2);
        assertThat(Echo.distance(new int[]{1, 2, 3, 4, 5, 6}, new int[]{2, 1, 3, 4, 6, 5})).isEqualTo(4);
    }
}
