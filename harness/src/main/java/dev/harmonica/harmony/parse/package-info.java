/**
 * The harmony parsers and the failure taxonomy.
 *
 * <ul>
 * <li>{@link dev.harmonica.harmony.parse.HarmonyStreamParser}: the one engine, openai/harmony v0.0.8
 *     {@code StreamableParser} ported literally, in three configurations ({@link dev.harmonica.harmony.ParserKind}):
 *     STRICT ({@code strict=true}), harmony's non-strict mode (PR #82) and LENIENT. Its states are
 *     {@link dev.harmonica.harmony.parse.ParseState}s; the header algorithm is
 *     {@link dev.harmonica.harmony.parse.HeaderParser}. Every place where harmony fails is a decision point: with the
 *     lenient rule's {@link dev.harmonica.harmony.parse.LenientFeature} off (always, under strict) it raises harmony's
 *     error, byte for byte and with a {@link dev.harmonica.harmony.ParseErrorKind}; with it on it records a
 *     {@link dev.harmonica.harmony.Repair} ({@link dev.harmonica.harmony.parse.RepairCode}, lossless or lossy) and
 *     goes on.</li>
 * <li>{@link dev.harmonica.harmony.parse.StrictParser} / {@link dev.harmonica.harmony.parse.LenientParser}: the
 *     {@link dev.harmonica.harmony.HarmonyParser}s over it; {@link dev.harmonica.harmony.parse.HarmonyParsers} the
 *     shared instances.</li>
 * <li>{@link dev.harmonica.harmony.parse.TurnAnalyzer}: all three on one turn plus its
 *     {@link dev.harmonica.harmony.FailureMode}s (usually reached through
 *     {@link dev.harmonica.harmony.parse.HarmonyParsers#analyze(int[], String)}).</li>
 * <li>{@link dev.harmonica.harmony.parse.StreamTrace}: the parser's state after every token as JSON Lines
 *     ({@code harmonica parse --stream}).</li>
 * <li>{@link dev.harmonica.harmony.parse.ErrorSignature}: strict error → census key.</li>
 * <li>{@link dev.harmonica.harmony.parse.ToolCalls} / {@link dev.harmonica.harmony.parse.TurnContent}: tool calls,
 *     reasoning and visible content extracted from parsed messages.</li>
 * </ul>
 *
 * <p>All parsers work on token ids (text is tokenized once with special tokens allowed), decode each header and each
 * message body once from a flat byte table ({@link dev.harmonica.harmony.parse.TokenText}), and give the same result
 * streamed token by token as in one call. A streaming parser also decodes each body token by token as harmony does
 * ({@code ContentStream}), withholding a multi-byte character until its last byte. Rust semantics harmony's texts
 * depend on are explicit: {@link dev.harmonica.harmony.parse.RustText} (whitespace, trim, split, {@code Debug} with
 * Rust's Unicode 16 tables) and {@code RustUtf8} ({@code Utf8Error}, {@code from_utf8_lossy}). Conformance is
 * checked against the openai-harmony 0.0.8 wheel by {@code HarmonyReferenceDifferentialTest}.
 */
package dev.harmonica.harmony.parse;
