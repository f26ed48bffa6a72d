package dev.harmonica.harmony.parse;

import dev.harmonica.harmony.HarmonyEncoding;
import dev.harmonica.harmony.Message;
import dev.harmonica.harmony.ParseOutcome;
import dev.harmonica.harmony.Repair;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LenientFeaturesTest {

    private static ParseOutcome parse(LenientOptions o, String text, String role) {
        return new LenientParser(o).parseText(text, role);
    }

    @Test
    void defaultsAreOnExceptTheOptionalRules() {
        LenientOptions d = LenientOptions.defaults();
        for (LenientFeature f : LenientFeature.values()) assertThat(d.enabled(f)).as(f.name()).isEqualTo(f.enabledByDefault());
        assertThat(d.enabled(LenientFeature.CONSTRAIN_FUNCTION_AS_RECIPIENT)).isFalse();
        assertThat(d.enabled(LenientFeature.COMMENT_CHANNEL_AS_COMMENTARY)).isFalse();
    }

    @Test
    void switchingARuleOffGivesTheStrictErrorWithEarlierMessagesKept() {
        String text = "<|channel|>analysis<|message|>think<|end|><|start|>assistant<|channel|>commentary<|channel|>commentary<|message|>x<|end|>";
        ParseOutcome off = parse(LenientOptions.defaults().disable(LenientFeature.STRIP_DUPLICATE_CHANNELS,
                LenientFeature.NORMALISE_ROLE), text, "assistant");
        assertThat(off.error()).isEqualTo("Unknown role: assistant<|channel|>commentary");
        assertThat(off.messages()).containsExactly(Message.text("assistant", "think").withChannel("analysis"));
        ParseOutcome onlyL6 = parse(LenientOptions.defaults().disable(LenientFeature.STRIP_DUPLICATE_CHANNELS), text, "assistant");
        assertThat(onlyL6.messages().get(1)).as("the role glued to a special token is normalised (L6)")
                .isEqualTo(Message.text("assistant", "x").withChannel("commentary"));
        ParseOutcome noKeep = parse(LenientOptions.none(), text, "assistant");
        assertThat(noKeep.messages()).isEmpty();
        ParseOutcome on = parse(LenientOptions.defaults(), text, "assistant");
        assertThat(on.error()).isNull();
        assertThat(on.repairs()).extracting(Repair::code).containsExactly("L2_DUPLICATE_CHANNEL");
    }

    @Test
    void repairsCarryOffsetsInTheDecodedInput() {
        String text = "<|channel|>analysis<|message|>think<|end|><|start|>assistant<|channel|>commentary<|channel|>commentary<|message|>x<|end|>";
        Repair r = parse(LenientOptions.defaults(), text, "assistant").repairs().get(0);
        assertThat(r.offset()).isEqualTo(text.lastIndexOf("<|channel|>commentary"));
        assertThat(r.before()).isEqualTo("<|channel|>commentary");
        assertThat(r.after()).isEmpty();
    }

    @Test
    void repairListIsBounded() {
        String text = "<|channel|>final<|message|>hi<|end|>" + "<|return|>junk<|start|>assistant<|channel|>final<|message|>x<|end|>".repeat(50);
        ParseOutcome o = parse(LenientOptions.defaults().withMaxRepairs(5), text, "assistant");
        assertThat(o.repairs()).hasSize(6);
        assertThat(o.repairs().get(5).code()).isEqualTo("REPAIR_LIST_TRUNCATED");
        assertThat(o.repairs().get(5).after()).isEqualTo("45 more");
        assertThat(o.messages()).hasSize(51);
    }

    @Test
    void optionalCommentChannel() {
        String text = "<|channel|>comment<|message|>hi<|end|>";
        assertThat(parse(LenientOptions.defaults(), text, "assistant").messages().get(0).channel()).isEqualTo("comment");
        assertThat(parse(LenientOptions.defaults().enable(LenientFeature.COMMENT_CHANNEL_AS_COMMENTARY), text, "assistant")
                .messages().get(0).channel()).isEqualTo("commentary");
    }

    @Test
    void startInsideContentEndsTheMessage() {
        ParseOutcome o = parse(LenientOptions.defaults(),
                "<|channel|>analysis<|message|>think<|start|>assistant<|channel|>final<|message|>done<|return|>", "assistant");
        assertThat(o.messages()).containsExactly(Message.text("assistant", "think").withChannel("analysis"),
                Message.text("assistant", "done").withChannel("final"));
        assertThat(o.repairs()).extracting(Repair::code).containsExactly("L7_START_IN_CONTENT");
    }

    @Test
    void explicitLeadingStartOnRoleInitialisedParserIsSkipped() {
        ParseOutcome o = parse(LenientOptions.defaults(), "<|start|>assistant<|channel|>final<|message|>hi<|return|>", "assistant");
        assertThat(o.messages()).containsExactly(Message.text("assistant", "hi").withChannel("final"));
        assertThat(o.repairs()).extracting(Repair::code).containsExactly("L7_REPEATED_START");
    }

    @Test
    void reasoningAfterConstrainIsDropped() {
        ParseOutcome o = parse(LenientOptions.defaults(),
                "<|channel|>commentary to=functions.bash <|constrain|>We should list files first<|message|>{\"command\":\"ls\"}<|call|>", "assistant");
        assertThat(o.messages()).containsExactly(Message.text("assistant", "{\"command\":\"ls\"}").withChannel("commentary")
                .withRecipient("functions.bash"));
        assertThat(o.repairs()).extracting(Repair::code).containsExactly("L5_REASONING_AFTER_CONSTRAIN");
    }

    @Test
    void missingMessageKeepsRecipientAndOriginalSpacing() {
        ParseOutcome o = parse(LenientOptions.defaults(),
                "<|channel|>analysis<|message|>x<|end|><|start|>assistant<|channel|>commentary to=functions.f json {\"a\":  1}<|call|>", "assistant");
        assertThat(o.messages().get(1)).isEqualTo(Message.text("assistant", "{\"a\":  1}").withChannel("commentary")
                .withRecipient("functions.f").withContentType("json"));
    }

    @Test
    void tokensInvalidForTheTokenizerNeverThrow() {
        int[] tokens = {HarmonyEncoding.START, -5, Integer.MAX_VALUE, HarmonyEncoding.MESSAGE, -1, HarmonyEncoding.END};
        assertThat(new LenientParser(LenientOptions.defaults()).parse(tokens, null).error()).isNull();
    }
}
