package dev.harmonica.harmony.parse;

import com.fasterxml.jackson.databind.JsonNode;
import dev.harmonica.harmony.FailureMode;
import dev.harmonica.harmony.HarmonyEncoding;
import dev.harmonica.harmony.Message;
import dev.harmonica.testing.SharedData;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every record of {@code real-outputs/gpt-oss-malformed.jsonl} (docs/endpoint.md) classified. Most {@code raw} values
 * are header fragments quoted inside errors, so each is wrapped into a whole completion here (the wrapper is the
 * smallest completion that reproduces the quoted fragment); where the record quotes a harmony error, STRICT must
 * produce it. Failure modes must be non-empty, and LENIENT must recover what the record implies.
 */
class RealMalformedOutputsTest {

    /** How one record is turned into a completion and what is expected of it. */
    private record Case(String pattern, String role, List<String> completions, String strictError,
                        Consumer<TurnAnalysis> check) {
    }

    private static final String CALL = "<|channel|>commentary to=functions.x <|constrain|>json<|message|>{}<|call|>";

    private static List<Case> cases() {
        List<Case> c = new ArrayList<>();
        // 0 PR #114 census: the fragment is what remains after harmony took the first channel out (T15b)
        c.add(new Case("doubled-channel / tool-name-as-channel", null,
                List.of("<|start|>assistant<|channel|>commentary<|channel|>bash<|channel|>commentary<|message|>{\"command\":\"ls\"}<|call|>"),
                "EXACT",
                a -> assertLenient(a, Message.text("assistant", "{\"command\":\"ls\"}").withChannel("commentary"))));
        // 1 recipient repeated in the role and the channel part
        c.add(new Case("recipient-misplaced", null,
                List.of("<|start|>assistant to=functions.bash<|channel|>commentary to=functions.bash json<|message|>{\"command\":\"ls\"}<|call|>"),
                "EXACT",
                a -> {
                    assertLenient(a, Message.text("assistant", "{\"command\":\"ls\"}").withChannel("commentary")
                            .withRecipient("functions.bash").withContentType("json"));
                    assertThat(a.failureModes()).contains(FailureMode.RECIPIENT_REPEATED.code());
                }));
        // 2 channel name as the role
        c.add(new Case("channel-as-role", null, List.of("<|start|>final<|message|>Done.<|end|>"), "EXACT",
                a -> assertLenient(a, Message.text("assistant", "Done.").withChannel("final"))));
        // 3
        c.add(new Case("doubled-channel / tool-name-as-channel", null,
                List.of("<|start|>assistant<|channel|>commentary<|channel|>bash<|channel|>analysis<|message|>think<|end|>"),
                "EXACT",
                a -> assertLenient(a, Message.text("assistant", "think").withChannel("commentary"))));
        // 4 the fragment is what remains after the first channel was taken out
        c.add(new Case("special-token-in-role", null,
                List.of("<|start|>assistant<|channel|>commentary<|channel|>analysis<|message|>think<|end|>"),
                "EXACT",
                a -> assertLenient(a, Message.text("assistant", "think").withChannel("commentary"))));
        // 5 a whole next header swallowed after <|constrain|> (record quotes the error without its closing parenthesis)
        c.add(new Case("garbage-after-constrain", "assistant",
                List.of("<|channel|>analysis <|constrain|>control<|end|><|start|>assistant<|channel|>commentary to=functions.bash json<|message|>{\"command\":\"ls\"}<|call|>"),
                "PREFIX",
                a -> assertLenientToolCall(a, "functions.bash")));
        // 6 free text after <|constrain|> (the record's error text is JSON-escaped: \" for ")
        c.add(new Case("reasoning-after-constrain", "assistant",
                List.of("<|constrain|>write: edit file with content.<|end|><|start|>assistant<|channel|>commentary to=functions.write json<|message|>{\"path\":\"a\"}<|call|>"),
                "SUFFIX",
                a -> assertLenientToolCall(a, "functions.write")));
        // 7 llama.cpp #27720: garbage after the channel name; strict reads "2?" as a recipient
        c.add(new Case("garbage-channel-value", "assistant", List.of("<|channel|>commentary 2?<|message|>hi<|end|>"), null,
                a -> assertLenient(a, Message.text("assistant", "hi").withChannel("commentary"))));
        // 8 SGLang PR #9097: the quoted completion itself
        c.add(new Case("doubled-start + recipient-less commentary", "assistant", List.of("RAW"), null,
                a -> {
                    assertThat(a.lenient().messages()).hasSize(3);
                    assertThat(a.lenient().messages().get(0).recipient()).isEqualTo("functions.sales_search");
                    assertThat(a.lenient().messages().get(2).channel()).isEqualTo("final");
                    assertThat(a.failureModes()).contains(FailureMode.STRAY_START.code());
                }));
        // 9 vLLM #32587
        c.add(new Case("special-token-in-tool-name", "assistant",
                List.of("<|channel|>commentary to=functions.query_dataset<|channel|>commentary <|constrain|>json<|message|>{\"sql\":\"select 1\"}<|call|>"),
                null, a -> {
            assertThat(a.strict().messages().get(0).recipient()).isEqualTo("functions.query_dataset<|channel|>commentary");
            assertLenientToolCall(a, "functions.query_dataset");
            assertThat(a.failureModes()).contains(FailureMode.TOOL_NAME_LEAK.code(), FailureMode.DUPLICATE_CHANNEL.code());
        }));
        // 10 Ollama #11704: the header leaked into the tool name; the intended tool is not recoverable
        c.add(new Case("header-as-tool-name", "assistant",
                List.of("<|channel|>commentary to=assistant<|channel|>analysis<|message|>{\"command\":\"./test\"}<|call|>"), null,
                a -> {
                    assertThat(a.strict().messages().get(0).recipient()).isEqualTo("assistant<|channel|>analysis");
                    assertThat(a.failureModes()).contains(FailureMode.TOOL_NAME_LEAK.code());
                    assertThat(ToolCalls.from(a.lenient().messages())).isEmpty();
                }));
        // 11 Ollama #17638: array-wrapped arguments (the raw is the argument text)
        c.add(new Case("array-wrapped-arguments", "assistant", List.of("RAW_AS_ARGS"), null,
                a -> assertThat(a.failureModes()).contains(FailureMode.INVALID_JSON_ARGUMENTS.code())));
        // 12 Ollama #12884: multi-line code; the raw is display-escaped, the failing output had real line breaks
        c.add(new Case("invalid-json-arguments (multi-line content)", "assistant", List.of("RAW_AS_ARGS_UNESCAPED"), null,
                a -> assertThat(a.failureModes()).contains(FailureMode.INVALID_JSON_ARGUMENTS.code())));
        // 13 LM Studio: recipient after the content type
        c.add(new Case("recipient-after-constrain", "assistant",
                List.of("<|channel|>commentary <|constrain|>json to=functions.fetch<|message|>{\"url\":\"u\"}<|call|>"), null,
                a -> {
                    assertThat(a.strict().error()).isEqualTo("unexpected tokens remaining in message header: Some(\"<|constrain|>json\")");
                    assertLenient(a, Message.text("assistant", "{\"url\":\"u\"}").withChannel("commentary")
                            .withRecipient("functions.fetch").withContentType("<|constrain|>json"));
                }));
        // 14 Cline: bare recipient for a prompt-described tool
        c.add(new Case("bare-recipient / prompt-described tools", "assistant", List.of("RAW"), null,
                a -> assertThat(a.failureModes()).contains(FailureMode.BARE_RECIPIENT.code())));
        // 15 Ollama #11991: the same as a parsed-header trace
        c.add(new Case("bare-recipient / unknown tool", "assistant",
                List.of("<|channel|>commentary to=ask_followup_question<|message|>{\"question\":\"?\"}<|call|>"), null,
                a -> assertThat(a.failureModes()).contains(FailureMode.BARE_RECIPIENT.code())));
        // 16 vLLM #22337: the call written into the final answer
        c.add(new Case("tool-call-in-final-content", "assistant", List.of("<|channel|>final<|message|>RAW<|return|>"), null,
                a -> assertThat(a.failureModes()).contains(FailureMode.TOOL_CALL_IN_CONTENT.code())));
        // 17 tinker-cookbook #947: <|constrain|>functions.NAME on the final channel
        c.add(new Case("recipient-after-constrain / tool-call-on-final", "assistant",
                List.of("<|channel|>final <|constrain|>functions.get_weather<|message|>{\"city\":\"Paris\"}<|return|>"), null,
                a -> {
                    assertThat(a.strict().messages().get(0).recipient()).isEqualTo("<|constrain|>functions.get_weather");
                    assertThat(ToolCalls.from(a.lenient().messages())).as("not a call by default").isEmpty();
                    LenientParser opt = new LenientParser(LenientOptions.defaults()
                            .enable(LenientFeature.CONSTRAIN_FUNCTION_AS_RECIPIENT));
                    assertThat(ToolCalls.from(opt.parseText(
                            "<|channel|>final <|constrain|>functions.get_weather<|message|>{\"city\":\"Paris\"}<|return|>",
                            "assistant").messages())).singleElement().extracting(ToolCall::name).isEqualTo("get_weather");
                }));
        // 18 llama.cpp PR #15158: glued content type
        c.add(new Case("glued-content-type", "assistant",
                List.of("<|channel|>commentary to=functions.shelljson<|message|>{\"cmd\":[\"ls\"]}<|call|>"), null,
                a -> assertThat(a.failureModes()).contains(FailureMode.GLUED_CONTENT_TYPE.code())));
        // 19 vLLM #50690: the quoted completion itself
        c.add(new Case("stray-stop-token-after-end", "assistant", List.of("RAW"),
                "CONTAINS",
                a -> assertLenient(a, Message.text("assistant", "Answer").withChannel("final"))));
        // 20 vLLM PR #22386: <|constrain|> or <|call|> where a new message must start (two errors quoted)
        c.add(new Case("control-token-between-messages", "assistant",
                List.of(CALL + "<|constrain|>json", CALL + "<|call|>"),
                "CONTAINS",
                a -> assertLenientToolCall(a, "functions.x")));
        // 21 openai/harmony #38: garbage before a word (old list error format, compared by signature)
        c.add(new Case("garbage-channel-value", "assistant",
                List.of("<|channel|>commentary ––commentary to=functions.search <|constrain|>json<|message|>{}<|call|>"),
                "SIGNATURE", a -> assertLenientToolCall(a, "functions.search")));
        // 22 vLLM PR #35906: <|constrain|>json parsed as the recipient
        c.add(new Case("constrain-as-recipient", "assistant",
                List.of("<|channel|>commentary <|constrain|>json<|message|>{}<|call|>"), null,
                a -> assertLenient(a, Message.text("assistant", "{}").withChannel("commentary").withContentType("<|constrain|>json"))));
        return c;
    }

    private static void assertLenient(TurnAnalysis a, Message... expected) {
        assertThat(a.lenient().error()).isNull();
        assertThat(a.lenient().messages()).containsExactly(expected);
        assertThat(a.lenient().repairs()).isNotEmpty();
    }

    private static void assertLenientToolCall(TurnAnalysis a, String recipient) {
        assertThat(a.lenient().error()).isNull();
        assertThat(ToolCalls.from(a.lenient().messages())).extracting(ToolCall::recipient).containsExactly(recipient);
    }

    @TestFactory
    Stream<DynamicTest> everyRecordIsClassified() throws Exception {
        List<String> lines = Files.readAllLines(SharedData.require("real-outputs/gpt-oss-malformed.jsonl"));
        List<Case> cases = cases();
        assertThat(lines).hasSize(cases.size());
        List<DynamicTest> tests = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            JsonNode rec = Vectors.JSON.readTree(lines.get(i));
            Case k = cases.get(i);
            String raw = rec.get("raw").isNull() ? null : rec.get("raw").asText();
            tests.add(DynamicTest.dynamicTest(i + " " + k.pattern() + " " + rec.get("source").asText(), () -> {
                assertThat(rec.get("pattern").asText()).isEqualTo(k.pattern());
                for (String template : k.completions()) {
                    String completion = template.equals("RAW") ? raw
                            : template.equals("RAW_AS_ARGS") ? "<|channel|>commentary to=functions.apply_patch <|constrain|>json<|message|>" + raw + "<|call|>"
                            : template.equals("RAW_AS_ARGS_UNESCAPED") ? "<|channel|>commentary to=functions.Write <|constrain|>json<|message|>"
                            + raw.replace("\\n", "\n") + "<|call|>"
                            : raw == null ? template : template.replace("RAW", raw);
                    TurnAnalysis a = HarmonyParsers.analyze(HarmonyEncoding.get().encodeWithSpecials(completion), k.role());
                    assertThat(a.failureModes()).as("failure modes of " + completion).isNotEmpty();
                    assertThat(a.lenient().error()).as("lenient never fails here").isNull();
                    if (k.strictError() != null) {
                        // the record's reported_error is JSON-escaped in one record (\" for ")
                        String reported = rec.get("reported_error").asText().replace("\\\"", "\"");
                        String strict = a.strict().error();
                        assertThat(strict).as("strict error").isNotNull();
                        switch (k.strictError()) {
                            case "EXACT" -> assertThat(strict).isEqualTo(reported);
                            case "PREFIX" -> assertThat(strict).as("record quotes a cut-off error").startsWith(reported);
                            case "SUFFIX" -> assertThat(strict).as("record quotes the end of the error").endsWith(reported);
                            case "CONTAINS" -> assertThat(reported).as("record wraps the error").contains(strict);
                            case "SIGNATURE" -> assertThat(ErrorSignature.of(strict))
                                    .as("pre-v0.0.5 list format groups with v0.0.8").isEqualTo(ErrorSignature.of(reported));
                            default -> throw new AssertionError(k.strictError());
                        }
                    }
                    k.check().accept(a);
                }
            }));
        }
        return tests.stream();
    }
}
