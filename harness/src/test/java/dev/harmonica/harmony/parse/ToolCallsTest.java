package dev.harmonica.harmony.parse;

import dev.harmonica.harmony.Message;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ToolCallsTest {

    @Test
    void extractsCallsOnAnyChannelWithNamespaceAndJsonCheck() {
        List<Message> ms = HarmonyParsers.strict().parseText(
                "<|channel|>analysis<|message|>think<|end|>"
                        + "<|start|>assistant<|channel|>analysis to=functions.ffgrep code<|message|>{\"path\":\"\"}<|call|>"
                        + "<|start|>assistant<|channel|>commentary to=functions.get_weather <|constrain|>json<|message|>{\"city\": \"Paris\"}<|call|>"
                        + "<|start|>assistant to=browser.search<|channel|>analysis code<|message|>x<|call|>"
                        + "<|start|>assistant<|channel|>commentary to=lookup json<|message|>{\"a\":1} trailing<|call|>"
                        + "<|start|>assistant<|channel|>commentary to=functions.cut <|constrain|>json<|message|>{\"a\": [1, 2", "assistant").messages();
        List<ToolCall> calls = ToolCalls.from(ms);
        assertThat(calls).extracting(ToolCall::recipient).containsExactly("functions.ffgrep", "functions.get_weather",
                "browser.search", "lookup", "functions.cut");
        ToolCall ffgrep = calls.get(0);
        assertThat(ffgrep.channel()).isEqualTo("analysis");
        assertThat(ffgrep.jsonExpected()).isFalse();
        assertThat(ffgrep.isFunction()).isTrue();
        ToolCall weather = calls.get(1);
        assertThat(weather.messageIndex()).isEqualTo(2);
        assertThat(weather.namespace()).isEqualTo("functions");
        assertThat(weather.name()).isEqualTo("get_weather");
        assertThat(weather.arguments()).isEqualTo("{\"city\": \"Paris\"}");
        assertThat(weather.argumentsValid()).isTrue();
        assertThat(calls.get(2).isFunction()).isFalse();
        assertThat(calls.get(3).namespace()).isNull();
        assertThat(calls.get(3).jsonError()).contains("trailing");
        assertThat(calls.get(4).incomplete()).isTrue();
        assertThat(calls.get(4).argumentsValid()).isFalse();
    }

    @Test
    void nonCallsAreIgnored() {
        List<Message> ms = List.of(
                Message.text("assistant", "hi").withChannel("final"),
                Message.text("assistant", "hi").withRecipient("assistant"),
                Message.text("tool", "{}").withName("functions.x").withRecipient("assistant"),
                Message.text("assistant", "hi").withRecipient("all"));
        assertThat(ToolCalls.from(ms)).isEmpty();
    }
}
