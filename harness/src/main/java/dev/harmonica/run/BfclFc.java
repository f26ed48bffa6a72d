package dev.harmonica.run;

import com.fasterxml.jackson.databind.JsonNode;
import dev.harmonica.scenario.schema.ToolValidator;
import dev.harmonica.tools.ToolSet;
import dev.harmonica.turn.CallView;
import dev.harmonica.turn.Drive;
import dev.harmonica.turn.DrivenBy;
import dev.harmonica.turn.DrivenCall;
import dev.harmonica.turn.JudgedTurn;

import java.util.ArrayList;
import java.util.List;

/**
 * How BFCL's FC mode reads a chat answer ({@link Protocol#BFCL}): bfcl-eval 2026.3.23
 * {@code OpenAICompletionsHandler._parse_query_response_FC} takes {@code message.tool_calls} as they are (names and
 * argument text unchanged; public source: ShishirPatil/gorilla,
 * berkeley-function-call-leaderboard/bfcl_eval/model_handler/api_inference/openai_completion.py), or the content when
 * there are none. Nothing is recovered from the content, nothing is renamed: the server's message drives.
 */
final class BfclFc {
    private BfclFc() {
    }

    /** The drive: the server's message as it came, or nothing when the server rejected the turn's format. */
    static Drive drive(JudgedTurn t) {
        return t.raw().serverError() != null ? new Drive(DrivenBy.STOPPED, false) : new Drive(DrivenBy.STRICT, false);
    }

    /** The server's tool calls, in order, validated against the declared tools (for the journal only). */
    static List<DrivenCall> calls(JudgedTurn t, ToolSet tools, int depth) {
        List<DrivenCall> out = new ArrayList<>();
        JsonNode m = t.raw().chatMessage();
        JsonNode tc = m == null ? null : m.get("tool_calls");
        if (tc == null || !tc.isArray()) return out;
        ToolValidator v = tools.validator();
        for (int i = 0; i < tc.size(); i++) {
            JsonNode f = tc.get(i).path("function");
            String name = f.path("name").asText("");
            JsonNode a = f.get("arguments");
            String args = a == null || a.isNull() ? "" : a.isTextual() ? a.textValue() : a.toString();
            String id = tc.get(i).path("id").asText("");
            if (id.isEmpty()) id = "call_" + depth + "_" + i;
            CallView.ReadCall read = new CallView.ReadCall(name, v.validate(name, args), v.declares(name));
            out.add(new DrivenCall(read, "strict", null, id, name));
        }
        return out;
    }
}
