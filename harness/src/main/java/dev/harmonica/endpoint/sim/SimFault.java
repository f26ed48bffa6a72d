package dev.harmonica.endpoint.sim;

/**
 * The harmony faults the simulator injects, numbered as in the fault catalogue (docs/endpoint.md, Fault catalogue). Each says which
 * message of a turn it can hit; what the STRICT parser makes of it follows docs/endpoint.md, Fault catalogue. Faults marked
 * {@link #historySensitive()} are the "drift" faults whose rate the rendered history style multiplies
 * (see {@link SimModel}).
 */
public enum SimFault {
    F1("tool-name leak: to=functions.x<|channel|>commentary (strict OK, recipient keeps the marker)", true),
    F2("doubled channel in a later header: assistant<|channel|>bash<|channel|>commentary (Unknown role: assistant<|channel|>…)", true),
    F3("recipient repeated in role and channel section (unexpected tokens remaining: Some(\"to=functions.x\"))", true),
    F4("reasoning after <|constrain|> in the header (unexpected tokens remaining)", true),
    F5("to=<|constrain|>functions.x (strict OK, recipient \"\")", true),
    F7("role not assistant: <|start|>final, assistantassistant, <|start|><|start|>assistant (Unknown role)", true),
    F8("missing <|message|> in the last message (Unexpected EOS while waiting for message header)", false),
    F9("empty channel <|channel|><|message|> (channel marker present but no channel value)", false),
    F10("plain text where <|start|> is expected, e.g. after <|end|> or <|call|> (Unexpected token N)", true),
    F11("generation continues past <|return|> (Unexpected token 200002); only when <|return|> is not a stop:"
            + " always with ignore_eos and no <|return|> stop in the request, at its rate with stops ignored", false),
    F12("truncation inside the tool-call arguments or header (finish_reason length)", false),
    F13("glued content type to=functions.xjson (strict OK, tool name xjson)", true),
    F14("bare json instead of <|constrain|>json (valid harmony)", true),
    F15("tool call emitted on the analysis channel", false),
    F16("tool-call markup written as text inside the final content", false),
    F17("constrained final with no recipient: <|channel|>final <|constrain|>json (recipient <|constrain|>json)", false),
    F18("final message without a channel", false),
    F20("invalid JSON arguments (trailing garbage, unescaped quote, array-wrapped)", false),
    F21("unknown (hallucinated) function name", false),
    F22("odd Unicode in the header: ––commentary (unexpected tokens remaining)", true),
    F23("degenerate argument value (\"??\" appended to a string argument)", false);

    private final String description;
    private final boolean historySensitive;

    SimFault(String description, boolean historySensitive) {
        this.description = description;
        this.historySensitive = historySensitive;
    }

    public String description() {
        return description;
    }

    /** Whether the rendered-history multipliers of {@link SimModel} apply to this fault. */
    public boolean historySensitive() {
        return historySensitive;
    }

    /** The catalogue code, e.g. {@code F3}. */
    public String code() {
        return name();
    }

    /** Faults that change the message structure; at most one of them is injected per turn. */
    boolean structural() {
        return this != F12 && this != F20 && this != F21 && this != F23;
    }

    /** The fault with this code (case-insensitive), or null. */
    public static SimFault byCode(String code) {
        for (SimFault f : values()) if (f.name().equalsIgnoreCase(code)) return f;
        return null;
    }
}
