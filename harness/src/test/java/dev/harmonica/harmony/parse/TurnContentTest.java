package dev.harmonica.harmony.parse;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TurnContentTest {

    @Test
    void routesLikeVllm() {
        TurnContent c = TurnContent.from(HarmonyParsers.strict().parseText(
                "<|channel|>analysis<|message|>think<|end|><|start|>assistant<|channel|>commentary<|message|>Checking.<|end|>"
                        + "<|start|>assistant<|channel|>commentary to=functions.f <|constrain|>json<|message|>{}<|call|>",
                "assistant").messages());
        assertThat(c.reasoning()).isEqualTo("think");
        assertThat(c.content()).isEqualTo("Checking.");
        assertThat(c.toolCalls()).extracting(ToolCall::name).containsExactly("f");

        TurnContent f = TurnContent.from(HarmonyParsers.strict().parseText(
                "<|channel|>commentary<|message|>pre<|end|><|start|>assistant<|channel|>final<|message|>4<|return|>",
                "assistant").messages());
        assertThat(f.content()).isEqualTo("4");
        assertThat(f.reasoning()).isNull();
        assertThat(f.toolCalls()).isEmpty();
    }
}
