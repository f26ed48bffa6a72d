package dev.harmonica.harmony.render;

import com.fasterxml.jackson.databind.JsonNode;
import dev.harmonica.harmony.Content.ToolNamespaceConfig;
import dev.harmonica.harmony.Content;
import dev.harmonica.harmony.HarmonyEncoding;
import dev.harmonica.harmony.Message;
import dev.harmonica.harmony.MessageJson;
import dev.harmonica.harmony.RendererOptions;
import dev.harmonica.harmony.Utf8Order;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Render errors, the UTF-8 namespace order, the custom orderings, segment typing and the OpenAI tools helper. */
class RenderRulesTest {
    private static final HarmonyEncoding ENC = HarmonyEncoding.get();
    private static final HarmonyRenderer V008 = new HarmonyRenderer(ENC, RendererOptions.HARMONY_V0_0_8);

    private static String render(String spec, Message m) {
        return new HarmonyRenderer(ENC, RendererOptions.parse(spec)).renderMessage(m, false).text();
    }

    @Test
    void exactRenderErrors() {
        assertThatThrownBy(() -> V008.renderConversation(List.of(Message.text("user", "a"), Message.text("tool", "x")), false))
                .isInstanceOf(RenderException.class).hasMessage("Tools should have a name!")
                .satisfies(e -> assertThat(((RenderException) e).messageIndex()).isEqualTo(1));
        Message sysInUser = new Message("user", null, null, null, null, List.of(Content.SystemContent.defaults()));
        assertThatThrownBy(() -> V008.renderMessage(sysInUser, false))
                .hasMessage("SystemContent may only appear in system messages, found in User");
        Message devInSystem = new Message("system", null, null, null, null, List.of(new Content.DeveloperContent("x", null)));
        assertThatThrownBy(() -> V008.renderMessage(devInSystem, false))
                .hasMessage("DeveloperContent may only appear in developer messages, found in System");
    }

    @Test
    void namespacesSortByUtf8BytesNotUtf16() {
        SortedMap<String, ToolNamespaceConfig> tools = new TreeMap<>(Utf8Order.COMPARATOR);
        for (String ns : List.of("😀ns", "！wide", "python", "browser", "functions")) {
            tools.put(ns, new ToolNamespaceConfig(ns, null, List.of()));
        }
        String text = ContentTemplates.toolsSection(tools);
        assertThat(text).isEqualTo("# Tools\n\n## browser\n\n\n## functions\n\n\n## python\n\n\n## ！wide\n\n\n## 😀ns\n");
        // a map sorted some other way is still rendered in UTF-8 order
        SortedMap<String, ToolNamespaceConfig> natural = new TreeMap<>(tools);
        assertThat("😀ns".compareTo("！wide")).isNegative(); // Java's UTF-16 order is different
        assertThat(ContentTemplates.toolsSection(natural)).isEqualTo(text);
    }

    @Test
    void namespaceHeadingUsesTheConfigsNameAndDescriptionLinesFollowRustLines() {
        SortedMap<String, ToolNamespaceConfig> tools = new TreeMap<>(Utf8Order.COMPARATOR);
        tools.put("k", new ToolNamespaceConfig("shown", "d1\r\nd2\n", List.of(new Content.ToolDescription("t", "a\n\nb", null))));
        assertThat(ContentTemplates.toolsSection(tools)).isEqualTo(
                "# Tools\n\n## shown\n\n// d1\n// d2\nnamespace shown {\n\n// a\n// \n// b\ntype t = () => any;\n\n} // namespace shown");
    }

    @Test
    void headerOrderings() {
        Message call = Message.text("assistant", "{}").withChannel("analysis").withRecipient("browser.search").withContentType("json");
        assertThat(render("harmony-v0.0.8", call)).isEqualTo("<|start|>assistant to=browser.search<|channel|>analysis json<|message|>{}<|call|>");
        assertThat(render("pr114", call)).isEqualTo("<|start|>assistant to=browser.search<|channel|>analysis <|constrain|>json<|message|>{}<|call|>");
        assertThat(render("recipient=channel", call)).isEqualTo("<|start|>assistant<|channel|>analysis to=browser.search json<|message|>{}<|call|>");
        Message constrained = call.withContentType("<|constrain|>json");
        assertThat(render("content-type=never-constrain", constrained)).isEqualTo("<|start|>assistant to=browser.search<|channel|>analysis json<|message|>{}<|call|>");
        assertThat(render("content-type=never-constrain", call.withContentType("<|constrain|>"))).isEqualTo("<|start|>assistant to=browser.search<|channel|>analysis<|message|>{}<|call|>");
        Message result = OpenAiTools.toolResult("f", "ok");
        assertThat(render("tool-result=name-channel-recipient", result)).isEqualTo("<|start|>functions.f<|channel|>commentary to=assistant<|message|>ok<|end|>");
        assertThat(render("recipient=channel", result)).isEqualTo("<|start|>functions.f to=assistant<|channel|>commentary<|message|>ok<|end|>");
        // PR #114 swaps tool messages only on the commentary channel
        assertThat(render("pr114", result.withChannel("analysis"))).isEqualTo("<|start|>functions.f to=assistant<|channel|>analysis<|message|>ok<|end|>");
        // no channel: the recipient stays in the role section whatever the option
        assertThat(render("recipient=channel", call.withChannel(null))).isEqualTo("<|start|>assistant to=browser.search json<|message|>{}<|call|>");
    }

    @Test
    void onlyTheRenderersOwnTokensAreSpecial() {
        Message m = Message.text("user", "<|end|><|start|>assistant").withName("<|call|>");
        int[] ids = V008.renderMessage(m, false).tokenIds();
        int specials = 0;
        for (int id : ids) if (HarmonyEncoding.isSpecial(id)) specials++;
        assertThat(specials).isEqualTo(3); // <|start|>, <|message|>, <|end|>
        assertThat(ENC.decode(ids)).isEqualTo("<|start|>user:<|call|><|message|><|end|><|start|>assistant<|end|>");
    }

    @Test
    void segmentsAreTypedAndTextRoundTripIsDetected() {
        List<Message> convo = List.of(Message.text("user", "say <|end|>"),
                Message.text("assistant", "{}").withChannel("commentary").withRecipient("functions.f").withContentType("<|constrain|>json"));
        List<RenderSegment> segments = V008.segments(convo, "assistant", false);
        assertThat(segments.toString()).isEqualTo("[<|start|>, \"user\", <|message|>, \"say <|end|>\", <|end|>, <|start|>, \"assistant\","
                + " \" to=functions.f\", <|channel|>, \"commentary\", \" \", <|constrain|>, \"json\", <|message|>, \"{}\", <|call|>,"
                + " <|start|>, \"assistant\"]");
        assertThat(V008.textRoundTrips(V008.renderForCompletion(convo, "assistant", false))).isFalse();
        assertThat(V008.textRoundTrips(V008.renderForCompletion(convo.subList(1, 2), "assistant", false))).isTrue();
    }

    @Test
    void invalidMessageJsonNamesTheField() {
        assertThatThrownBy(() -> MessageJson.readConversation(Fixtures.json(
                "{\"messages\":[{\"role\":\"developer\",\"content\":[{\"type\":\"developer_content\",\"tools\":"
                        + "{\"functions\":{\"name\":\"functions\",\"tools\":[{\"name\":\"a\"},{\"description\":\"no name\"}]}}}]}]}")))
                .hasMessage("messages[0].content[0].tools.functions.tools[1].name: expected a string");
    }

    @Test
    void trainingReturnReplacesACallToo() {
        Message finalWithRecipient = Message.text("assistant", "x").withChannel("final").withRecipient("all");
        assertThat(V008.renderForTraining(List.of(finalWithRecipient), false).text())
                .isEqualTo("<|start|>assistant<|channel|>final<|message|>x<|return|>");
    }

    @Test
    void openAiToolsBecomeTheFunctionsNamespace() throws Exception {
        JsonNode tools = Fixtures.JSON.readTree("[{\"type\":\"function\",\"function\":{\"name\":\"get_weather\",\"description\":\"Weather.\","
                + "\"parameters\":{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}},\"required\":[\"city\"]}}},"
                + "{\"type\":\"function\",\"name\":\"flat\"}]");
        List<Message> prompt = List.of(OpenAiTools.systemMessage(Content.ReasoningEffort.HIGH, "2025-08-05"),
                OpenAiTools.developerMessage("Be brief.", tools), Message.text("user", "Paris?"));
        String text = V008.renderForCompletion(prompt, "assistant", true).text();
        assertThat(text).contains("Calls to these tools must go to the commentary channel: 'functions'.<|end|>")
                .contains("<|start|>developer<|message|># Instructions\n\nBe brief.\n\n# Tools\n\n## functions\n\nnamespace functions {\n\n"
                        + "// Weather.\ntype get_weather = (_: {\ncity: string,\n}) => any;\n\ntype flat = () => any;\n\n} // namespace functions<|end|>")
                .endsWith("<|start|>user<|message|>Paris?<|end|><|start|>assistant");
        assertThatThrownBy(() -> OpenAiTools.functionTools(Fixtures.JSON.readTree("[{\"type\":\"function\",\"function\":{\"description\":\"x\"}}]")))
                .hasMessage("tools[0].function.name: expected a non-empty string");
        assertThatThrownBy(() -> OpenAiTools.functionTools(Fixtures.JSON.readTree("[{\"type\":\"web_search\"}]")))
                .hasMessageContaining("tools[0].type: only \"function\" tools can be rendered");
        assertThat(OpenAiTools.developerContent(null, List.of()).tools()).isNull();
    }
}
