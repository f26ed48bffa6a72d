package dev.harmonica.harmony.parse;

import dev.harmonica.harmony.HarmonyEncoding;
import dev.harmonica.harmony.IntList;

import java.nio.charset.StandardCharsets;

/**
 * One message body decoded token by token exactly as openai/harmony v0.0.8's {@code StreamableParser} does it
 * ({@code process_next}, Content state; openai/harmony v0.0.8 src/encoding.rs (StreamableParser)): each token's bytes are added to the pending bytes;
 * if they are UTF-8 they are emitted; otherwise the valid prefix is emitted and, at an invalid sequence, one U+FFFD
 * (the bytes after it stay pending until the next token); a sequence cut at the end stays pending (withheld, no
 * U+FFFD). An invalid token id stops decoding: it and everything after it become one U+FFFD at the end of the message,
 * before the lossy decoding of the bytes that were pending. {@link #delta()} is {@code last_content_delta()}.
 */
final class ContentStream {
    private final TokenText text;
    private final StringBuilder content = new StringBuilder();
    /** End offsets in {@link #content} of each piece harmony re-encodes into {@code content_tokens}. */
    private final IntList pieceEnds = new IntList();
    private final TokenText.Buf pending = new TokenText.Buf();
    private boolean stuck;
    private String delta;

    ContentStream(TokenText text) {
        this.text = text;
    }

    /** Processes one content token (not a stop token). */
    void feed(int token) {
        if (stuck || !TokenText.isValid(token)) {
            stuck = true;
            delta = null;
            return;
        }
        text.appendToken(token, pending);
        RustUtf8.Error e = RustUtf8.check(pending.data, 0, pending.size);
        if (e == null) {
            String s = new String(pending.data, 0, pending.size, StandardCharsets.UTF_8);
            emit(s);
            delta = s;
            pending.size = 0;
            return;
        }
        StringBuilder d = new StringBuilder();
        if (e.validUpTo() > 0) {
            String valid = new String(pending.data, 0, e.validUpTo(), StandardCharsets.UTF_8);
            emit(valid);
            d.append(valid);
            drain(e.validUpTo());
        }
        if (e.errorLen() > 0) {
            emit("\uFFFD");
            d.append('\uFFFD');
            drain(e.errorLen());
        }
        delta = d.length() > 0 ? d.toString() : null;
    }

    private void emit(String s) {
        content.append(s);
        pieceEnds.add(content.length());
    }

    private void drain(int n) {
        System.arraycopy(pending.data, n, pending.data, 0, pending.size - n);
        pending.size -= n;
    }

    /** {@code current_content()}: what has been emitted so far. */
    String content() {
        return content.toString();
    }

    /** {@code last_content_delta()}: what the last token emitted, or null (nothing, or a character still incomplete). */
    String delta() {
        return delta;
    }

    /** The message text at its end: the content, one U+FFFD for undecodable tokens, the pending bytes lossily. */
    String finish() {
        return content + (stuck ? "\uFFFD" : "") + RustUtf8.lossy(pending.data, 0, pending.size);
    }

    /** harmony's {@code content_tokens}: each emitted piece re-encoded with ordinary BPE. */
    int[] contentTokens(HarmonyEncoding encoding) {
        IntList out = new IntList();
        int start = 0;
        for (int i = 0; i < pieceEnds.size(); i++) {
            int end = pieceEnds.get(i);
            encoding.encodeOrdinary(content.substring(start, end), out);
            start = end;
        }
        return out.toArray();
    }

    /** The exact text of {@code tokens[from, to)} as harmony's streaming decoder ends it. */
    static String decode(TokenText text, int[] tokens, int from, int to) {
        ContentStream s = new ContentStream(text);
        for (int i = from; i < to; i++) s.feed(tokens[i]);
        return s.finish();
    }
}
