package dev.harmonica.harmony.parse;

import dev.harmonica.harmony.FailureMode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Failure modes come from the input and the repairs, so a turn with several faults lists all of them. */
class FailureModesTest {

    private static TurnAnalysis analyze(String text, String role) {
        return HarmonyParsers.analyzeText(text, role);
    }

    @Test
    void cleanTurnHasNoFailureModes() {
        TurnAnalysis a = analyze("<|channel|>analysis<|message|>Need weather.<|end|><|start|>assistant<|channel|>commentary"
                + " to=functions.get_weather <|constrain|>json<|message|>{\"city\":\"Paris\"}<|call|>", "assistant");
        assertThat(a.failureModes()).isEmpty();
        assertThat(a.strictSignature()).isNull();
        assertThat(a.lenient().repairs()).isEmpty();
    }

    @Test
    void severalFaultsInOneTurnAreAllListed() {
        // duplicate channel (unknown role for strict) in message 2, leaked tool name in message 3, text after the stop
        TurnAnalysis a = analyze("<|channel|>analysis<|message|>a<|end|>"
                + "<|start|>assistant<|channel|>commentary<|channel|>commentary<|message|>b<|end|>"
                + "<|start|>assistant<|channel|>commentary to=functions.bash<|channel|>commentary<|message|>{\"command\":\"ls\"}<|call|>"
                + "extra", "assistant");
        assertThat(a.strict().error()).isEqualTo("Unknown role: assistant<|channel|>commentary");
        assertThat(a.failureModes()).contains(FailureMode.DUPLICATE_CHANNEL.code(), FailureMode.UNKNOWN_ROLE.code(),
                FailureMode.TOOL_NAME_LEAK.code(), FailureMode.TEXT_AFTER_STOP.code());
        assertThat(a.lenient().isRepaired()).isTrue();
        assertThat(a.lenient().messages()).hasSize(3);
        assertThat(a.lenient().messages().get(2).recipient()).isEqualTo("functions.bash");
    }

    @Test
    void strictOkButLeakingIsAFailure() {
        TurnAnalysis a = analyze("<|channel|>commentary to=functions.bash<|channel|>commentary<|message|>{}<|call|>", "assistant");
        assertThat(a.strict().isOk()).isTrue();
        assertThat(a.failureModes()).contains(FailureMode.TOOL_NAME_LEAK.code(), FailureMode.DUPLICATE_CHANNEL.code());
    }

    @Test
    void toolLevelModesFromMessages() {
        TurnAnalysis a = analyze("<|channel|>analysis to=functions.run <|constrain|>json<|message|>{\"cmd\": \"ls", "assistant");
        assertThat(a.failureModes()).containsExactly(FailureMode.TRUNCATED_CONTENT.code(),
                FailureMode.TOOL_CALL_WRONG_CHANNEL.code(), FailureMode.INVALID_JSON_ARGUMENTS.code());
    }

    @Test
    void missingMessageTokenAndTruncatedHeader() {
        assertThat(analyze("<|channel|>final The answer is 4<|return|>", "assistant").failureModes())
                .containsExactly(FailureMode.MISSING_MESSAGE.code());
        assertThat(analyze("<|channel|>analysis<|message|>x<|end|><|start|>assistant<|channel|>fin", "assistant").failureModes())
                .containsExactly(FailureMode.TRUNCATED_HEADER.code());
        assertThat(analyze("", "assistant").failureModes()).containsExactly(FailureMode.EMPTY_OUTPUT.code());
    }

    @Test
    void everyRepairCodeMapsToAFailureModeCode() {
        for (RepairCode c : RepairCode.values()) {
            if (c == RepairCode.REPAIR_LIST_TRUNCATED) continue;
            assertThat(c.failureMode()).as(c.name()).isNotNull();
            assertThat(FailureMode.byCode(c.failureMode().code())).isEqualTo(c.failureMode());
        }
    }
}
