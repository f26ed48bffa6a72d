package dev.harmonica.harmony.parse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.harmonica.harmony.FailureMode;
import dev.harmonica.harmony.Message;
import dev.harmonica.harmony.ParseOutcome;

import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Runs the three parsers on one model turn and derives its format-level failure modes from the input itself: the
 * lenient parser's repairs (each {@link RepairCode} names a mode), how STRICT reads each repaired header (so a turn
 * with several faults lists all of them, not only the first strict error), the parsed messages (channels, tool calls
 * on other channels, JSON arguments) and, only when nothing else explains a strict failure, the strict error kind.
 */
public final class TurnAnalyzer {
    private static final Set<String> CHANNELS = Set.of("analysis", "commentary", "final");

    private final LenientParser lenient;

    public TurnAnalyzer(LenientParser lenient) {
        this.lenient = lenient;
    }

    public static TurnAnalyzer defaults() {
        return new TurnAnalyzer(LenientParser.defaults());
    }

    public TurnAnalysis analyze(int[] tokens, String role) {
        ParseOutcome strict = StrictParser.strict().parse(tokens, role);
        ParseOutcome nonStrict = StrictParser.nonStrict().parse(tokens, role);
        HarmonyStreamParser ls = lenient.parseDetailed(tokens, role);
        ParseOutcome len = ls.finish();
        EnumSet<FailureMode> modes = EnumSet.noneOf(FailureMode.class);
        modes.addAll(ls.failureModes());
        if (tokens.length == 0) {
            modes.clear();
            modes.add(FailureMode.EMPTY_OUTPUT);
        }
        List<Message> messages = len.messages();
        for (Message m : messages) {
            if (m.channel() != null && !CHANNELS.contains(m.channel())) modes.add(FailureMode.UNKNOWN_CHANNEL);
            if (m.recipient() == null && "assistant".equals(m.role()) && looksLikeToolCallText(m.text())) {
                modes.add(FailureMode.TOOL_CALL_IN_CONTENT);
            }
        }
        List<ToolCall> calls = ToolCalls.from(messages);
        for (ToolCall c : calls) {
            if (c.isFunction() && !"commentary".equals(c.channel())) modes.add(FailureMode.TOOL_CALL_WRONG_CHANNEL);
            if (c.namespace() == null) modes.add(FailureMode.BARE_RECIPIENT);
            if (c.contentType() == null && c.name().length() > 4 && c.name().endsWith("json")) {
                modes.add(FailureMode.GLUED_CONTENT_TYPE);
            }
            if (!c.argumentsValid()) {
                modes.add(FailureMode.INVALID_JSON_ARGUMENTS);
                if (c.incomplete() && c.messageIndex() == messages.size() - 1 && ls.lastMessageEndedAtEos()) {
                    modes.add(FailureMode.TRUNCATED_CONTENT);
                }
            }
        }
        if (!strict.isOk() && modes.isEmpty()) modes.add(strict.errorKind().failureMode());
        List<String> codes = new ArrayList<>(modes.size());
        for (FailureMode m : modes) codes.add(m.code());
        return new TurnAnalysis(strict, nonStrict, len, codes, strict.isOk() ? null : ErrorSignature.of(strict.error()));
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * Tool-call markup or a JSON call object written into a message body (vLLM PR #42031, vllm#22337):
     * {@code <|channel|>…to=…} text, or a JSON object (or one-element array of one) with a {@code name} and
     * {@code parameters}/{@code arguments}.
     */
    static boolean looksLikeToolCallText(String text) {
        if (text.contains("to=functions.") && (text.contains("<|channel|>") || text.contains("<|message|>"))) return true;
        String t = text.strip();
        if (t.length() < 10 || t.length() > 100_000 || (t.charAt(0) != '{' && t.charAt(0) != '[')) return false;
        if (!t.contains("\"name\"")) return false;
        try {
            JsonNode n = JSON.readTree(t);
            if (n != null && n.isArray() && n.size() >= 1) n = n.get(0);
            return n != null && n.isObject() && n.has("name") && (n.has("parameters") || n.has("arguments"));
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }
}
