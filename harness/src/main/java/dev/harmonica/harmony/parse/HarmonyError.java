package dev.harmonica.harmony.parse;

import dev.harmonica.harmony.HarmonyEncoding;
import dev.harmonica.harmony.ParseErrorKind;

/**
 * A parse failure: its {@link ParseErrorKind} and openai/harmony v0.0.8's error text byte for byte (e.g.
 * {@code Unknown role: final}; openai/harmony v0.0.8 src/encoding.rs (StreamableParser)), built only here. Used for control flow inside the parsers
 * and never escapes {@link dev.harmonica.harmony.HarmonyParser} (which reports it as {@code ParseOutcome.error} and
 * {@code errorKind}).
 */
final class HarmonyError extends Exception {
    private final ParseErrorKind kind;

    private HarmonyError(ParseErrorKind kind, String message) {
        super(message, null, false, false);
        this.kind = kind;
    }

    ParseErrorKind kind() {
        return kind;
    }

    static HarmonyError unexpectedToken(int token) {
        return new HarmonyError(ParseErrorKind.UNEXPECTED_TOKEN, "Unexpected token " + Integer.toUnsignedString(token)
                + " while expecting start token " + HarmonyEncoding.START);
    }

    static HarmonyError unexpectedEos() {
        return new HarmonyError(ParseErrorKind.UNEXPECTED_EOS, "Unexpected EOS while waiting for message header to complete");
    }

    static HarmonyError undecodableHeader() {
        return new HarmonyError(ParseErrorKind.UNDECODABLE_HEADER, "could not decode header");
    }

    /** harmony's tokenizer error for bytes that are not UTF-8 ({@code Utf8Error}'s Display after two prefixes). */
    static HarmonyError headerNotUtf8(String utf8Error) {
        return new HarmonyError(ParseErrorKind.HEADER_NOT_UTF8,
                "Could not decode tokens: Invalid utf-8 sequence: " + utf8Error);
    }

    static HarmonyError headerInvalidToken(int token) {
        return new HarmonyError(ParseErrorKind.HEADER_INVALID_TOKEN,
                "Could not decode tokens: Invalid token error: Invalid token for decoding: " + Integer.toUnsignedString(token));
    }

    static HarmonyError emptyChannel() {
        return new HarmonyError(ParseErrorKind.EMPTY_CHANNEL, "channel marker present but no channel value found in header");
    }

    static HarmonyError missingRole() {
        return new HarmonyError(ParseErrorKind.MISSING_ROLE, "message header did not contain a role");
    }

    static HarmonyError unknownRole(String word) {
        return new HarmonyError(ParseErrorKind.UNKNOWN_ROLE, "Unknown role: " + word);
    }

    /** {@code remaining} is the leftover words joined by single spaces, printed with Rust's {@code Debug}. */
    static HarmonyError leftoverHeaderTokens(String remaining) {
        return new HarmonyError(ParseErrorKind.LEFTOVER_HEADER_TOKENS,
                "unexpected tokens remaining in message header: Some(" + RustText.debugQuoted(remaining) + ")");
    }

    static HarmonyError internal(Throwable bug) {
        return new HarmonyError(ParseErrorKind.INTERNAL, "internal error in lenient parser: " + bug);
    }
}
