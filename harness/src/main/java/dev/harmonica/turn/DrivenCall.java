package dev.harmonica.turn;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.harmonica.scenario.schema.ToolValidator;

import java.util.ArrayList;
import java.util.List;

/**
 * A call the driving reading made, on its way to execution, the history and the journal.
 *
 * @param call            the call under the driving reading
 * @param view            {@code strict} or {@code lenient}: the reading it comes from
 * @param declaredAsWrittenStrict the strict parse's reading of the same call (by position) names a declared tool as
 *                        written; null when the strict parse has no such call to pair with
 * @param id              the call id (chat: the server's; otherwise {@code call_<depth>_<i>})
 * @param historyName     the name written back into the history (chat: the server's name; completions: the tool
 *                        the driving reading called)
 */
public record DrivenCall(CallView.ReadCall call, String view, Boolean declaredAsWrittenStrict, String id,
                         String historyName) {
    /** The tool executed. */
    public String name() {
        return call.name();
    }

    public String arguments() {
        return call.arguments();
    }

    public ToolValidator.Validation validation() {
        return call.validation();
    }

    /** The calls of a turn under its drive (none when the conversation does not continue with it). */
    public static List<DrivenCall> of(JudgedTurn t, Drive drive, int depth) {
        List<DrivenCall> out = new ArrayList<>();
        if (!drive.continues()) return out;
        CallView v = t.view(drive.lenient());
        boolean chat = t.output().chat();
        JsonNode chatCalls = chat && t.raw().chatMessage() != null ? t.raw().chatMessage().path("tool_calls") : null;
        boolean paired = t.output().strictParsed() && t.strictView().calls().size() == v.calls().size();
        for (int i = 0; i < v.calls().size(); i++) {
            CallView.ReadCall c = v.calls().get(i);
            Boolean strictDeclared = paired ? t.strictView().calls().get(i).declaredAsWritten() : null;
            String id = chatCalls != null && i < chatCalls.size() ? chatCalls.get(i).path("id").asText(null) : null;
            if (id == null || id.isEmpty()) id = "call_" + depth + "_" + i;
            String historyName = chat ? ToolValidator.exactName(c.recipient()) : c.name();
            out.add(new DrivenCall(c, drive.lenient() ? "lenient" : "strict", strictDeclared, id, historyName));
        }
        return out;
    }

    /**
     * Chat: the assistant message that goes into the history: the server's message with the call ids filled in, or,
     * when the lenient reading recovered the turn from leaked markup, the message a lenient server would have sent.
     */
    public static ObjectNode chatHistoryMessage(JudgedTurn t, Drive drive, List<DrivenCall> calls) {
        List<String> ids = new ArrayList<>(calls.size());
        for (DrivenCall c : calls) ids.add(c.id());
        if (drive.lenient() && !t.output().strictParsed()) {
            return ChatHarmony.toChatMessage(t.output().lenientMessages(), ids);
        }
        JsonNode m = t.raw().chatMessage();
        ObjectNode out = m != null && m.isObject() ? ((ObjectNode) m).deepCopy()
                : ChatHarmony.toChatMessage(List.of(), ids);
        JsonNode tc = out.get("tool_calls");
        if (tc != null && tc.isArray()) {
            for (int i = 0; i < tc.size() && i < ids.size(); i++) {
                if (tc.get(i).isObject() && !tc.get(i).path("id").isTextual()) ((ObjectNode) tc.get(i)).put("id", ids.get(i));
            }
        }
        return out;
    }
}
