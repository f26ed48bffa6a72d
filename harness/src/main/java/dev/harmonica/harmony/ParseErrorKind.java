package dev.harmonica.harmony;

/**
 * What a failed parse ran into, next to its byte-exact text ({@link ParseOutcome#error()}): the closed set of
 * openai/harmony v0.0.8 parse errors (openai/harmony v0.0.8 src/encoding.rs (StreamableParser)) plus Harmonica's own two. Each kind knows the
 * {@link FailureMode} it is evidence of, so no code reads a kind back out of the text. (It lives here rather than
 * nested in {@code harmony.parse.HarmonyError} because {@link ParseOutcome} carries it and {@code harmony} must not
 * depend on {@code harmony.parse}.)
 *
 * <p>Text matching remains only for text from outside the process: a server's error body
 * ({@code endpoint.FormatErrors}) and census keys ({@code harmony.parse.ErrorSignature}).
 */
public enum ParseErrorKind {
    /** {@code Unexpected token {id} while expecting start token 200006}: a token other than {@code <|start|>} after a stop. */
    UNEXPECTED_TOKEN(FailureMode.TEXT_AFTER_STOP),
    /** {@code Unexpected EOS while waiting for message header to complete}. */
    UNEXPECTED_EOS(FailureMode.TRUNCATED_HEADER),
    /** {@code could not decode header} (strict: invalid UTF-8 or an invalid token id in a header). */
    UNDECODABLE_HEADER(FailureMode.UNDECODABLE_HEADER),
    /**
     * {@code Could not decode tokens: Invalid utf-8 sequence: …}: harmony non-strict salvaging a header ended by a stop
     * token decodes it without the strict path's context, so the tokenizer's own text shows.
     */
    HEADER_NOT_UTF8(FailureMode.UNDECODABLE_HEADER),
    /** {@code Could not decode tokens: Invalid token error: Invalid token for decoding: {id}} (same path as above). */
    HEADER_INVALID_TOKEN(FailureMode.UNDECODABLE_HEADER),
    /** {@code channel marker present but no channel value found in header}. */
    EMPTY_CHANNEL(FailureMode.EMPTY_CHANNEL),
    /** {@code message header did not contain a role}. */
    MISSING_ROLE(FailureMode.MISSING_ROLE),
    /** {@code Unknown role: {word}}. */
    UNKNOWN_ROLE(FailureMode.UNKNOWN_ROLE),
    /** {@code unexpected tokens remaining in message header: Some("{rest}")}. */
    LEFTOVER_HEADER_TOKENS(FailureMode.LEFTOVER_HEADER_TOKENS),
    /** Harmonica: a bug in the lenient rules was caught (text {@code internal error in lenient parser: …}). */
    INTERNAL(FailureMode.OTHER_FORMAT_ERROR),
    /** Error text that came from outside the process (a server's body); its kind is not known. */
    EXTERNAL(FailureMode.SERVER_FORMAT_ERROR);

    private final FailureMode failureMode;

    ParseErrorKind(FailureMode failureMode) {
        this.failureMode = failureMode;
    }

    /** The failure mode an error of this kind names on its own. */
    public FailureMode failureMode() {
        return failureMode;
    }
}
