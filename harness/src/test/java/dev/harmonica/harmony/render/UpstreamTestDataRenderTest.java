package dev.harmonica.harmony.render;

import dev.harmonica.harmony.Content.ChannelConfig;
import dev.harmonica.harmony.Content.ReasoningEffort;
import dev.harmonica.harmony.Content.ToolDescription;
import dev.harmonica.harmony.Content;
import dev.harmonica.harmony.HarmonyEncoding;
import dev.harmonica.harmony.Message;
import dev.harmonica.harmony.RendererOptions;
import dev.harmonica.harmony.RendererPresets;
import dev.harmonica.harmony.Rendering;
import dev.harmonica.testing.SharedData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static dev.harmonica.harmony.render.Fixtures.IDENTITY;
import static dev.harmonica.harmony.render.Fixtures.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every rendering file of openai/harmony v0.0.8's {@code test-data/} (openai/harmony test_data/), rebuilt from the
 * conversations its tests use, compared by text and token for token (the expected ids are the file's text
 * encoded with all special tokens, as the Rust tests do). The two PR #114 variants are rendered with the
 * {@code pr114} preset.
 */
class UpstreamTestDataRenderTest {
    private static final HarmonyEncoding ENC = HarmonyEncoding.get();
    private static final HarmonyRenderer V008 = new HarmonyRenderer(ENC, RendererOptions.HARMONY_V0_0_8);
    private static final HarmonyRenderer PR114 = new HarmonyRenderer(ENC, RendererPresets.PR114);

    private static Path file(String name) {
        return SharedData.require("harmony/test_data/" + name);
    }

    private static void assertRendersAs(Rendering r, Path expectedFile) {
        String expected = Fixtures.expectedText(expectedFile);
        assertThat(r.text()).as(expectedFile.getFileName().toString()).isEqualTo(expected);
        assertThat(r.tokenIds()).as(expectedFile.getFileName() + " token ids").isEqualTo(ENC.encodeWithSpecials(expected));
    }

    private static Message system(Content.SystemContent s) {
        return new Message("system", null, null, null, null, List.of(s));
    }

    private static Message developer(Content.DeveloperContent d) {
        return new Message("developer", null, null, null, null, List.of(d));
    }

    private static Message user(String text) {
        return Message.text("user", text);
    }

    private static Message assistant(String channel, String text) {
        return Message.text("assistant", text).withChannel(channel);
    }

    private static Content.SystemContent identity(ReasoningEffort effort) {
        Content.SystemContent d = Content.SystemContent.defaults();
        return new Content.SystemContent(IDENTITY, effort, null, null, d.knowledgeCutoff(), d.channelConfig());
    }

    @Test
    void simpleConvo() {
        Rendering r = V008.renderForCompletion(List.of(system(identity(ReasoningEffort.MEDIUM)), user("What is 2 + 2?")),
                "assistant", false);
        assertRendersAs(r, file("test_simple_convo.txt"));
    }

    @ParameterizedTest(name = "{0} effort, developer instructions: {1}")
    @CsvSource({"low,true", "medium,true", "high,true", "low,false", "medium,false", "high,false"})
    void simpleConvoWithEffort(String effort, boolean withInstructions) {
        List<Message> convo = new ArrayList<>();
        convo.add(system(identity(ReasoningEffort.valueOf(effort.toUpperCase()))));
        if (withInstructions) convo.add(developer(new Content.DeveloperContent("Answer the user's questions like a robot.", null)));
        convo.add(user("What is the capital of the largest country in the world?"));
        String name = "test_simple_convo_" + effort + "_effort" + (withInstructions ? "" : "_no_instruction") + ".txt";
        assertRendersAs(V008.renderForCompletion(convo, "assistant", true), file(name));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "test_reasoning_system_message.txt|MEDIUM|What is 2 + 2?||",
            "test_reasoning_system_message_no_instruction.txt|HIGH|What is the best place to eat candy in the world?||",
            "test_reasoning_system_message_with_dates.txt|MEDIUM|What is 42 * pi?|2021-01-01|2021-01"})
    void reasoningSystemMessages(String name, String effort, String question, String date, String cutoff) {
        Content.SystemContent s = new Content.SystemContent(IDENTITY, ReasoningEffort.valueOf(effort), null, date,
                cutoff == null ? "2024-06" : cutoff, ChannelConfig.requireChannels(List.of("analysis", "final")));
        assertRendersAs(V008.renderForCompletion(List.of(system(s), user(question)), "assistant", true), file(name));
    }

    @Test
    void functionsWithParametersIsTheTypeScriptReference() {
        List<ToolDescription> tools = List.of(
                new ToolDescription("get_location", "Gets the location of the user.", null),
                new ToolDescription("get_current_weather", "Gets the current weather in the provided location.", json(
                        "{\"type\":\"object\",\"properties\":{\"location\":{\"type\":\"string\",\"description\":\"The city and state, e.g. San Francisco, CA\"},"
                                + "\"format\":{\"type\":\"string\",\"enum\":[\"celsius\",\"fahrenheit\"],\"default\":\"celsius\"}},\"required\":[\"location\"]}")),
                new ToolDescription("get_multiple_weathers", "Gets the current weather in the provided list of locations.", json(
                        "{\"type\":\"object\",\"properties\":{\"locations\":{\"type\":\"array\",\"items\":{\"type\":\"string\"},"
                                + "\"description\":\"List of city and state, e.g. [\\\"San Francisco, CA\\\", \\\"New York, NY\\\"]\"},"
                                + "\"format\":{\"type\":\"string\",\"enum\":[\"celsius\",\"fahrenheit\"],\"default\":\"celsius\"}},\"required\":[\"locations\"]}")),
                new ToolDescription("kitchensink", "A function with various complex schemas.", json(
                        "{\"description\":\"params object\",\"type\":\"object\",\"properties\":{"
                                + "\"string\":{\"type\":\"string\",\"title\":\"STRING\",\"description\":\"A string\",\"examples\":[\"hello\",\"world\"]},"
                                + "\"string_nullable\":{\"type\":\"string\",\"nullable\":true,\"description\":\"A nullable string\",\"default\":\"the default\"},"
                                + "\"string_enum\":{\"type\":\"string\",\"enum\":[\"a\",\"b\",\"c\"]},"
                                + "\"oneof_string_or_number\":{\"oneOf\":[{\"type\":\"string\",\"default\":\"default_string_in_oneof\"},"
                                + "{\"type\":\"number\",\"description\":\"numbers can happen too\"}],\"description\":\"a oneof\",\"default\":20}}}")));
        List<Message> convo = List.of(
                system(Fixtures.defaultsWith(ReasoningEffort.HIGH, "2025-06-28", null)),
                developer(Fixtures.functions("Always respond in riddles", tools)),
                user("What is the weather like in SF?"));
        assertRendersAs(V008.renderForCompletion(convo, "assistant", true), file("test_render_functions_with_parameters.txt"));
    }

    @Test
    void noTools() {
        assertRendersAs(V008.renderForCompletion(List.of(system(Fixtures.defaultsWith(ReasoningEffort.MEDIUM, "2025-06-28", null))),
                "assistant", true), file("test_no_tools.txt"));
    }

    @Test
    void browserToolOnly() {
        Content.SystemContent s = Fixtures.defaultsWith(ReasoningEffort.MEDIUM, "2025-06-28", Fixtures.namespaces(Fixtures.browser()));
        assertRendersAs(V008.renderForCompletion(List.of(system(s)), "assistant", true), file("test_browser_tool_only.txt"));
    }

    @Test
    void browserAndPythonToolSortNamespaces() {
        // inserted python first: the BTreeMap order puts browser first
        Content.SystemContent s = Fixtures.defaultsWith(ReasoningEffort.MEDIUM, "2025-06-28",
                Fixtures.namespaces(Fixtures.python(), Fixtures.browser()));
        assertRendersAs(V008.renderForCompletion(List.of(system(s)), "assistant", true), file("test_browser_and_python_tool.txt"));
    }

    @Test
    void browserAndFunctionToolAddsTheCommentaryLineToTheSystemMessage() {
        Content.SystemContent s = Fixtures.defaultsWith(ReasoningEffort.MEDIUM, "2025-06-28", Fixtures.namespaces(Fixtures.browser()));
        ToolDescription lookup = new ToolDescription("lookup_weather",
                "Use this tool to lookup the weather in a given location. Call it with the parameter 'location', can be any textual description of a location.",
                json("{\"type\":\"object\",\"properties\":{\"location\":{\"type\":\"string\"}},\"required\":[\"location\"]}"));
        List<Message> convo = List.of(system(s), developer(Fixtures.functions(null, List.of(lookup))));
        assertRendersAs(V008.renderForCompletion(convo, "assistant", true), file("test_browser_and_function_tool.txt"));
    }

    @Test
    void droppingCotByDefault() {
        List<Message> convo = List.of(user("What is 2 + 2?"),
                assistant("analysis", "User asks: “What is 2 + 2?” Simple arithmetic. Provide answer."),
                assistant("final", "2 + 2 equals 4."), user("What about 9 / 2?"));
        assertRendersAs(V008.renderForCompletion(convo, "assistant", true), file("test_dropping_cot_by_default.txt"));
    }

    @Test
    void preserveCot() {
        List<Message> convo = List.of(user("What is 2 + 2?"),
                assistant("analysis", "User asks a simple question: \"What is 2 + 2?\" The answer: 4."),
                assistant("final", "2 + 2 equals 4."), user("What about 9 / 2?"));
        assertRendersAs(V008.renderForCompletion(convo, "assistant", false), file("test_preserve_cot.txt"));
    }

    private static List<Message> ongoingAnalysis() {
        return List.of(user("What is the weather in SF?"),
                assistant("analysis", "User asks: “What is the weather in SF?” We need to use lookup_weather tool."),
                assistant("commentary", "{\"location\": \"San Francisco\"}").withRecipient("functions.lookup_weather")
                        .withContentType("<|constrain|>json"),
                Message.text("tool", "{\"temperature\": 20, \"description\": \"sunny\"}").withName("functions.lookup_weather"));
    }

    @Test
    void doesNotDropIfOngoingAnalysis() {
        assertRendersAs(V008.renderForCompletion(ongoingAnalysis(), "assistant", true), file("test_does_not_drop_if_ongoing_analysis.txt"));
    }

    @Test
    void doesNotDropIfOngoingAnalysisPr114() {
        assertRendersAs(PR114.renderForCompletion(ongoingAnalysis(), "assistant", true),
                file("pr114_oss_harmony_990b79a/test_does_not_drop_if_ongoing_analysis.txt"));
    }

    @Test
    void keepAnalysisBetweenFinals() {
        List<Message> convo = List.of(user("What is 2 + 2?"), assistant("analysis", "thinking 2+2"), assistant("final", "4"),
                user("What is 3 + 5?"), assistant("analysis", "thinking 3+5"), assistant("final", "8"));
        assertRendersAs(V008.renderConversation(convo, true), file("test_keep_analysis_between_finals.txt"));
    }

    private static Rendering toolResponseWithoutEnd(HarmonyRenderer renderer) {
        Message m = Message.text("tool", "{\"result\": \"https://openai.com/\"}").withName("browser.search")
                .withChannel("commentary").withRecipient("assistant");
        Rendering r = renderer.renderMessage(m, false);
        int[] ids = Arrays.copyOf(r.tokenIds(), r.tokenCount() - 1);
        assertThat(r.tokenIds()[r.tokenCount() - 1]).isEqualTo(HarmonyEncoding.END);
        return new Rendering(ids, r.text().substring(0, r.text().length() - "<|end|>".length()));
    }

    @Test
    void toolResponseParsingRoundTrip() {
        assertRendersAs(toolResponseWithoutEnd(V008), file("test_tool_response_parsing.txt"));
    }

    @Test
    void toolResponseParsingPr114() {
        assertRendersAs(toolResponseWithoutEnd(PR114), file("pr114_oss_harmony_990b79a/test_tool_response_parsing.txt"));
    }

    @Test
    void trainingRenderEndsWithReturn() {
        // openai/harmony test_render_conversation_for_training_final_channel
        List<Message> convo = List.of(user("What is 2 + 2?"), assistant("final", "4"));
        Rendering r = V008.renderForTraining(convo, true);
        assertThat(r.tokenIds()[r.tokenCount() - 1]).isEqualTo(HarmonyEncoding.RETURN);
        assertThat(r.text()).endsWith("<|message|>4<|return|>");
        Rendering notFinal = V008.renderForTraining(List.of(user("hi"), assistant("analysis", "x")), true);
        assertThat(notFinal.text()).endsWith("x<|end|>");
    }

    @Test
    void renderingOneMessageEqualsAOneMessageConversation() {
        // openai/harmony test_render_and_render_conversation_roundtrip
        Message m = assistant("final", "hello world");
        assertThat(V008.renderMessage(m, false).tokenIds()).isEqualTo(V008.renderConversation(List.of(m), false).tokenIds());
    }
}
