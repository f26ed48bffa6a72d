package dev.harmonica.harmony;

/**
 * Stable failure-mode codes (journal, CSV and reports use {@link #code()}). {@link Level#FORMAT} modes are about the
 * harmony form of the output (found by the parsers, by the server's own parse, or by the chat-mode markup scan);
 * {@link Level#TOOL} modes about the calls it makes (tool-call validation against the declared tools, tool_choice).
 * Codes never change once released; new ones are added at the end; the level is a field, never a position.
 */
public enum FailureMode {
    // format level (harmony)
    DUPLICATE_CHANNEL("duplicate_channel", Level.FORMAT, "more than one <|channel|> marker in a header"),
    TOOL_NAME_LEAK("tool_name_leak", Level.FORMAT, "special-token text leaked into the recipient/tool name"),
    UNKNOWN_ROLE("unknown_role", Level.FORMAT, "header role is not a harmony role"),
    LEFTOVER_HEADER_TOKENS("leftover_header_tokens", Level.FORMAT, "unexpected words left in the header"),
    REASONING_AFTER_CONSTRAIN("reasoning_after_constrain", Level.FORMAT, "content written after <|constrain|> in the header"),
    MISSING_MESSAGE("missing_message", Level.FORMAT, "header ended without <|message|>"),
    TEXT_AFTER_STOP("text_after_stop", Level.FORMAT, "output continues after a stop token"),
    MISSING_START("missing_start", Level.FORMAT, "message does not begin with <|start|>"),
    EMPTY_CHANNEL("empty_channel", Level.FORMAT, "<|channel|> with no channel name"),
    TRUNCATED_HEADER("truncated_header", Level.FORMAT, "output ended inside a header"),
    TRUNCATED_CONTENT("truncated_content", Level.FORMAT, "output ended inside content (no stop token)"),
    TOOL_CALL_WRONG_CHANNEL("tool_call_wrong_channel", Level.FORMAT, "tool call on a channel other than commentary"),
    RECIPIENT_REPEATED("recipient_repeated", Level.FORMAT, "recipient given more than once"),
    UNKNOWN_CHANNEL("unknown_channel", Level.FORMAT, "channel outside analysis/commentary/final"),
    OTHER_FORMAT_ERROR("other_format_error", Level.FORMAT, "strict parse error of another kind"),
    CONSTRAIN_AS_RECIPIENT("constrain_as_recipient", Level.FORMAT, "<|constrain|>X where the recipient goes (strict takes it as the recipient)"),
    MISSING_ROLE("missing_role", Level.FORMAT, "header without a role (e.g. <|start|><|message|>)"),
    RECIPIENT_AFTER_CONSTRAIN("recipient_after_constrain", Level.FORMAT, "tool name written after <|constrain|> (to=<|constrain|>functions.x)"),
    ASSISTANT_RECIPIENT("assistant_recipient", Level.FORMAT, "assistant message addressed to=assistant"),
    STRAY_START("stray_start", Level.FORMAT, "repeated <|start|> (e.g. <|start|><|start|>assistant)"),
    MISSING_STOP("missing_stop", Level.FORMAT, "message not closed by a stop token before the next <|start|>"),
    CHANNEL_WITHOUT_MARKER("channel_without_marker", Level.FORMAT, "channel name written without <|channel|> (strict takes it as the recipient)"),
    UNDECODABLE_HEADER("undecodable_header", Level.FORMAT, "header tokens are not valid UTF-8 or not valid token ids"),
    BARE_RECIPIENT("bare_recipient", Level.FORMAT, "tool call to a bare name without the functions. namespace"),
    TOOL_CALL_IN_CONTENT("tool_call_in_content", Level.FORMAT, "a tool call written as text inside a message body instead of a recipient"),
    GLUED_CONTENT_TYPE("glued_content_type", Level.FORMAT, "content type glued to the tool name (to=functions.shelljson)"),
    // tool level (runner)
    INVALID_JSON_ARGUMENTS("invalid_json_arguments", Level.TOOL, "tool-call arguments are not valid JSON"),
    UNKNOWN_TOOL("unknown_tool", Level.TOOL, "tool name is not a declared tool"),
    SCHEMA_MISMATCH("schema_mismatch", Level.TOOL, "arguments do not match the tool's JSON schema"),
    TOOL_CHOICE_REQUIRED_NO_CALL("tool_choice_required_no_call", Level.TOOL, "tool_choice=required but no tool was called"),
    TOOL_CHOICE_NONE_CALLED("tool_choice_none_called", Level.TOOL, "tool_choice=none but a tool was called"),
    TOOL_CHOICE_NAMED_NOT_CALLED("tool_choice_named_not_called", Level.TOOL, "named tool_choice not called"),
    PARALLEL_CALLS_DISALLOWED("parallel_calls_disallowed", Level.TOOL, "parallel calls while parallel_tool_calls=false"),
    SERVER_FORMAT_ERROR("server_format_error", Level.FORMAT, "the server rejected the output with a harmony error"),
    EMPTY_OUTPUT("empty_output", Level.TOOL, "the model returned nothing"),
    // chat modes: the server parsed, but harmony markup leaked into the text it returned
    MARKUP_IN_CONTENT("markup_in_content", Level.FORMAT,
            "chat: harmony markup (special tokens or a header such as to=functions.x) in the message content"),
    MARKUP_IN_REASONING("markup_in_reasoning", Level.FORMAT,
            "chat: harmony markup (special tokens or a header) in the reasoning text");

    /** What a mode is about. */
    public enum Level {
        /** The harmony form of the output (headers, markers, stop tokens, markup leaked into chat text). */
        FORMAT,
        /** The calls the output makes (names, arguments, schemas, tool_choice) or the absence of any output. */
        TOOL
    }

    private final String code;
    private final Level level;
    private final String description;

    FailureMode(String code, Level level, String description) {
        this.code = code;
        this.level = level;
        this.description = description;
    }

    public Level level() {
        return level;
    }

    public boolean isToolLevel() {
        return level == Level.TOOL;
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
