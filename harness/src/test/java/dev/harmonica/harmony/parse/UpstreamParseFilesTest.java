package dev.harmonica.harmony.parse;

import dev.harmonica.harmony.Content;
import dev.harmonica.harmony.HarmonyEncoding;
import dev.harmonica.harmony.HarmonyParser;
import dev.harmonica.harmony.Message;
import dev.harmonica.harmony.ParseOutcome;
import dev.harmonica.testing.SharedData;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The parse files of openai/harmony v0.0.8 test-data (openai/harmony test_data/) and inline upstream parse tests. */
class UpstreamParseFilesTest {

    private static String read(String name) throws Exception {
        String s = Files.readString(SharedData.require("harmony/test_data/" + name), StandardCharsets.UTF_8);
        s = s.replace("\r\n", "\n");
        int end = s.length();
        while (end > 0 && Character.isWhitespace(s.charAt(end - 1))) end--; // upstream rstrip/trim_end
        return s.substring(0, end);
    }

    private static int[] ids(String name) throws Exception {
        return Arrays.stream(read(name).trim().split("\\s+")).mapToInt(Integer::parseInt).toArray();
    }

    private static void allParsersAgree(int[] tokens, String role, ParseOutcome expected) {
        for (HarmonyParser p : List.of(HarmonyParsers.strict(), HarmonyParsers.harmonyNonStrict(), HarmonyParsers.lenient())) {
            ParseOutcome got = p.parse(tokens, role);
            assertThat(got).as(p.kind().toString()).isEqualTo(expected);
            HarmonyParser.Stream s = p.stream(role);
            for (int t : tokens) s.push(t);
            assertThat(s.finish()).as(p.kind() + " streaming").isEqualTo(expected);
        }
    }

    @Test
    void simpleReasoningResponse() throws Exception {
        allParsersAgree(ids("test_simple_reasoning_response.txt"), "assistant", ParseOutcome.ok(List.of(
                Message.text("assistant", "User asks: \"What is 2 + 2?\" Simple arithmetic. Provide answer.").withChannel("analysis"),
                Message.text("assistant", "2 + 2 = 4.").withChannel("final"))));
    }

    @Test
    void simpleToolCall() throws Exception {
        allParsersAgree(ids("test_simple_tool_call.txt"), "assistant", ParseOutcome.ok(List.of(
                Message.text("assistant", "User asks: \"What is the weather in Tokyo?\" We need to use lookup_weather tool.")
                        .withChannel("analysis"),
                Message.text("assistant", "{\"location\": \"Tokyo\"}").withChannel("analysis")
                        .withRecipient("lookup_weather").withContentType("code"))));
    }

    @Test
    void streamableParserFileGivesThreeMessages() throws Exception {
        int[] tokens = HarmonyEncoding.get().encodeWithSpecials(read("test_streamable_parser.txt"));
        ParseOutcome o = HarmonyParsers.strict().parse(tokens, "assistant");
        assertThat(o.messages()).hasSize(3);
        assertThat(o.messages().get(0).text()).contains("But w\ne need");
        assertThat(o.messages().get(1)).isEqualTo(Message.text("assistant",
                        "{\"query\": \"current US president July 2025\", \"topn\": 10, \"source\": \"news\"}")
                .withChannel("commentary").withRecipient("browser.search").withContentType("code"));
        assertThat(o.messages().get(2)).isEqualTo(new Message("tool", "browser.search", "assistant", "commentary", null,
                List.of(new Content.Text("{\"result\": \"https://openai.com/\"}"))));
        allParsersAgree(tokens, "assistant", o);
    }

    @Test
    void toolResponseParsing() throws Exception {
        int[] tokens = HarmonyEncoding.get().encodeWithSpecials(read("test_tool_response_parsing.txt"));
        allParsersAgree(tokens, null, ParseOutcome.ok(List.of(new Message("tool", "browser.search", "assistant",
                "commentary", null, List.of(new Content.Text("{\"result\": \"https://openai.com/\"}"))))));
    }

    @Test
    void pr114ToolResponseParsesToTheSameMessage() throws Exception {
        String s = Files.readString(SharedData.require(
                "harmony/test_data/pr114_oss_harmony_990b79a/test_tool_response_parsing.txt"), StandardCharsets.UTF_8).stripTrailing();
        assertThat(HarmonyParsers.strict().parseText(s, null))
                .isEqualTo(HarmonyParsers.strict().parseText(read("test_tool_response_parsing.txt"), null));
    }

    // ---- inline upstream tests (openai/harmony src/tests.rs, tests/test_harmony.py), ported by behaviour

    @Test
    void toolCallWithConstrainMarkerAdjacent() {
        ParseOutcome o = HarmonyParsers.strict().parseText(
                "<|start|>assistant to=functions.get_weather<|channel|>commentary<|constrain|>json<|message|>{\"location\": \"Tokyo\"}<|end|>", null);
        assertThat(o.messages()).containsExactly(Message.text("assistant", "{\"location\": \"Tokyo\"}")
                .withChannel("commentary").withRecipient("functions.get_weather").withContentType("<|constrain|>json"));
    }

    @Test
    void toolCallWithChannelBeforeRecipientAndConstrainAdjacent() {
        ParseOutcome o = HarmonyParsers.strict().parseText(
                "<|start|>assistant<|channel|>commentary to=functions.get_weather<|constrain|>json<|message|>{\"location\": \"Tokyo\"}<|end|>", null);
        assertThat(o.messages()).containsExactly(Message.text("assistant", "{\"location\": \"Tokyo\"}")
                .withChannel("commentary").withRecipient("functions.get_weather").withContentType("<|constrain|>json"));
    }

    @Test
    void streamableParserToolCallWithConstrainAdjacent() {
        int[] tokens = HarmonyEncoding.get().encodeWithSpecials(
                "<|start|>assistant<|channel|>commentary to=functions.get_weather<|constrain|>json<|message|>{\"location\": \"Tokyo\"}<|call|>");
        HarmonyStreamParser p = StrictParser.strict().stream(null);
        for (int t : tokens) p.push(t);
        ParseOutcome o = p.finish();
        assertThat(o.messages()).singleElement().satisfies(m -> {
            assertThat(m.recipient()).isEqualTo("functions.get_weather");
            assertThat(m.contentType()).isEqualTo("<|constrain|>json");
        });
    }

    @Test
    void missingMessageTokenRequiresNonStrictMode() {
        String text = "I must refuse<|end|><|start|>assistant<|channel|>final<|message|>Sorry.<|return|>";
        assertThat(HarmonyParsers.strict().parseText(text, "assistant").error())
                .startsWith("unexpected tokens remaining in message header");
        assertThat(HarmonyParsers.harmonyNonStrict().parseText(text, "assistant").messages()).containsExactly(
                Message.text("assistant", "I must refuse"),
                Message.text("assistant", "Sorry.").withChannel("final"));
    }

    @Test
    void streamingAccessorsFollowTheState() {
        HarmonyStreamParser p = StrictParser.strict().stream("assistant");
        assertThat(p.currentRole()).isEqualTo("assistant");
        for (int t : HarmonyEncoding.get().encodeWithSpecials("<|channel|>final<|message|>Hello wor")) p.push(t);
        assertThat(p.currentChannel()).isEqualTo("final");
        assertThat(p.currentContent()).isEqualTo("Hello wor");
        p.push(HarmonyEncoding.RETURN);
        assertThat(p.currentChannel()).isNull();
        assertThat(p.currentContent()).isEmpty();
        assertThat(p.messages()).hasSize(1);
    }

    @Test
    void invalidUtf8InContentBecomesReplacementCharacters() {
        // PR #83: tokens 9552, 9552 each decode to a space plus an incomplete UTF-8 byte sequence
        int[] tokens = {200006, 173781, 200008, 9552, 9552, 200007};
        ParseOutcome o = HarmonyParsers.strict().parse(tokens, null);
        assertThat(o.messages()).singleElement().extracting(Message::text).isEqualTo(" \uFFFD \uFFFD");
    }

    @Test
    void reservedTokensDecodeToTheirNames() {
        ParseOutcome o = HarmonyParsers.strict().parse(new int[]{200006, 173781, 200008, 200014, 201088, 200007}, null);
        assertThat(o.messages().get(0).text()).isEqualTo("<|reserved_200014|><|reserved_201088|>");
    }

    @Test
    void invalidTokenIdsInHeaderCannotBeDecoded() {
        assertThat(HarmonyParsers.strict().parse(new int[]{200006, 999_999, 200008, 200007}, null).error())
                .isEqualTo("could not decode header");
        ParseOutcome lenient = HarmonyParsers.lenient().parse(new int[]{200006, 173781, 999_999, 200008, 13, 200007}, null);
        assertThat(lenient.error()).isNull();
        assertThat(lenient.repairs()).extracting(r -> r.code()).contains("L10_LOSSY_HEADER");
    }
}
