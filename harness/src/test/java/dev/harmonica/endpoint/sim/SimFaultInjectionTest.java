package dev.harmonica.endpoint.sim;

import com.fasterxml.jackson.databind.JsonNode;
import dev.harmonica.endpoint.Json;
import dev.harmonica.harmony.HarmonyEncoding;
import dev.harmonica.harmony.Message;
import dev.harmonica.harmony.ParseOutcome;
import dev.harmonica.harmony.parse.HarmonyParsers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every injector against the STRICT parser's result documented in docs/endpoint.md, Fault catalogue (harmony v0.0.8 rules).
 * Runs against the project's strict parser, {@link HarmonyParsers#strict()} (the one the simulator's server side uses).
 */
class SimFaultInjectionTest {
    static final String CALL = "[{\"role\":\"assistant\",\"channel\":\"analysis\",\"content\":\"Need weather.\"},"
            + "{\"role\":\"assistant\",\"recipient\":\"functions.get_weather\",\"channel\":\"commentary\","
            + "\"content_type\":\"<|constrain|>json\",\"content\":\"{\\\"city\\\": \\\"SF\\\"}\"}]";
    static final String FINAL = "[{\"role\":\"assistant\",\"channel\":\"analysis\",\"content\":\"Easy.\"},"
            + "{\"role\":\"assistant\",\"channel\":\"final\",\"content\":\"The answer is 4\"}]";

    static SimGenerator.Output gen(String expected, String faults) {
        return SimGenerator.generate(new SimGenerator.Input(Json.tryParse(expected), "s1", 0, 7L, HistoryStyle.NONE,
                SimModel.parse(faults), null, false));
    }

    static ParseOutcome strict(SimGenerator.Output out) {
        return HarmonyParsers.strict().parse(out.tokens(), "assistant");
    }

    @Test
    void cleanToolCallIsChannelFirstWithConstrainAndParses() {
        SimGenerator.Output out = gen(CALL, "off");
        assertThat(out.text()).isEqualTo("<|channel|>analysis<|message|>Need weather.<|end|>"
                + "<|start|>assistant<|channel|>commentary to=functions.get_weather <|constrain|>json<|message|>{\"city\": \"SF\"}<|call|>");
        assertThat(out.faults()).isEmpty();
        assertThat(out.finishReason()).isEqualTo("stop");
        ParseOutcome p = strict(out);
        assertThat(p.error()).isNull();
        assertThat(p.messages()).hasSize(2);
        Message call = p.messages().get(1);
        assertThat(call.recipient()).isEqualTo("functions.get_weather");
        assertThat(call.channel()).isEqualTo("commentary");
        assertThat(call.contentType()).isEqualTo("<|constrain|>json");
        assertThat(call.text()).isEqualTo("{\"city\": \"SF\"}");
    }

    @Test
    void cleanFinalEndsWithReturnAndAnalysisIsAddedWhenMissing() {
        SimGenerator.Output out = gen("[{\"role\":\"assistant\",\"channel\":\"final\",\"content\":\"4\"}]", "off");
        assertThat(out.text()).startsWith("<|channel|>analysis<|message|>").endsWith("<|start|>assistant<|channel|>final<|message|>4<|return|>");
        assertThat(strict(out).isOk()).isTrue();
    }

    @Test
    void noHintAnswersAShortFinal() {
        SimGenerator.Output out = SimGenerator.generate(new SimGenerator.Input(null, "", 0, 0, HistoryStyle.NONE, SimModel.OFF, null, false));
        ParseOutcome p = strict(out);
        assertThat(p.isOk()).isTrue();
        assertThat(p.messages().get(p.messages().size() - 1).channel()).isEqualTo("final");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '#', value = {
            "F3#CALL#unexpected tokens remaining in message header: Some(\"to=functions.get_weather\")",
            "F8#CALL#Unexpected EOS while waiting for message header to complete",
            "F8#FINAL#Unexpected EOS while waiting for message header to complete",
            "F9#CALL#channel marker present but no channel value found in header",
            "F10#CALL#Unexpected token 12606 while expecting start token 200006",
            "F10#FINAL#Unexpected token 17196 while expecting start token 200006",
            "F11#FINAL#Unexpected token 200002 while expecting start token 200006",
            "F22#CALL#unexpected tokens remaining in message header: Some(\"––commentary\")"})
    void strictErrorsMatchTheCatalogue(String fault, String expected, String error) {
        SimGenerator.Output out = gen(expected.strip().equals("CALL") ? CALL : FINAL, fault.strip() + "=1");
        assertThat(out.faults()).containsExactly(fault.strip());
        assertThat(strict(out).error()).isEqualTo(error);
    }

    @Test
    void f2AndF7VariantsAreTheCensusErrors() {
        Set<String> f2 = new TreeSet<>();
        Set<String> f7 = new TreeSet<>();
        for (int depth = 0; depth < 40; depth++) {
            f2.add(strict(SimGenerator.generate(new SimGenerator.Input(Json.tryParse(CALL), "v", depth, 1, HistoryStyle.NONE,
                    SimModel.parse("F2=1"), null, false))).error());
            f7.add(strict(SimGenerator.generate(new SimGenerator.Input(Json.tryParse(FINAL), "v", depth, 1, HistoryStyle.NONE,
                    SimModel.parse("F7=1"), null, false))).error());
        }
        assertThat(f2).containsExactly("Unknown role: assistant<|channel|>commentary",
                "Unknown role: assistant<|channel|>get_weather<|channel|>commentary");
        assertThat(f7).containsExactly("Unknown role: <|start|>assistant", "Unknown role: assistantassistant", "Unknown role: final");
    }

    @Test
    void f4ReasoningAfterConstrainLeavesTheRecipientAndFirstWordsOver() {
        SimGenerator.Output out = gen(CALL, "F4=1");
        assertThat(out.text()).contains("to=functions.get_weather <|constrain|>");
        assertThat(strict(out).error()).startsWith("unexpected tokens remaining in message header: Some(\"to=functions.get_weather <|constrain|>");
    }

    @Test
    void f1LeaksTheChannelIntoTheRecipient() {
        Message call = strict(gen(CALL, "F1=1")).messages().get(1);
        assertThat(call.recipient()).isEqualTo("functions.get_weather<|channel|>commentary");
        assertThat(call.contentType()).isEqualTo("<|constrain|>json");
    }

    @Test
    void f5ConstrainInsideRecipientGivesEmptyRecipient() {
        Message call = strict(gen(CALL, "F5=1")).messages().get(1);
        assertThat(call.recipient()).isEqualTo("");
        assertThat(call.contentType()).isEqualTo("<|constrain|>functions.get_weather");
    }

    @Test
    void f13GluesTheContentTypeToTheName() {
        Message call = strict(gen(CALL, "F13=1")).messages().get(1);
        assertThat(call.recipient()).isEqualTo("functions.get_weatherjson");
        assertThat(call.contentType()).isNull();
    }

    @Test
    void f14BareJsonIsValid() {
        Message call = strict(gen(CALL, "F14=1")).messages().get(1);
        assertThat(call.recipient()).isEqualTo("functions.get_weather");
        assertThat(call.contentType()).isEqualTo("json");
    }

    @Test
    void f15CallOnAnalysisChannel() {
        Message call = strict(gen(CALL, "F15=1")).messages().get(1);
        assertThat(call.channel()).isEqualTo("analysis");
        assertThat(call.recipient()).isEqualTo("functions.get_weather");
    }

    @Test
    void f16MarkupInsideFinalContent() {
        ParseOutcome p = strict(gen(CALL, "F16=1"));
        Message m = p.messages().get(1);
        assertThat(m.channel()).isEqualTo("final");
        assertThat(m.recipient()).isNull();
        assertThat(m.text()).startsWith("<|channel|>commentary to=functions.get_weather");
    }

    @Test
    void f17ConstrainedFinalBecomesTheRecipient() {
        Message m = strict(gen(FINAL, "F17=1")).messages().get(1);
        assertThat(m.channel()).isEqualTo("final");
        assertThat(m.recipient()).isEqualTo("<|constrain|>json");
    }

    @Test
    void f18FinalWithoutChannel() {
        Message m = strict(gen(FINAL, "F18=1")).messages().get(1);
        assertThat(m.channel()).isNull();
        assertThat(m.text()).isEqualTo("The answer is 4");
    }

    @Test
    void argumentFaultsKeepHarmonyValid() {
        Message f20 = strict(gen(CALL, "F20=1")).messages().get(1);
        assertThat(Json.tryParse(f20.text())).as("F20 arguments must not be valid JSON: %s", f20.text()).isNull();
        Message f21 = strict(gen(CALL, "F21=1")).messages().get(1);
        assertThat(f21.recipient()).isEqualTo("functions.get_weather_v2");
        Message f23 = strict(gen(CALL, "F23=1")).messages().get(1);
        JsonNode args = Json.tryParse(f23.text());
        assertThat(args.get("city").asText()).isEqualTo("SF??");
    }

    @Test
    void f12TruncatesInsideTheArguments() {
        SimGenerator.Output out = gen(CALL, "F12=1");
        assertThat(out.finishReason()).isEqualTo("length");
        assertThat(out.truncated()).isTrue();
        ParseOutcome p = strict(out);
        assertThat(p.isOk()).isTrue();
        Message call = p.messages().get(1);
        assertThat(call.recipient()).isEqualTo("functions.get_weather");
        assertThat("{\"city\": \"SF\"}").startsWith(call.text()).isNotEqualTo(call.text());
    }

    @Test
    void f12WithoutACallCutsInsideTheHeader() {
        SimGenerator.Output out = gen(FINAL, "F12=1");
        assertThat(strict(out).error()).isEqualTo("Unexpected EOS while waiting for message header to complete");
    }

    @Test
    void maxTokensTruncatesNaturallyWithoutAFaultCode() {
        SimGenerator.Output out = SimGenerator.generate(new SimGenerator.Input(Json.tryParse(CALL), "s", 0, 1, HistoryStyle.NONE,
                SimModel.OFF, 5, false));
        assertThat(out.tokens()).hasSize(5);
        assertThat(out.finishReason()).isEqualTo("length");
        assertThat(out.faults()).isEmpty();
    }

    @Test
    void ignoreEosForcesF11OnFinalAnswers() {
        SimGenerator.Output out = SimGenerator.generate(new SimGenerator.Input(Json.tryParse(FINAL), "s", 0, 1, HistoryStyle.NONE,
                SimModel.OFF, null, true));
        assertThat(out.faults()).containsExactly("F11");
        assertThat(out.text()).endsWith("<|return|><|return|>");
    }

    @Test
    void atMostOneStructuralFaultPerTurn() {
        SimGenerator.Output out = gen(CALL, "F1=1,F3=1,F4=1,F20=1");
        assertThat(out.faults()).containsExactly("F1", "F20");
    }

    static final String TWO = "[{\"role\":\"assistant\",\"recipient\":\"functions.a\",\"channel\":\"commentary\",\"content\":\"{}\"},"
            + "{\"role\":\"assistant\",\"recipient\":\"functions.b\",\"channel\":\"commentary\",\"content\":\"{\\\"x\\\":1}\"}]";

    static SimGenerator.Output genWithStops(String expected, String faults, boolean ignoreEos, SimGenerator.Stops stops) {
        return SimGenerator.generate(new SimGenerator.Input(Json.tryParse(expected), "s1", 0, 7L, HistoryStyle.NONE,
                SimModel.parse(faults), null, ignoreEos, stops));
    }

    @Test
    void withGptOssStopsACompletionEndsAtTheFirstCall() {
        SimGenerator.Output out = genWithStops(TWO, "off", false, SimGenerator.Stops.GPT_OSS);
        assertThat(out.text()).endsWith("to=functions.a <|constrain|>json<|message|>{}<|call|>").doesNotContain("functions.b");
        assertThat(out.stopToken()).isEqualTo(HarmonyEncoding.CALL);
        assertThat(out.finishReason()).isEqualTo("stop");
        assertThat(strict(out).messages()).extracting(Message::recipient).containsExactly(null, "functions.a");
    }

    @Test
    void faultsAreDrawnOnlyForWhatIsWritten() {
        // F11 is text after <|return|>: impossible when <|return|> stops the completion, even at rate 1 or with ignore_eos
        assertThat(genWithStops(FINAL, "F11=1", false, SimGenerator.Stops.GPT_OSS).faults()).isEmpty();
        SimGenerator.Stops requestOnly = new SimGenerator.Stops(Set.of(200002, 200012), List.of());
        SimGenerator.Output eos = genWithStops(FINAL, "off", true, requestOnly);
        assertThat(eos.faults()).isEmpty();
        assertThat(eos.text()).endsWith("The answer is 4<|return|>");
        // without a <|return|> stop (chat with ignore_eos): vllm#50690
        SimGenerator.Output chat = genWithStops(FINAL, "off", true, SimGenerator.Stops.NONE);
        assertThat(chat.faults()).containsExactly("F11");
        // F12 still cuts inside the (first) call's arguments
        SimGenerator.Output cut = genWithStops(TWO.replace("{\\\"x\\\":1}", "{\\\"x\\\":12345}"), "F12=1", false, SimGenerator.Stops.GPT_OSS);
        assertThat(cut.truncated()).isTrue();
        assertThat(cut.stopToken()).isNull();
        assertThat(cut.text()).doesNotContain("functions.b");
    }

    @Test
    void stopStringsEndTheTextAndTheTokensWhereTheyAppear() {
        SimGenerator.Output out = genWithStops(CALL, "off", false, new SimGenerator.Stops(Set.of(), List.of("weather.", "zzz")));
        assertThat(out.text()).isEqualTo("<|channel|>analysis<|message|>Need weather.");
        assertThat(out.stopString()).isEqualTo("weather.");
        assertThat(HarmonyEncoding.get().decode(out.tokens())).startsWith(out.text());
    }

    @Test
    void withoutStopsParallelCallsAreEmittedInOrder() {
        ParseOutcome p = strict(gen(TWO, "off"));
        assertThat(p.messages()).extracting(Message::recipient).containsExactly(null, "functions.a", "functions.b");
    }
}
