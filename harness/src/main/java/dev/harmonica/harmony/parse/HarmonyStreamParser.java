package dev.harmonica.harmony.parse;

import dev.harmonica.harmony.Content;
import dev.harmonica.harmony.HarmonyEncoding;
import dev.harmonica.harmony.HarmonyParser;
import dev.harmonica.harmony.Message;
import dev.harmonica.harmony.ParseOutcome;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * openai/harmony v0.0.8 {@code StreamableParser}, ported literally (harmony-format.md §5.2, §5.5, §5.6): a token-level
 * state machine ExpectStart → Header → Content with {@code strict=true} (stop tokens inside a header are swallowed) or
 * {@code strict=false} (PR #82: a stop token in the first header of a role-initialised parser salvages a message;
 * any later unfinished header is discarded).
 *
 * <p>Token spans are decoded once per header and once per message, never per token. Not thread-safe. After the first
 * error further tokens are ignored; {@link #messages()} keeps the messages completed before it (harmony's one-shot
 * API drops them, see {@link #finish()}).
 */
public final class HarmonyStreamParser implements HarmonyParser.Stream {
    private static final int EXPECT_START = 0, HEADER = 1, CONTENT = 2;

    private final TokenText text;
    private final boolean strict;
    private final TokenText.Buf buf = new TokenText.Buf();
    private final List<Message> messages = new ArrayList<>();

    private int[] tokens;
    private int size;
    private final boolean ownsTokens;

    private int state;
    private String nextRole;
    private int headerStart;
    private int contentStart;
    private ParsedHeader header;
    private String error;
    private boolean finished;

    /** A streaming parser; {@code role} is the role of a prompt-supplied {@code <|start|>role}, or null. */
    public HarmonyStreamParser(String role, boolean strict) {
        this(TokenText.get(), role, strict, new int[64], 0, true);
    }

    private HarmonyStreamParser(TokenText text, String role, boolean strict, int[] tokens, int size, boolean owns) {
        HeaderParser.requireStartRole(role);
        this.text = text;
        this.strict = strict;
        this.tokens = tokens;
        this.size = size;
        this.ownsTokens = owns;
        this.nextRole = role;
        this.state = role == null ? EXPECT_START : HEADER;
        this.headerStart = 0;
    }

    /** One-shot parse of a whole token array (no copy), equal to pushing every token and calling {@link #finish()}. */
    static HarmonyStreamParser runAll(int[] tokens, String role, boolean strict) {
        HarmonyStreamParser p = new HarmonyStreamParser(TokenText.get(), role, strict, tokens, tokens.length, false);
        for (int i = 0; i < tokens.length && p.error == null; i++) p.step(i);
        if (p.error == null) p.eos();
        p.finished = true;
        return p;
    }

    @Override
    public void push(int token) {
        if (finished) throw new IllegalStateException("stream already finished");
        if (!ownsTokens) throw new IllegalStateException("not a streaming parser");
        if (size == tokens.length) tokens = Arrays.copyOf(tokens, tokens.length * 2);
        tokens[size++] = token;
        if (error == null) step(size - 1);
    }

    @Override
    public ParseOutcome finish() {
        if (!finished) {
            if (error == null) eos();
            finished = true;
        }
        return outcome();
    }

    /** harmony's one-shot result: all messages, or only the error. */
    ParseOutcome outcome() {
        return error == null ? ParseOutcome.ok(messages) : ParseOutcome.failed(error);
    }

    /** The error so far (exact harmony text), or null. */
    public String error() {
        return error;
    }

    /** Messages completed so far (before the error, if any). */
    public List<Message> messages() {
        return List.copyOf(messages);
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

    /** The decoded content of the current message so far ({@code ""} outside Content). */
    public String currentContent() {
        return state == CONTENT ? text.contentText(tokens, contentStart, size, new TokenText.Buf()) : "";
    }

    private static boolean isStop(int t) {
        return t == HarmonyEncoding.END || t == HarmonyEncoding.CALL || t == HarmonyEncoding.RETURN;
    }

    private void step(int i) {
        int t = tokens[i];
        switch (state) {
            case EXPECT_START -> {
                if (t == HarmonyEncoding.START) {
                    state = HEADER;
                    headerStart = i + 1;
                } else {
                    error = "Unexpected token " + Integer.toUnsignedString(t) + " while expecting start token "
                            + HarmonyEncoding.START;
                }
            }
            case HEADER -> {
                if (t == HarmonyEncoding.MESSAGE) {
                    try {
                        header = parseHeader(headerStart, i, nextRole);
                    } catch (HarmonyError e) {
                        error = e.getMessage();
                        return;
                    }
                    nextRole = null;
                    state = CONTENT;
                    contentStart = i + 1;
                } else if (!strict && isStop(t)) {
                    if (nextRole != null && i > headerStart) {
                        String h = text.decodeUtf8OrNull(tokens, headerStart, i, buf);
                        if (h == null) {
                            error = "could not decode header";
                            return;
                        }
                        try {
                            HeaderParser.Result r = HeaderParser.parse(h, nextRole, false);
                            ParsedHeader ph = r.header();
                            messages.add(message(ph, r.remaining() == null ? "" : r.remaining()));
                        } catch (HarmonyError e) {
                            error = e.getMessage();
                            return;
                        }
                    }
                    state = EXPECT_START;
                    nextRole = null;
                }
                // any other token stays in the header span
            }
            default -> {
                if (isStop(t)) {
                    messages.add(message(header, text.contentText(tokens, contentStart, i, buf)));
                    state = EXPECT_START;
                }
            }
        }
    }

    private void eos() {
        if (state == HEADER) {
            error = "Unexpected EOS while waiting for message header to complete";
        } else if (state == CONTENT) {
            messages.add(message(header, text.contentText(tokens, contentStart, size, buf)));
            state = EXPECT_START;
        }
    }

    private ParsedHeader parseHeader(int from, int to, String role) throws HarmonyError {
        String h = text.decodeUtf8OrNull(tokens, from, to, buf);
        if (h == null) throw new HarmonyError("could not decode header");
        HeaderParser.Result r = HeaderParser.parse(h, role, true);
        if (r.remaining() != null) {
            throw new HarmonyError("unexpected tokens remaining in message header: Some("
                    + RustText.debugQuoted(r.remaining()) + ")");
        }
        return r.header();
    }

    static Message message(ParsedHeader h, String content) {
        return new Message(h.role(), h.name(), h.recipient(), h.channel(), h.contentType(),
                List.of(new Content.Text(content)));
    }
}
