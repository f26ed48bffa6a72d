package dev.harmonica.harmony.render;

import dev.harmonica.harmony.Content;
import dev.harmonica.harmony.HarmonyEncoding;
import dev.harmonica.harmony.Message;
import dev.harmonica.harmony.RendererOptions;
import dev.harmonica.harmony.RendererPresets;
import dev.harmonica.harmony.Rendering;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The incremental renderer gives exactly the full render of the same messages, after every append. */
class IncrementalRendererTest {
    private static final HarmonyEncoding ENC = HarmonyEncoding.get();

    /** A random message; the mix exercises analysis dropping, the functions line and every header shape. */
    static Message randomMessage(Random rnd) {
        String text = List.of("hi", "What is 2 + 2?", "thinking <|end|> hard", "{\"a\": 1}", "", "東京 😀", " padded ")
                .get(rnd.nextInt(7));
        return switch (rnd.nextInt(16)) {
            case 0 -> OpenAiTools.systemMessage(Content.ReasoningEffort.values()[rnd.nextInt(3)], rnd.nextBoolean() ? "2025-08-05" : null);
            case 1 -> new Message("developer", null, null, null, null, List.of(OpenAiTools.developerContent(
                    rnd.nextBoolean() ? "Be brief." : null,
                    rnd.nextBoolean() ? List.of(new Content.ToolDescription("f" + rnd.nextInt(3), "does f", Fixtures.json(
                            "{\"type\":\"object\",\"properties\":{\"x\":{\"type\":\"integer\",\"default\":1}}}"))) : List.of())));
            case 2, 3 -> Message.text("user", text);
            case 4, 5 -> Message.text("assistant", text).withChannel("analysis");
            case 6, 7 -> Message.text("assistant", text).withChannel("final");
            case 8 -> Message.text("assistant", text).withChannel("commentary");
            case 9 -> OpenAiTools.toolCall("f" + rnd.nextInt(3), "{\"x\": 1}", List.of("<|constrain|>json", "json").get(rnd.nextInt(2)));
            case 10 -> OpenAiTools.toolResult("f" + rnd.nextInt(3), text);
            case 11 -> Message.text("tool", text).withName("functions.f");
            case 12 -> Message.text("user", text).withChannel("final");
            case 13 -> Message.text("assistant", text).withChannel("analysis").withRecipient("browser.search").withContentType("code");
            case 14 -> Message.text("assistant", text).withRecipient("all").withChannel("final");
            default -> Message.text("assistant", text);
        };
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"harmony-v0.0.8", "pr114", "recipient=channel,content-type=never-constrain"})
    void incrementalEqualsFullRenderOnRandomGrowingConversations(String spec) {
        HarmonyRenderer renderer = new HarmonyRenderer(ENC, RendererPresets.parse(spec));
        for (int seed = 0; seed < 300; seed++) {
            Random rnd = new Random(seed);
            boolean drop = rnd.nextBoolean();
            IncrementalRenderer inc = renderer.incremental(drop);
            List<Message> messages = new ArrayList<>();
            int n = 1 + rnd.nextInt(25);
            for (int i = 0; i < n; i++) {
                Message m = randomMessage(rnd);
                messages.add(m);
                inc.append(m);
                assertThat(inc.messageCount()).isEqualTo(messages.size());
                if (rnd.nextInt(3) == 0 && i < n - 1) continue; // sometimes append several before rendering
                String role = rnd.nextInt(5) == 0 ? "user" : "assistant";
                Rendering full = renderer.renderForCompletion(messages, role, drop);
                Rendering incremental = inc.promptFor(role);
                assertThat(incremental.text()).as("seed %d, %d messages", seed, messages.size()).isEqualTo(full.text());
                assertThat(incremental.tokenIds()).as("seed %d, %d messages", seed, messages.size()).isEqualTo(full.tokenIds());
            }
        }
    }

    @Test
    void functionToolsAppendedLaterReRenderTheSystemMessage() {
        HarmonyRenderer renderer = new HarmonyRenderer(ENC, RendererOptions.HARMONY_V0_0_8);
        IncrementalRenderer inc = renderer.incremental(true);
        inc.append(OpenAiTools.systemMessage(Content.ReasoningEffort.LOW, null));
        assertThat(inc.promptFor("assistant").text()).doesNotContain(ContentTemplates.FUNCTIONS_CHANNEL_LINE);
        inc.append(new Message("developer", null, null, null, null, List.of(OpenAiTools.developerContent(null,
                List.of(new Content.ToolDescription("f", "", null))))));
        assertThat(inc.promptFor("assistant").text())
                .contains("Channel must be included for every message.\n" + ContentTemplates.FUNCTIONS_CHANNEL_LINE + "<|end|>");
    }

    @Test
    void analysisIsDroppedOnlyWhileTheLastAssistantMessageIsFinal() {
        HarmonyRenderer renderer = new HarmonyRenderer(ENC, RendererOptions.HARMONY_V0_0_8);
        IncrementalRenderer inc = renderer.incremental(true);
        inc.append(Message.text("user", "q"));
        inc.append(Message.text("assistant", "think").withChannel("analysis"));
        assertThat(inc.promptFor("assistant").text()).contains("think");
        inc.append(Message.text("assistant", "answer").withChannel("final"));
        assertThat(inc.promptFor("assistant").text()).doesNotContain("think");
        inc.append(Message.text("user", "q2"));
        inc.append(Message.text("assistant", "think2").withChannel("analysis"));
        // last assistant is analysis again: nothing is dropped
        assertThat(inc.promptFor("assistant").text()).contains("think", "think2");
        inc.append(Message.text("assistant", "answer2").withChannel("final"));
        assertThat(inc.promptFor("assistant").text()).doesNotContain("think<").contains("think2");
    }

    @Test
    void aMessageThatCannotBeRenderedLeavesTheConversationUnchanged() {
        HarmonyRenderer renderer = new HarmonyRenderer(ENC, RendererOptions.HARMONY_V0_0_8);
        IncrementalRenderer inc = renderer.incremental(false);
        inc.append(Message.text("user", "q"));
        Rendering before = inc.promptFor("assistant");
        assertThatThrownBy(() -> inc.append(Message.text("tool", "no name")))
                .isInstanceOf(RenderException.class).hasMessage("Tools should have a name!");
        assertThat(inc.messageCount()).isEqualTo(1);
        assertThat(inc.promptFor("assistant").tokenIds()).isEqualTo(before.tokenIds());
    }
}
