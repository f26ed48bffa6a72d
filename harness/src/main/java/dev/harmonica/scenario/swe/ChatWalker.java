package dev.harmonica.scenario.swe;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.harmonica.scenario.swe.SweScenario.ActionStyle;
import dev.harmonica.scenario.swe.SweScenario.Step;
import dev.harmonica.scenario.swe.SweScenario.ToolCall;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Turns an OpenAI-shaped message list (plus the variants the scaffolds write) into prompt messages and steps: one step
 * per assistant message, tool results paired to calls by {@code tool_call_id} (or SWE-agent's plural
 * {@code tool_call_ids}), falling back to pairing by position when the ids do not match.
 */
final class ChatWalker {
    static final ObjectMapper JSON = new ObjectMapper();
    /** Marks an assistant message the importer rebuilt from a rejected reply (not part of the later context). */
    static final String REJECTED = "_harmonica_rejected";
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    /** Where errors point: the file label and, for JSON Lines, the line. */
    record Where(String file, Integer line) {
        TrajectoryImportException error(Integer step, String problem) {
            return new TrajectoryImportException(file, line, step, problem);
        }
    }

    record Result(List<JsonNode> prompt, List<Step> steps, List<String> warnings, String submission,
                  String exitStatus) {
    }

    private static final class StepBuilder {
        final int index;
        final int messageIndex;
        String text = "";
        String reasoning;
        boolean inHistory = true;
        final List<ToolCall> calls = new ArrayList<>();
        final List<String> results = new ArrayList<>(); // parallel to calls; null = not yet answered
        final List<String> userObservations = new ArrayList<>();

        StepBuilder(int index, int messageIndex) {
            this.index = index;
            this.messageIndex = messageIndex;
        }

        void addCall(ToolCall c) {
            calls.add(c);
            results.add(null);
        }
    }

    private ChatWalker() {
    }

    /** TOOL_CALLS when any assistant message has native tool calls or any tool/function_call message exists. */
    static ActionStyle detectStyle(List<JsonNode> messages) {
        for (JsonNode m : messages) {
            String role = m.path("role").asText("");
            if (role.equals("tool") || role.equals("function")) return ActionStyle.TOOL_CALLS;
            if (m.path("type").asText("").equals("function_call")) return ActionStyle.TOOL_CALLS;
            JsonNode tc = m.get("tool_calls");
            if (role.equals("assistant") && tc != null && tc.isArray() && !tc.isEmpty()) return ActionStyle.TOOL_CALLS;
        }
        return ActionStyle.TEXT;
    }

    /**
     * Walks the messages. An assistant message carrying {@value #REJECTED} is a reply the scaffold rejected and dropped
     * from its history: it becomes a step with {@code inHistory} false.
     *
     * @param textActions for {@link ActionStyle#TEXT}: the actions of an assistant message (ids are replaced by
     *                    synthetic ones)
     */
    static Result walk(List<JsonNode> messages, ActionStyle style, Function<JsonNode, List<ToolCall>> textActions, Where where) {
        Walk w = new Walk(style, textActions, where);
        for (int i = 0; i < messages.size(); i++) {
            if (w.message(i, messages.get(i))) {
                if (i != messages.size() - 1) {
                    w.warnings.add("message " + i + ": messages after the 'exit' message were ignored");
                }
                break;
            }
        }
        return w.result();
    }

    /** The state of one walk over a message list. */
    private static final class Walk {
        final ActionStyle style;
        final Function<JsonNode, List<ToolCall>> textActions;
        final Where where;
        final List<JsonNode> prompt = new ArrayList<>();
        final List<StepBuilder> steps = new ArrayList<>();
        final List<String> warnings = new ArrayList<>();
        String submission;
        String exitStatus;
        StepBuilder cur;
        boolean lastObservationWasEmptyUser;

        Walk(ActionStyle style, Function<JsonNode, List<ToolCall>> textActions, Where where) {
            this.style = style;
            this.textActions = textActions;
            this.where = where;
        }

        /** Reads message {@code i}; true when it is the {@code exit} message (the walk ends). */
        boolean message(int i, JsonNode m) {
            Integer stepNo = cur == null ? null : cur.index;
            if (!m.isObject()) throw where.error(stepNo, "message " + i + ": expected a JSON object, found " + m.getNodeType());
            String type = m.path("type").asText("");
            String role = roleOf(m);
            if (role == null && type.equals("function_call")) {
                responsesCall(i, m);
                return false;
            }
            if (role == null && type.equals("function_call_output")) {
                if (cur == null) throw where.error(null, "message " + i + ": function_call_output before any assistant message");
                pair(cur, List.of(m.path("call_id").asText("")), contentText(m.get("output")), warnings, where);
                return false;
            }
            if (role == null) {
                throw where.error(stepNo, "message " + i + ": missing field 'role' (expected system, developer, user, assistant, tool or exit)");
            }
            lastObservationWasEmptyUser = false;
            switch (role) {
                case "assistant" -> assistant(i, m);
                case "tool", "function" -> toolResult(i, m);
                case "user", "system", "developer" -> userLike(role, m);
                case "exit" -> {
                    submission = contentText(m.get("content"));
                    exitStatus = m.path("extra").path("exit_status").asText(null);
                    return true;
                }
                default -> throw where.error(stepNo, "message " + i + ": unknown role '" + role
                        + "' (expected system, developer, user, assistant, tool or exit)");
            }
            return false;
        }

        /** Responses-API flavour: one item per call, following the assistant message. */
        private void responsesCall(int i, JsonNode m) {
            if (cur == null || style != ActionStyle.TOOL_CALLS) {
                cur = new StepBuilder(steps.size(), i);
                steps.add(cur);
            }
            cur.addCall(new ToolCall(textOr(m, "call_id", textOr(m, "id", syntheticId(cur.index, cur.calls.size()))),
                    requireText(m, "name", where, cur.index, i), argumentsText(m.get("arguments"))));
        }

        private void assistant(int i, JsonNode m) {
            cur = new StepBuilder(steps.size(), i);
            steps.add(cur);
            cur.text = contentText(m.get("content"));
            cur.reasoning = reasoningOf(m);
            cur.inHistory = !m.path(REJECTED).asBoolean(false);
            if (style != ActionStyle.TOOL_CALLS) {
                int j = 0;
                for (ToolCall c : textActions.apply(m)) cur.addCall(new ToolCall(syntheticId(cur.index, j++), c.name(), c.arguments()));
                return;
            }
            JsonNode tcs = m.get("tool_calls");
            if (tcs == null || tcs.isNull()) return;
            if (!tcs.isArray()) throw where.error(cur.index, "message " + i + ": 'tool_calls' must be an array");
            int j = 0;
            for (JsonNode tc : tcs) {
                JsonNode fn = tc.has("function") ? tc.get("function") : tc;
                String name = fn.path("name").asText("");
                if (name.isEmpty()) {
                    throw where.error(cur.index, "message " + i + ": tool_calls[" + j + "]: missing field 'function.name'");
                }
                cur.addCall(new ToolCall(textOr(tc, "id", syntheticId(cur.index, j)), name, argumentsText(fn.get("arguments"))));
                j++;
            }
        }

        private void toolResult(int i, JsonNode m) {
            if (cur == null) throw where.error(null, "message " + i + ": tool result before any assistant message");
            List<String> ids = new ArrayList<>();
            JsonNode single = m.get("tool_call_id");
            if (single != null && single.isTextual()) ids.add(single.asText());
            JsonNode plural = m.get("tool_call_ids");
            if (plural != null && plural.isArray()) for (JsonNode id : plural) ids.add(id.asText());
            String text = contentText(m.get("content"));
            if (style == ActionStyle.TEXT) {
                cur.userObservations.add(text);
            } else {
                pair(cur, ids, text, warnings, where);
            }
        }

        private void userLike(String role, JsonNode m) {
            String text = contentText(m.get("content"));
            if (cur == null) {
                prompt.add(promptMessage(role, text));
                return;
            }
            cur.userObservations.add(text);
            lastObservationWasEmptyUser = text.isEmpty();
            if (!role.equals("user")) {
                warnings.add("step " + cur.index + ": a '" + role + "' message after the first action is kept as a user observation");
            }
        }

        Result result() {
            // mini-swe-agent ends with an empty user message after the submit command: not an observation
            if (lastObservationWasEmptyUser && cur != null) {
                cur.userObservations.remove(cur.userObservations.size() - 1);
            }
            List<Step> out = new ArrayList<>(steps.size());
            for (StepBuilder b : steps) out.add(step(b, b == cur));
            return new Result(prompt, out, warnings, submission, exitStatus);
        }

        private Step step(StepBuilder b, boolean last) {
            List<String> obs = new ArrayList<>();
            int answered = style == ActionStyle.TEXT ? 0 : b.results.size();
            if (last && b.userObservations.isEmpty()) {
                while (answered > 0 && b.results.get(answered - 1) == null) answered--;
            }
            for (int j = 0; j < answered; j++) {
                String r = b.results.get(j);
                if (r == null) {
                    warnings.add("step " + b.index + ": call " + b.calls.get(j).id() + " (" + b.calls.get(j).name()
                            + ") has no recorded result; replay shows an empty result");
                    r = "";
                }
                obs.add(r);
            }
            obs.addAll(b.userObservations);
            return new Step(b.text, b.reasoning, b.calls, obs, b.inHistory);
        }
    }

    private static void pair(StepBuilder cur, List<String> ids, String text, List<String> warnings, Where where) {
        for (String id : ids) {
            for (int j = 0; j < cur.calls.size(); j++) {
                if (cur.results.get(j) == null && cur.calls.get(j).id().equals(id)) {
                    cur.results.set(j, text);
                    return;
                }
            }
        }
        for (int j = 0; j < cur.calls.size(); j++) {
            if (cur.results.get(j) == null) {
                cur.results.set(j, text);
                if (!ids.isEmpty()) {
                    warnings.add("step " + cur.index + ": tool result for id " + ids + " paired by position with call "
                            + cur.calls.get(j).id() + " (ids do not match)");
                }
                return;
            }
        }
        warnings.add("step " + cur.index + ": tool result for id " + ids
                + " has no unanswered call in its step; kept as an extra observation");
        cur.userObservations.add(text);
    }

    static String roleOf(JsonNode m) {
        JsonNode r = m.get("role");
        if (r == null || !r.isTextual()) return null;
        return switch (r.asText()) {
            case "ai", "gpt", "model" -> "assistant";
            case "human" -> "user";
            default -> r.asText();
        };
    }

    static ToolCall bashCall(String id, String command) {
        ObjectNode args = F.objectNode().put("command", command);
        return new ToolCall(id, "bash", args.toString());
    }

    static String syntheticId(int step, int index) {
        return "call_" + step + "_" + index;
    }

    static ObjectNode promptMessage(String role, String content) {
        return F.objectNode().put("role", role).put("content", content);
    }

    private static String reasoningOf(JsonNode m) {
        for (String k : new String[]{"reasoning_content", "reasoning", "thinking"}) {
            JsonNode r = m.get(k);
            if (r != null && r.isTextual() && !r.asText().isEmpty()) return r.asText();
        }
        return null;
    }

    private static String textOr(JsonNode node, String field, String fallback) {
        JsonNode v = node.get(field);
        return v != null && v.isTextual() && !v.asText().isEmpty() ? v.asText() : fallback;
    }

    private static String requireText(JsonNode node, String field, Where where, int step, int msg) {
        JsonNode v = node.get(field);
        if (v == null || !v.isTextual() || v.asText().isEmpty()) {
            throw where.error(step, "message " + msg + ": missing field '" + field + "'");
        }
        return v.asText();
    }

    /** Arguments as JSON text: strings are kept verbatim, objects serialised, absent means {@code {}}. */
    static String argumentsText(JsonNode args) {
        if (args == null || args.isNull()) return "{}";
        if (args.isTextual()) return args.asText();
        return args.toString();
    }

    /** Message content as text: a string, or the concatenated {@code text} of content parts. */
    static String contentText(JsonNode content) {
        if (content == null || content.isNull()) return "";
        if (content.isTextual()) return content.asText();
        if (content.isArray()) {
            StringBuilder sb = new StringBuilder();
            for (JsonNode part : content) {
                if (part.isTextual()) sb.append(part.asText());
                else if (part.has("text")) sb.append(part.get("text").asText(""));
            }
            return sb.toString();
        }
        return content.toString();
    }
}
