package dev.harmonica.turn;

import com.fasterxml.jackson.databind.JsonNode;
import dev.harmonica.endpoint.RawTurn;
import dev.harmonica.harmony.FailureMode;
import dev.harmonica.harmony.HarmonyEncoding;
import dev.harmonica.harmony.Message;
import dev.harmonica.harmony.ParseOutcome;
import dev.harmonica.harmony.parse.TurnAnalysis;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * A model turn's output as the parsers see it, before tool calls are validated.
 *
 * @param chat            the server parsed the output (chat modes)
 * @param tokens          completions: the generated token ids (from the server, or re-tokenized text); chat: null
 * @param text            completions: the generated text, special tokens visible; chat: null
 * @param tokenSource     where {@code tokens} came from
 * @param chatMessage     chat: the assistant message the server returned; completions: null
 * @param analysis        the three parses: completions output, or in chat the text that carried harmony markup
 *                        (without markup, the server's message as an ok parse for all three)
 * @param strictMessages  what a strict consumer reads: the strict parse, or in chat the server's message as returned
 * @param lenientMessages what Harmonica's lenient recovery reads
 * @param strictParsed    the strict reading parsed (no parse error, no server format error, no leaked markup)
 * @param lenientParsed   the lenient reading parsed
 * @param formatModes     every format-level mode seen in the output
 * @param empty           no output at all (and no server error)
 */
public record TurnOutput(boolean chat, int[] tokens, String text, TokenSource tokenSource, JsonNode chatMessage,
                         TurnAnalysis analysis, List<Message> strictMessages, List<Message> lenientMessages,
                         boolean strictParsed, boolean lenientParsed, Set<FailureMode> formatModes, boolean empty) {
    public TurnOutput {
        strictMessages = List.copyOf(strictMessages);
        lenientMessages = List.copyOf(lenientMessages);
        formatModes = formatModes.isEmpty() ? EnumSet.noneOf(FailureMode.class) : EnumSet.copyOf(formatModes);
    }

    /** Completions: the generated tokens (or text) parsed strict, harmony non-strict and lenient. */
    static TurnOutput completions(RawTurn raw, TurnAnalyzer analyzer) {
        int[] tokens = raw.completionTokens();
        String text = raw.completionText();
        TokenSource source = TokenSource.SERVER;
        if (tokens == null) {
            tokens = HarmonyEncoding.get().encodeWithSpecials(text == null ? "" : text);
            source = text == null || text.isEmpty() ? TokenSource.NONE : TokenSource.RETOKENIZED;
        }
        if (text == null) text = HarmonyEncoding.get().decode(tokens);
        String serverError = raw.serverError();
        if (serverError != null && tokens.length == 0) { // rejected by the server, nothing to read
            return rejected(false, tokens, text, source, null, serverError);
        }
        TurnAnalysis a = analyzer.analyze(tokens);
        Set<FailureMode> format = FailureModes.of(a.failureModes());
        if (serverError != null) format.add(FailureMode.SERVER_FORMAT_ERROR);
        return new TurnOutput(false, tokens, text, source, null, a, a.strict().messages(), a.lenient().messages(),
                a.strict().isOk() && serverError == null, a.lenient().isOk(), format,
                tokens.length == 0 && serverError == null);
    }

    /**
     * Chat: the server parsed. Its message is read as harmony messages ({@link ChatHarmony}); {@code content} or
     * {@code reasoning} holding harmony markup is a strict failure, and that text is parsed like completions output:
     * the lenient reading replaces it with what the lenient parser recovers from it (e.g. a call written as text).
     */
    static TurnOutput chat(RawTurn raw, TurnAnalyzer analyzer) {
        JsonNode m = raw.chatMessage();
        if (raw.serverError() != null) return rejected(true, null, null, TokenSource.NONE, m, raw.serverError());
        String content = text(m, "content");
        String reasoning = m != null && m.hasNonNull("reasoning") ? text(m, "reasoning") : text(m, "reasoning_content");
        List<Message> server = ChatHarmony.toHarmony(m);
        boolean inContent = Markup.in(content);
        boolean inReasoning = Markup.in(reasoning);
        boolean empty = ChatHarmony.isEmpty(m);
        if (!inContent && !inReasoning) {
            ParseOutcome ok = ParseOutcome.ok(server);
            return new TurnOutput(true, null, null, TokenSource.NONE, m, new TurnAnalysis(ok, ok, ok, List.of(), null),
                    server, server, true, true, EnumSet.noneOf(FailureMode.class), empty);
        }
        Set<FailureMode> format = EnumSet.noneOf(FailureMode.class);
        if (inContent) format.add(FailureMode.MARKUP_IN_CONTENT);
        if (inReasoning) format.add(FailureMode.MARKUP_IN_REASONING);
        String marked = inContent ? content : reasoning;
        TurnAnalysis a = analyzer.analyze(HarmonyEncoding.get().encodeWithSpecials(marked));
        format.addAll(FailureModes.of(a.failureModes()));
        List<Message> lenient = ChatHarmony.replacing(m, inContent, a.lenient().messages());
        return new TurnOutput(true, null, null, TokenSource.NONE, m, a, server, lenient, false, a.lenient().isOk(), format,
                empty);
    }

    private static TurnOutput rejected(boolean chat, int[] tokens, String text, TokenSource source, JsonNode chatMessage,
                                       String serverError) {
        ParseOutcome failed = ParseOutcome.failed(serverError);
        return new TurnOutput(chat, tokens, text, source, chatMessage,
                new TurnAnalysis(failed, failed, failed, List.of(), null), List.of(), List.of(), false, false,
                EnumSet.of(FailureMode.SERVER_FORMAT_ERROR), false);
    }

    private static String text(JsonNode m, String field) {
        if (m == null || !m.hasNonNull(field)) return null;
        JsonNode v = m.get(field);
        return v.isTextual() ? v.textValue() : v.toString();
    }

    /** The messages of a reading. */
    public List<Message> messages(boolean lenient) {
        return lenient ? lenientMessages : strictMessages;
    }
}
