package dev.harmonica.run;

/**
 * Whose protocol a variant plays BFCL entries under, and so what its BFCL numbers mean (README "BFCL-exact
 * scoring", docs/bfcl-compat.md).
 */
public enum Protocol {
    /**
     * Harmonica's own: it renders prompts itself (or sends the variant's chat options), drives on after a strict
     * failure as the variant says, and an endpoint failure leaves the entry not judged (never a model failure).
     */
    HARMONICA("harmonica", "Harmonica protocol"),
    /**
     * bfcl-eval 2026.3.23's, for an OpenAI-compatible function-calling model ({@code OpenAICompletionsHandler} in FC
     * mode): non-streamed chat completions with BFCL's request body and sampling, the server's message kept in the
     * history as it came, calls decoded as BFCL decodes them (no lenient driving), at most
     * {@code MAXIMUM_STEP_LIMIT} + 1 steps per user turn, and an endpoint failure at any step fails the whole entry
     * as {@code multi_turn:inference_error}.
     */
    BFCL("bfcl", "BFCL protocol (bfcl-eval 2026.3.23 compatible)");

    /** bfcl-eval's default {@code --temperature} (bfcl_eval/_llm_response_generation.py, {@code get_args}). */
    public static final double BFCL_TEMPERATURE = 0.001;

    private final String jsonName;
    private final String label;

    Protocol(String jsonName, String label) {
        this.jsonName = jsonName;
        this.label = label;
    }

    /** The name in journals and run.json. */
    public String jsonName() {
        return jsonName;
    }

    /** What the reports say produced the numbers. */
    public String label() {
        return label;
    }

    public static Protocol byName(String s) {
        for (Protocol p : values()) if (p.jsonName.equals(s)) return p;
        return null;
    }
}
