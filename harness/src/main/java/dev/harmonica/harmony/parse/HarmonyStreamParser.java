package dev.harmonica.harmony.parse;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.harmonica.harmony.Content;
import dev.harmonica.harmony.FailureMode;
import dev.harmonica.harmony.HarmonyEncoding;
import dev.harmonica.harmony.HarmonyParser;
import dev.harmonica.harmony.Message;
import dev.harmonica.harmony.ParseErrorKind;
import dev.harmonica.harmony.ParseOutcome;
import dev.harmonica.harmony.ParserKind;
import dev.harmonica.harmony.Repair;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

import static dev.harmonica.harmony.parse.ParseState.CONTENT;
import static dev.harmonica.harmony.parse.ParseState.EXPECT_START;
import static dev.harmonica.harmony.parse.ParseState.HEADER;

/**
 * The one parsing engine: openai/harmony v0.0.8's {@code StreamableParser} (openai/harmony v0.0.8 src/encoding.rs (StreamableParser)), ported
 * literally, in three configurations, the way gson's {@code Strictness} configures one {@code JsonReader}:
 * <ul>
 * <li>{@link ParserKind#STRICT}: harmony with {@code strict=true} (what vLLM runs);</li>
 * <li>{@link ParserKind#HARMONY_NON_STRICT}: harmony with {@code strict=false} (PR #82): a stop token in the first
 *     header of a role-initialised parser salvages a message, any later unfinished header is discarded;</li>
 * <li>{@link ParserKind#LENIENT}: strict plus the recovery rules of docs/repairs.md. Every place where harmony fails is a
 *     decision point ({@link #allows}): with the rule's {@link LenientFeature} off it raises harmony's exact error,
 *     with it on it records a {@link Repair} and goes on.</li>
 * </ul>
 * The states are {@link ParseState}s, each owning its transition. Token spans are decoded once per header and once per
 * message; a streaming parser also decodes each body token by token, as harmony does, for its accessors
 * ({@link #currentContent()}, {@link #lastContentDelta()}, {@link #stateJson()}). Not thread-safe. After the first
 * error further tokens are ignored; {@link #messages()} keeps the messages completed before it (harmony's one-shot
 * API drops them, and so does {@link #finish()} for strict and non-strict).
 */
public final class HarmonyStreamParser implements HarmonyParser.Stream {
    private final ParserKind kind;
    private final LenientOptions options;
    private final TokenText text;
    private final TokenText.Buf buf = new TokenText.Buf();
    private final List<Message> messages = new ArrayList<>();
    private final RepairLog log;
    private final boolean streaming;

    private int[] tokens;
    private int size;

    private ParseState state;
    private String nextRole;
    private int headerStart;
    private int contentStart;
    private ParsedHeader header;
    private int discardStart = -1;
    private boolean seenStart;
    private boolean lastEndedAtEos;
    private HarmonyError error;
    private int errorAt = -1;
    private boolean finished;
    private ParseOutcome result;
    private ContentStream body;
    private int bodyFed;

    /** A streaming strict ({@code strict=true}) or harmony non-strict parser; {@code role} as in {@link HarmonyParser#parse}. */
    public HarmonyStreamParser(String role, boolean strict) {
        this(strict ? ParserKind.STRICT : ParserKind.HARMONY_NON_STRICT, LenientOptions.none(), role);
    }

    /** A streaming parser of any kind; {@code options} apply to {@link ParserKind#LENIENT} only. */
    public HarmonyStreamParser(ParserKind kind, LenientOptions options, String role) {
        this(kind, options, role, new int[64], 0, true);
    }

    private HarmonyStreamParser(ParserKind kind, LenientOptions options, String role, int[] tokens, int size, boolean streaming) {
        HeaderParser.requireStartRole(role);
        this.kind = kind;
        this.options = kind == ParserKind.LENIENT ? options : LenientOptions.none();
        this.text = TokenText.get();
        this.log = new RepairLog(this.options.maxRepairs());
        this.tokens = tokens;
        this.size = size;
        this.streaming = streaming;
        this.nextRole = role;
        this.state = role == null ? EXPECT_START : HEADER;
        this.seenStart = role != null;
    }

    /** One-shot parse of a whole token array (no copy), equal to pushing every token and calling {@link #finish()}. */
    static HarmonyStreamParser runAll(int[] tokens, String role, ParserKind kind, LenientOptions options) {
        HarmonyStreamParser p = new HarmonyStreamParser(kind, options, role, tokens, tokens.length, false);
        try {
            p.readAll();
        } catch (HarmonyError e) {
            p.fail(e);
        } catch (RuntimeException | StackOverflowError e) {
            p.fail(HarmonyError.internal(e));
        }
        p.finish();
        return p;
    }

    /** The hot loop: message bodies are skipped up to the next token that can end them. */
    private void readAll() throws HarmonyError {
        final int[] t = tokens;
        final int n = size;
        for (int i = 0; i < n; i++) {
            if (state == CONTENT) {
                while (i < n && !mayEndContent(t[i])) i++;
                if (i == n) break;
            }
            errorAt = i;
            state.read(this, i, t[i]);
        }
        errorAt = -1;
    }

    private static boolean mayEndContent(int token) {
        return token == HarmonyEncoding.END || token == HarmonyEncoding.CALL || token == HarmonyEncoding.RETURN
                || token == HarmonyEncoding.START;
    }

    @Override
    public void push(int token) {
        if (finished) throw new IllegalStateException("stream already finished");
        if (!streaming) throw new IllegalStateException("not a streaming parser");
        if (size == tokens.length) tokens = Arrays.copyOf(tokens, tokens.length * 2);
        tokens[size++] = token;
        if (error != null) return;
        errorAt = size - 1;
        try {
            state.read(this, size - 1, token);
        } catch (HarmonyError e) {
            fail(e);
        } catch (RuntimeException | StackOverflowError e) {
            fail(HarmonyError.internal(e));
        }
        if (error == null) errorAt = -1;
    }

    @Override
    public ParseOutcome finish() {
        if (!finished) {
            finished = true;
            if (error == null) eos();
            result = outcome();
        }
        return result;
    }

    private void eos() {
        errorAt = size;
        try {
            state.eos(this);
        } catch (HarmonyError e) {
            fail(e);
        } catch (RuntimeException | StackOverflowError e) {
            fail(HarmonyError.internal(e));
        }
        if (error == null) errorAt = -1;
    }

    /** The first error ends the parse; its kind names the failure (a stray token before any start: a missing start). */
    private void fail(HarmonyError e) {
        if (error != null) return;
        error = e;
        boolean noStartYet = e.kind() == ParseErrorKind.UNEXPECTED_TOKEN && !seenStart;
        log.mode(noStartYet ? FailureMode.MISSING_START : e.kind().failureMode());
    }

    private ParseOutcome outcome() {
        if (kind != ParserKind.LENIENT) {
            return error == null ? ParseOutcome.ok(messages) : ParseOutcome.failed(error.kind(), error.getMessage());
        }
        List<Repair> repairs;
        try {
            repairs = log.resolve(text, tokens, size);
        } catch (RuntimeException e) {
            repairs = List.of();
        }
        List<Message> kept = error != null && !options.enabled(LenientFeature.KEEP_MESSAGES_BEFORE_ERROR) ? List.of() : messages;
        return error == null ? new ParseOutcome(kept, null, repairs, null)
                : new ParseOutcome(kept, error.getMessage(), repairs, error.kind());
    }

    // ---------------------------------------------------------------- decision points

    /** gson's {@code checkLenient}: whether the lenient rule behind {@code code} may repair this deviation. */
    private boolean allows(RepairCode code) {
        return options.enabled(code.feature());
    }

    private void repair(RepairCode code, int token, int localOffset, String before, String after) {
        log.add(code, token, localOffset, before, after);
    }

    /** The header hooks of this configuration: harmony's reading, or the lenient rules recording at {@code token}. */
    private HeaderParser.Hooks hooksAt(int token) {
        if (kind != ParserKind.LENIENT) return HeaderParser.Hooks.STRICT;
        return new HeaderParser.Hooks() {
            @Override
            public boolean on(LenientFeature f) {
                return options.enabled(f);
            }

            @Override
            public void repair(RepairCode code, int localOffset, String before, String after) {
                log.add(code, token, localOffset, before, after);
            }
        };
    }

    // ---------------------------------------------------------------- transitions (called by ParseState)

    int size() {
        return size;
    }

    /** {@code <|start|>} between messages. */
    void startMessage(int i) {
        closeDiscard(i);
        seenStart = true;
        state = HEADER;
        headerStart = i + 1;
    }

    /** Any other token between messages: harmony's error, or L7 (an implied start, or text to discard). */
    void unexpectedToken(int i, int token) throws HarmonyError {
        if (token == HarmonyEncoding.CHANNEL && allows(RepairCode.L7_MISSING_START)) {
            closeDiscard(i);
            repair(RepairCode.L7_MISSING_START, i, 0, "", "<|start|>assistant");
            seenStart = true;
            state = HEADER;
            headerStart = i;
            nextRole = "assistant";
        } else if (allows(RepairCode.L7_TEXT_AFTER_STOP)) {
            if (discardStart < 0) discardStart = i;
        } else {
            throw HarmonyError.unexpectedToken(token);
        }
    }

    /** Ends an L7 discard region before {@code end}. */
    void closeDiscard(int end) {
        if (discardStart < 0) return;
        RepairCode code = !seenStart ? RepairCode.L7_TEXT_BEFORE_START
                : onlyStopsAndBlanks(discardStart, end) ? RepairCode.L7_STRAY_STOP_TOKENS : RepairCode.L7_TEXT_AFTER_STOP;
        repair(code, discardStart, 0, text.decodeLossy(tokens, discardStart, end), "");
        discardStart = -1;
    }

    private boolean onlyStopsAndBlanks(int from, int to) {
        for (int i = from; i < to; i++) {
            if (!ParseState.isStop(tokens[i]) && !text.isAsciiWhitespace(tokens[i])) return false;
        }
        return true;
    }

    /** {@code <|message|>}: the header ends; harmony resets the state first, so a header error leaves ExpectStart. */
    void endHeader(int i) throws HarmonyError {
        state = EXPECT_START;
        String h = decodeHeader(headerStart, i);
        int repairsBefore = log.count();
        HeaderParser.Result r = HeaderParser.parse(h, nextRole, true, hooksAt(headerStart));
        if (r.remaining() != null) throw HarmonyError.leftoverHeaderTokens(r.remaining());
        if (log.count() > repairsBefore) classifyStrictView(h, nextRole);
        header = r.header();
        nextRole = null;
        state = CONTENT;
        contentStart = i + 1;
        bodyFed = contentStart;
        body = null;
    }

    /** The header text; undecodable: harmony's error, or L10 (decoded lossily). */
    private String decodeHeader(int from, int to) throws HarmonyError {
        String h = text.decodeUtf8OrNull(tokens, from, to, buf);
        if (h != null) return h;
        if (!allows(RepairCode.L10_LOSSY_HEADER)) throw HarmonyError.undecodableHeader();
        h = text.decodeLossy(tokens, from, to);
        repair(RepairCode.L10_LOSSY_HEADER, from, 0, "(undecodable header)", h);
        return h;
    }

    /** How STRICT reads a header the lenient parser repaired, so that each fault is named even after an error. */
    private void classifyStrictView(String h, String suppliedRole) {
        try {
            HeaderParser.Result r = HeaderParser.parse(h, suppliedRole, true, HeaderParser.Hooks.STRICT);
            ParsedHeader ph = r.header();
            if (r.remaining() != null) log.mode(FailureMode.LEFTOVER_HEADER_TOKENS);
            if (ph.recipient() != null && ph.recipient().contains("<|")) log.mode(FailureMode.TOOL_NAME_LEAK);
            if (ph.name() != null && ph.name().contains("<|")) log.mode(FailureMode.UNKNOWN_ROLE);
        } catch (HarmonyError e) {
            log.mode(e.kind().failureMode());
        }
    }

    /** {@code <|start|>} inside a header: part of it (harmony), or L7 (a repeated start) / L4 (a new message). */
    void startInHeader(int i) throws HarmonyError {
        if (allows(RepairCode.L7_REPEATED_START)) {
            if (i == headerStart) {
                repair(RepairCode.L7_REPEATED_START, i, 0, "<|start|>", "");
                headerStart = i + 1;
                return;
            }
            if (isBareRole(headerStart, i)) {
                // <|start|>assistant<|start|>assistant…: a repeated start after the role word
                repair(RepairCode.L7_REPEATED_START, headerStart, 0, text.decodeLossy(tokens, headerStart, i + 1), "");
                headerStart = i + 1;
                return;
            }
            if (allows(RepairCode.L4_MISSING_MESSAGE)) {
                recoverMissingMessage(headerStart, i, HarmonyEncoding.START);
                nextRole = null;
                headerStart = i + 1;
            }
        }
    }

    private boolean isBareRole(int from, int to) {
        if (to - from > 4) return false;
        return HeaderWords.isRole(RustText.trim(text.decodeLossy(tokens, from, to)));
    }

    /** A stop token inside a header: part of it (strict), harmony non-strict's salvage, or L4. */
    void stopInHeader(int i, int token) throws HarmonyError {
        if (allows(RepairCode.L4_MISSING_MESSAGE)) {
            recoverMissingMessage(headerStart, i, token);
        } else if (kind == ParserKind.HARMONY_NON_STRICT) {
            salvageFirstHeader(i);
        } else {
            return; // strict: the stop token stays in the header
        }
        nextRole = null;
        state = EXPECT_START;
    }

    /**
     * harmony non-strict (PR #82): the first header of a role-initialised parser, ended by a stop token, becomes a
     * message whose body is its leftover words; decoded without the strict path's context, so a decoding failure is
     * the tokenizer's own error text.
     */
    private void salvageFirstHeader(int i) throws HarmonyError {
        if (nextRole == null || i <= headerStart) return;
        buf.size = 0;
        int bad = text.appendBytes(tokens, headerStart, i, buf);
        if (bad != i) throw HarmonyError.headerInvalidToken(tokens[bad]);
        RustUtf8.Error e = RustUtf8.check(buf.data, 0, buf.size);
        if (e != null) throw HarmonyError.headerNotUtf8(e.display());
        String h = new String(buf.data, 0, buf.size, StandardCharsets.UTF_8);
        HeaderParser.Result r = HeaderParser.parse(h, nextRole, false, HeaderParser.Hooks.STRICT);
        messages.add(message(r.header(), r.remaining() == null ? "" : r.remaining()));
    }

    /** L4: a header ended by a stop token (or a new start) without {@code <|message|>}. */
    private void recoverMissingMessage(int from, int to, int terminator) throws HarmonyError {
        String h = decodeHeader(from, to);
        if (RustText.trim(h).isEmpty()) {
            repair(RepairCode.L7_TEXT_AFTER_STOP, to, 0, h + HarmonyEncoding.get().specialName(terminator), "");
            return;
        }
        HeaderParser.Salvage s = HeaderParser.salvage(h, nextRole, hooksAt(from));
        messages.add(message(s.header(), s.content()));
        repair(RepairCode.L4_MISSING_MESSAGE, from, 0, h, s.content());
        lastEndedAtEos = false;
    }

    /** End of input inside a header: harmony's error, or L7 (the unfinished header is dropped). */
    void eosInHeader() throws HarmonyError {
        if (!allows(RepairCode.L7_TRUNCATED_HEADER)) throw HarmonyError.unexpectedEos();
        repair(RepairCode.L7_TRUNCATED_HEADER, headerStart, 0, text.decodeLossy(tokens, headerStart, size), "");
        state = EXPECT_START;
    }

    /** A stop token ends the message. */
    void endMessage(int i) {
        finishMessage(i);
        state = EXPECT_START;
    }

    /** {@code <|start|>} inside a body: part of it (harmony), or L7 (the message ends, a new header begins). */
    void startInContent(int i) {
        if (!allows(RepairCode.L7_START_IN_CONTENT)) return;
        repair(RepairCode.L7_START_IN_CONTENT, i, 0, "<|start|>", "<|end|><|start|>");
        finishMessage(i);
        state = HEADER;
        headerStart = i + 1;
        nextRole = null;
    }

    /** End of input inside a body finishes the message (harmony: fine). */
    void endMessageAtEos() {
        finishMessage(size);
        lastEndedAtEos = true;
        state = EXPECT_START;
    }

    private void finishMessage(int end) {
        messages.add(message(header, text.contentText(tokens, contentStart, end, buf)));
        lastEndedAtEos = false;
        body = null;
    }

    static Message message(ParsedHeader h, String content) {
        return new Message(h.role(), h.name(), h.recipient(), h.channel(), h.contentType(),
                List.of(new Content.Text(content)));
    }

    // ---------------------------------------------------------------- accessors (harmony's StreamableParser API)

    /** Which configuration this is. */
    public ParserKind kind() {
        return kind;
    }

    /** The state now (after an error: the state harmony's parser is left in). */
    ParseState state() {
        return state;
    }

    /** The error so far (exact harmony text), or null. */
    public String error() {
        return error == null ? null : error.getMessage();
    }

    /** The kind of the error so far, or null. */
    public ParseErrorKind errorKind() {
        return error == null ? null : error.kind();
    }

    /** Messages completed so far (before the error, if any). */
    public List<Message> messages() {
        return List.copyOf(messages);
    }

    /** Every token pushed (harmony's {@code tokens()}). */
    public int[] tokens() {
        return Arrays.copyOf(tokens, size);
    }

    /** The role of the message being parsed: its header's role in Content, else the pending prompt role. */
    public String currentRole() {
        return state == CONTENT ? header.role() : nextRole;
    }

    public String currentChannel() {
        return state == CONTENT ? header.channel() : null;
    }

    public String currentRecipient() {
        return state == CONTENT ? header.recipient() : null;
    }

    public String currentContentType() {
        return state == CONTENT ? header.contentType() : null;
    }

    /**
     * The decoded content of the current message so far ({@code ""} outside Content), as harmony reports it: an
     * incomplete multi-byte character is withheld until its last byte arrives.
     */
    public String currentContent() {
        return state == CONTENT ? body().content() : "";
    }

    /** harmony's {@code last_content_delta()}: the text the last token added, or null (none, or withheld). */
    public String lastContentDelta() {
        return state == CONTENT ? body().delta() : null;
    }

    /**
     * harmony's {@code state_json()}: {@code {"state":"ExpectStart"}}, {@code {"state":"Header","header_tokens":[..]}}
     * or {@code {"state":"Content","header":{"author":{"role",name?},"recipient","channel","content_type"},
     * "content_tokens":[..]}} (the body re-encoded piece by piece, as harmony keeps it).
     */
    public ObjectNode stateJson() {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode n = f.objectNode();
        n.put("state", state.harmonyName());
        if (state == HEADER) {
            var arr = n.putArray("header_tokens");
            int end = error != null && errorAt >= 0 ? errorAt : size;
            for (int i = headerStart; i < end; i++) {
                if (tokens[i] >= 0) arr.add(tokens[i]);
                else arr.add(Integer.toUnsignedLong(tokens[i]));
            }
        } else if (state == CONTENT) {
            ObjectNode h = n.putObject("header");
            ObjectNode author = h.putObject("author");
            author.put("role", header.role());
            if (header.name() != null) author.put("name", header.name());
            h.put("recipient", header.recipient());
            h.put("channel", header.channel());
            h.put("content_type", header.contentType());
            var arr = n.putArray("content_tokens");
            for (int id : body().contentTokens(HarmonyEncoding.get())) arr.add(id);
        }
        return n;
    }

    /** The body decoded token by token up to now (streaming accessors only). */
    private ContentStream body() {
        if (body == null) {
            body = new ContentStream(text);
            bodyFed = contentStart;
        }
        int end = error != null && errorAt >= 0 ? errorAt : size;
        while (bodyFed < end) body.feed(tokens[bodyFed++]);
        return body;
    }

    /** Failure modes seen while parsing (from repairs and from how STRICT would have read each repaired header). */
    public Set<FailureMode> failureModes() {
        return log.modes();
    }

    /** Whether the last message ended at the end of input rather than at a stop token. */
    public boolean lastMessageEndedAtEos() {
        return lastEndedAtEos;
    }
}
