package dev.harmonica.harmony;

/**
 * Stable failure-mode codes (journal, CSV and reports use {@link #code()}). Format-level modes are found by the
 * parsers; tool-level modes by the runner's tool-call validation. Codes never change once released; new ones
 * are added at the end of their group. Owned by the parser work (format modes) and the runner (tool modes).
 */
public enum FailureMode {
    // format level (harmony)
    DUPLICATE_CHANNEL("duplicate_channel", "more than one <|channel|> marker in a header"),
    TOOL_NAME_LEAK("tool_name_leak", "special-token text leaked into the recipient/tool name"),
    UNKNOWN_ROLE("unknown_role", "header role is not a harmony role"),
    LEFTOVER_HEADER_TOKENS("leftover_header_tokens", "unexpected words left in the header"),
    REASONING_AFTER_CONSTRAIN("reasoning_after_constrain", "content written after <|constrain|> in the header"),
    MISSING_MESSAGE("missing_message", "header ended without <|message|>"),
    TEXT_AFTER_STOP("text_after_stop", "output continues after a stop token"),
    MISSING_START("missing_start", "message does not begin with <|start|>"),
    EMPTY_CHANNEL("empty_channel", "<|channel|> with no channel name"),
    TRUNCATED_HEADER("truncated_header", "output ended inside a header"),
    TRUNCATED_CONTENT("truncated_content", "output ended inside content (no stop token)"),
    TOOL_CALL_WRONG_CHANNEL("tool_call_wrong_channel", "tool call on a channel other than commentary"),
    RECIPIENT_REPEATED("recipient_repeated", "recipient given more than once"),
    UNKNOWN_CHANNEL("unknown_channel", "channel outside analysis/commentary/final"),
    OTHER_FORMAT_ERROR("other_format_error", "strict parse error of another kind"),
    CONSTRAIN_AS_RECIPIENT("constrain_as_recipient", "<|constrain|>X where the recipient goes (strict takes it as the recipient)"),
    MISSING_ROLE("missing_role", "header without a role (e.g. <|start|><|message|>)"),
    RECIPIENT_AFTER_CONSTRAIN("recipient_after_constrain", "tool name written after <|constrain|> (to=<|constrain|>functions.x)"),
    ASSISTANT_RECIPIENT("assistant_recipient", "assistant message addressed to=assistant"),
    STRAY_START("stray_start", "repeated <|start|> (e.g. <|start|><|start|>assistant)"),
    MISSING_STOP("missing_stop", "message not closed by a stop token before the next <|start|>"),
    CHANNEL_WITHOUT_MARKER("channel_without_marker", "channel name written without <|channel|> (strict takes it as the recipient)"),
    UNDECODABLE_HEADER("undecodable_header", "header tokens are not valid UTF-8 or not valid token ids"),
    BARE_RECIPIENT("bare_recipient", "tool call to a bare name without the functions. namespace"),
    TOOL_CALL_IN_CONTENT("tool_call_in_content", "a tool call written as text inside a message body instead of a recipient"),
    GLUED_CONTENT_TYPE("glued_content_type", "content type glued to the tool name (to=functions.shelljson)"),
    // tool level (runner)
    INVALID_JSON_ARGUMENTS("invalid_json_arguments", "tool-call arguments are not valid JSON"),
    UNKNOWN_TOOL("unknown_tool", "tool name is not a declared tool"),
    SCHEMA_MISMATCH("schema_mismatch", "arguments do not match the tool's JSON schema"),
    TOOL_CHOICE_REQUIRED_NO_CALL("tool_choice_required_no_call", "tool_choice=required but no tool was called"),
    TOOL_CHOICE_NONE_CALLED("tool_choice_none_called", "tool_choice=none but a tool was called"),
    TOOL_CHOICE_NAMED_NOT_CALLED("tool_choice_named_not_called", "named tool_choice not called"),
    PARALLEL_CALLS_DISALLOWED("parallel_calls_disallowed", "parallel calls while parallel_tool_calls=false"),
    SERVER_FORMAT_ERROR("server_format_error", "the server rejected the output with a harmony error"),
    EMPTY_OUTPUT("empty_output", "the model returned nothing");

    private final String code;
    private final String description;

    FailureMode(String code, String description) {
        this.code = code;
        this.description = description;
    }

    public String code() {
        return code;
    }

    public String description() {
        return description;
    }

    /** The mode with this code, or null. */
    public static FailureMode byCode(String code) {
        for (FailureMode m : values()) if (m.code.equals(code)) return m;
        return null;
    }
}
