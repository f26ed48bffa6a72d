package dev.harmonica.harmony.parse;

import dev.harmonica.harmony.HarmonyEncoding;
import dev.harmonica.harmony.ParseOutcome;
import dev.harmonica.harmony.Repair;
import dev.harmonica.testing.SharedData;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every {@link RepairCode} triggered by a concrete completion, with whether it is lossy and why (the specification of
 * {@code docs/repairs.md}): lossless means the repaired message has the role, channel, recipient, content type and
 * body the model evidently wrote; lossy means some of that was dropped or guessed.
 */
class RepairLossTest {
    private static final String A = "assistant";

    /** One trigger: the input, the options, whether the repair is lossy, and why. */
    private record Case(String text, int[] tokens, String role, LenientOptions options, boolean lossy, String why) {
        ParseOutcome parse() {
            LenientParser p = new LenientParser(options);
            return tokens != null ? p.parse(tokens, role) : p.parseText(text, role);
        }
    }

    private static Case lossless(String text, String role, String why) {
        return new Case(text, null, role, LenientOptions.defaults(), false, why);
    }

    private static Case lossy(String text, String role, String why) {
        return new Case(text, null, role, LenientOptions.defaults(), true, why);
    }

    private static final Map<RepairCode, Case> CASES = new LinkedHashMap<>();

    static {
        CASES.put(RepairCode.L2_DUPLICATE_CHANNEL, lossless("<|channel|>commentary<|channel|>commentary<|message|>x<|end|>", A,
                "the second marker repeats the channel"));
        CASES.put(RepairCode.L2_CONFLICTING_CHANNEL, lossy("<|channel|>commentary<|channel|>analysis<|message|>x<|end|>", A,
                "analysis or commentary: the first is a guess"));
        CASES.put(RepairCode.L3_RECIPIENT_SPECIAL_TOKEN_TAIL, lossless(
                "<|channel|>commentary to=functions.bash<|reserved_200014|><|message|>{}<|call|>", A, "the tool name is whole"));
        CASES.put(RepairCode.L3_CONSTRAIN_AS_RECIPIENT, lossless("<|channel|>commentary <|constrain|>json<|message|>{}<|end|>", A,
                "json is the content type, moved"));
        CASES.put(RepairCode.L3_RECIPIENT_AFTER_CONSTRAIN, lossless(
                "<|channel|>commentary to=<|constrain|>functions.x<|message|>{}<|call|>", A, "the tool name is whole"));
        CASES.put(RepairCode.L3_ASSISTANT_RECIPIENT_DROPPED, lossless("<|channel|>commentary to=assistant<|message|>x<|end|>", A,
                "to=assistant addresses no one else"));
        CASES.put(RepairCode.L3_INVALID_RECIPIENT_DROPPED, lossy("<|channel|>commentary 2?<|message|>hi<|end|>", A,
                "'2?' is dropped"));
        CASES.put(RepairCode.L3_CONSTRAIN_FUNCTION_AS_RECIPIENT, new Case(
                "<|channel|>commentary <|constrain|>functions.x<|message|>{}<|call|>", null, A,
                LenientOptions.defaults().enable(LenientFeature.CONSTRAIN_FUNCTION_AS_RECIPIENT), true, "a call is guessed"));
        CASES.put(RepairCode.L4_MISSING_MESSAGE, lossy("<|channel|>final The answer is 4<|return|>", A,
                "where the header ends and the body begins is guessed"));
        CASES.put(RepairCode.L5_RECIPIENT_REPEATED, lossless(
                "<|channel|>commentary to=functions.bash to=functions.bash json<|message|>{}<|call|>", A, "the same recipient twice"));
        CASES.put(RepairCode.L5_CONSTRAIN_JOINED, lossless(
                "<|channel|>commentary to=functions.x <|constrain|> json<|message|>{}<|call|>", A, "a space removed"));
        CASES.put(RepairCode.L5_CONSTRAIN_CHANNEL_DROPPED, lossy(
                "<|channel|>commentary to=functions.x <|constrain|>commentary json<|message|>{}<|call|>", A,
                "<|constrain|>commentary is dropped"));
        CASES.put(RepairCode.L5_REASONING_AFTER_CONSTRAIN, lossy(
                "<|channel|>commentary to=functions.bash <|constrain|>We should list files first<|message|>{}<|call|>", A,
                "the free text is dropped"));
        CASES.put(RepairCode.L5_LEFTOVER_WORDS_DROPPED, lossy(
                "<|channel|>commentary extra words to=functions.x<|message|>{}<|call|>", A, "'extra words' are dropped"));
        CASES.put(RepairCode.L5_WORDS_REORDERED, lossless(
                "<|channel|>commentary <|constrain|>json to=functions.x<|message|>{}<|call|>", A, "every word is used"));
        CASES.put(RepairCode.L6_CHANNEL_AS_ROLE, lossless("<|start|>final<|message|>Done.<|end|>", null,
                "final is the assistant's channel"));
        CASES.put(RepairCode.L6_ROLE_WITH_NAME, lossless("<|start|>user:alice<|message|>hi<|end|>", null, "user and alice both kept"));
        CASES.put(RepairCode.L6_RECIPIENT_WITHOUT_ROLE, lossy(
                "<|start|>to=functions.x<|channel|>commentary<|message|>{}<|call|>", null, "the author is assumed"));
        CASES.put(RepairCode.L6_ROLE_NORMALISED, lossless("<|start|>assistantassistant<|channel|>final<|message|>x<|end|>", null,
                "a repeated role word"));
        CASES.put(RepairCode.L6_TOOL_AUTHOR, lossy("<|start|>functions.x<|message|>{}<|end|>", null,
                "a tool author is guessed from one word"));
        CASES.put(RepairCode.L6_MISSING_ROLE, lossy("<|start|><|message|>x<|end|>", null, "the role is assumed"));
        CASES.put(RepairCode.L7_REPEATED_START, lossless("<|start|><|start|>assistant<|channel|>final<|message|>x<|end|>", null,
                "a repeated start"));
        CASES.put(RepairCode.L7_MISSING_START, lossless("<|channel|>final<|message|>x<|end|>", null, "a channel implies the assistant"));
        CASES.put(RepairCode.L7_START_IN_CONTENT, lossless(
                "<|channel|>analysis<|message|>think<|start|>assistant<|channel|>final<|message|>done<|return|>", A,
                "both bodies are whole"));
        CASES.put(RepairCode.L7_TEXT_BEFORE_START, lossy("hello<|start|>assistant<|channel|>final<|message|>x<|end|>", null,
                "'hello' is dropped"));
        CASES.put(RepairCode.L7_TEXT_AFTER_STOP, lossy("<|channel|>final<|message|>x<|end|>junk", A, "'junk' is dropped"));
        CASES.put(RepairCode.L7_STRAY_STOP_TOKENS, lossless("<|channel|>final<|message|>x<|call|><|call|>\n", A,
                "only a stop token and a newline are dropped"));
        CASES.put(RepairCode.L7_TRUNCATED_HEADER, lossy("<|channel|>analysis<|message|>x<|end|><|start|>assistant<|channel|>fin", A,
                "a begun message is dropped"));
        CASES.put(RepairCode.L8_EMPTY_CHANNEL, lossless("<|channel|> <|message|>x<|end|>", A, "an empty channel is no channel"));
        CASES.put(RepairCode.L8_CHANNEL_NORMALISED, lossless("<|channel|>commentary?<|message|>x<|end|>", A,
                "punctuation after the channel name"));
        CASES.put(RepairCode.L8_COMMENT_AS_COMMENTARY, new Case("<|channel|>comment<|message|>hi<|end|>", null, A,
                LenientOptions.defaults().enable(LenientFeature.COMMENT_CHANNEL_AS_COMMENTARY), true, "comment → commentary is a guess"));
        CASES.put(RepairCode.L8_CHANNEL_WITHOUT_MARKER, lossless("final<|message|>x<|end|>", A, "the channel word is moved"));
        CASES.put(RepairCode.L10_LOSSY_HEADER, new Case(null, new int[]{HarmonyEncoding.START, 173781, 999_999,
                HarmonyEncoding.MESSAGE, 13, HarmonyEncoding.END}, null, LenientOptions.defaults(), true, "bytes replaced by U+FFFD"));
        CASES.put(RepairCode.REPAIR_LIST_TRUNCATED, new Case("<|channel|>commentary<|channel|>commentary<|message|>x<|end|>", null,
                A, LenientOptions.defaults().withMaxRepairs(0), false, "it stands for one lossless repair"));
    }

    @Test
    void everyCodeHasATrigger() {
        assertThat(CASES.keySet()).containsExactlyInAnyOrder(RepairCode.values());
    }

    @TestFactory
    Stream<DynamicTest> eachCodeIsLossyOrLosslessAsDocumented() {
        return CASES.entrySet().stream().map(e -> DynamicTest.dynamicTest(e.getKey().name(), () -> {
            RepairCode code = e.getKey();
            Case c = e.getValue();
            ParseOutcome o = c.parse();
            Repair r = o.repairs().stream().filter(x -> x.code().equals(code.name())).findFirst().orElseThrow(
                    () -> new AssertionError(code + " not triggered; repairs " + o.repairs()));
            assertThat(r.lossy()).as(code + ": " + c.why()).isEqualTo(c.lossy());
            if (code != RepairCode.REPAIR_LIST_TRUNCATED) assertThat(r.lossy()).isEqualTo(!code.lossless());
            assertThat(o.error()).isNull();
        }));
    }

    @Test
    void aTruncatedListKeepsWhetherAHiddenRepairWasLossy() {
        ParseOutcome o = new LenientParser(LenientOptions.defaults().withMaxRepairs(1))
                .parseText("<|channel|>commentary<|channel|>commentary<|message|>x<|end|>junk", A);
        assertThat(o.repairs()).extracting(Repair::code).containsExactly("L2_DUPLICATE_CHANNEL", "REPAIR_LIST_TRUNCATED");
        assertThat(o.repairs()).extracting(Repair::lossy).containsExactly(false, true);
        assertThat(o.isLossy()).isTrue();
    }

    @Test
    void aDifferentRepeatedRecipientIsALossyDrop() {
        ParseOutcome o = HarmonyParsers.lenient().parseText(
                "<|channel|>commentary to=functions.a to=functions.b json<|message|>{}<|call|>", A);
        assertThat(o.repairs()).extracting(Repair::code).containsExactly("L5_RECIPIENT_REPEATED", "L5_LEFTOVER_WORDS_DROPPED");
        assertThat(o.isLossy()).isTrue();
    }

    /** {@code docs/repairs.md} lists every code with its feature and lossless flag, as the enum declares them. */
    @Test
    void docsTableMatchesTheCodes() throws Exception {
        Path doc = SharedData.projectRoot().resolve("docs/repairs.md");
        Set<RepairCode> seen = EnumSet.noneOf(RepairCode.class);
        List<String> problems = new ArrayList<>();
        for (String line : Files.readAllLines(doc)) {
            String[] cells = line.split("(?<!\\\\)\\|");
            if (cells.length < 5) continue;
            RepairCode code = RepairCode.of(cells[1].strip().replace("`", ""));
            if (code == null) continue;
            seen.add(code);
            String feature = code.feature() == null ? "—" : code.feature().name();
            if (!cells[2].strip().replace("`", "").equals(feature)) problems.add(code + ": feature " + cells[2].strip());
            if (!cells[3].strip().equals(code.lossless() ? "yes" : "no")) problems.add(code + ": lossless " + cells[3].strip());
        }
        assertThat(problems).isEmpty();
        assertThat(seen).containsExactlyInAnyOrder(RepairCode.values());
    }
}
