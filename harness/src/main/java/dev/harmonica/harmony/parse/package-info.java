/**
 * The harmony parsers and the failure taxonomy.
 *
 * <ul>
 * <li>{@link dev.harmonica.harmony.parse.StrictParser}: openai/harmony v0.0.8 {@code StreamableParser}, ported
 *     literally, with {@code strict=true} (STRICT) or {@code strict=false} (harmony's non-strict mode, PR #82).
 *     Error strings are harmony's byte for byte; differential-tested against harmony's own code.</li>
 * <li>{@link dev.harmonica.harmony.parse.LenientParser}: STRICT plus the recovery rules L2–L10 of
 *     harmony-format.md §10, switchable by {@link dev.harmonica.harmony.parse.LenientFeature} and recorded as
 *     {@link dev.harmonica.harmony.Repair}s with {@link dev.harmonica.harmony.parse.RepairCode}s. Never throws.</li>
 * <li>{@link dev.harmonica.harmony.parse.TurnAnalyzer}: all three on one turn plus its
 *     {@link dev.harmonica.harmony.FailureMode}s (usually reached through
 *     {@link dev.harmonica.harmony.parse.HarmonyParsers#analyze(int[], String)}).</li>
 * <li>{@link dev.harmonica.harmony.parse.ErrorSignature}: strict error → census key.</li>
 * <li>{@link dev.harmonica.harmony.parse.ToolCalls} / {@link dev.harmonica.harmony.parse.TurnContent}: tool calls,
 *     reasoning and visible content extracted from parsed messages.</li>
 * </ul>
 *
 * <p>All parsers work on token ids (text is tokenized once with special tokens allowed), decode each header and each
 * message body once from a flat byte table ({@link dev.harmonica.harmony.parse.TokenText}), and give the same result
 * streamed token by token as in one call.
 */
package dev.harmonica.harmony.parse;

