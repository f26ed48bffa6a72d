package dev.harmonica.scenario.swe;

/**
 * The context available for a replay prompt and how to fit a prefix into it.
 *
 * <p>Truncation policy (applied by {@link ReplayContext#prefix}): when the estimated prompt exceeds
 * {@code maxPromptTokens}, the bodies of the OLDEST observations are replaced, one at a time from step 0 onwards,
 * by {@code [observation elided by Harmonica: N tokens]} until the prompt fits. The prompt messages, every assistant
 * message (text, reasoning and tool calls) and the observations of the last {@code keepLastSteps} steps before the
 * replayed step are never changed. If the prompt still does not fit, the prefix is returned with
 * {@link ReplayPrefix#overBudget()} set; the runner decides whether to send it.
 *
 * @param maxPromptTokens the budget for the prompt (context window minus the completion budget); &lt;= 0 = unlimited
 * @param keepLastSteps   how many of the most recent steps keep their observations intact
 */
public record ContextBudget(int maxPromptTokens, int keepLastSteps) {
    public ContextBudget {
        if (keepLastSteps < 0) throw new IllegalArgumentException("keepLastSteps must be >= 0, got " + keepLastSteps);
    }

    public static ContextBudget unlimited() {
        return new ContextBudget(0, 0);
    }

    public boolean isUnlimited() {
        return maxPromptTokens <= 0;
    }
}
