package dev.harmonica.endpoint.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.harmonica.endpoint.Json;

/**
 * The Responses API view of a simulated answer (OpenAI {@code POST /v1/responses}; the OpenAI Responses API reference), built from the
 * chat message the server personality produced: {@code reasoning} becomes a reasoning item whose text is in
 * {@code content:[{"type":"reasoning_text"}]} (as vLLM serves gpt-oss, {@code summary} empty), {@code content} a
 * message item with one {@code output_text} part, each tool call a {@code function_call} item ({@code call_id} = the
 * chat tool-call id, {@code id} = {@code fc_…}); items in gpt-oss's emission order (reasoning, text, calls). The
 * streamed form is the event sequence of openai-python's {@code ResponseStreamEvent}s. Pure functions.
 */
final class ResponsesView {
    private static final long CREATED = 1_750_000_000L;

    private ResponsesView() {
    }

    /** What a response body is made of. */
    record Parts(ObjectNode request, ObjectNode message, String idSeed, String model, boolean truncated,
                 int inputTokens, int outputTokens) {
    }

    static ObjectNode body(Parts p) {
        ObjectNode o = Json.object();
        o.put("id", "resp_sim" + ChatView.id(p.idSeed(), 0));
        o.put("object", "response");
        o.put("created_at", CREATED);
        o.put("status", p.truncated() ? "incomplete" : "completed");
        if (p.truncated()) o.putObject("incomplete_details").put("reason", "max_output_tokens");
        else o.putNull("incomplete_details");
        o.putNull("error");
        o.set("instructions", p.request().path("instructions").isTextual() ? p.request().get("instructions") : Json.F.nullNode());
        o.put("model", p.model());
        o.set("output", items(p.message(), p.idSeed()));
        o.put("parallel_tool_calls", p.request().path("parallel_tool_calls").asBoolean(true));
        JsonNode choice = p.request().get("tool_choice");
        o.set("tool_choice", choice == null || choice.isNull() ? Json.F.textNode("auto") : choice);
        JsonNode tools = p.request().get("tools");
        o.set("tools", tools != null && tools.isArray() ? tools : Json.array());
        o.set("temperature", number(p.request(), "temperature"));
        o.set("top_p", number(p.request(), "top_p"));
        o.putObject("text").putObject("format").put("type", "text");
        o.putObject("metadata");
        ObjectNode u = o.putObject("usage");
        u.put("input_tokens", p.inputTokens());
        u.putObject("input_tokens_details").put("cached_tokens", 0);
        u.put("output_tokens", p.outputTokens());
        u.putObject("output_tokens_details").put("reasoning_tokens", 0);
        u.put("total_tokens", p.inputTokens() + p.outputTokens());
        return o;
    }

    private static JsonNode number(ObjectNode req, String field) {
        JsonNode v = req.get(field);
        return v != null && v.isNumber() ? v : Json.F.numberNode(1.0);
    }

    private static ArrayNode items(ObjectNode message, String idSeed) {
        ArrayNode out = Json.array();
        String reasoning = Json.text(message, "reasoning");
        if (reasoning == null) reasoning = Json.text(message, "reasoning_content");
        if (reasoning != null) {
            ObjectNode r = out.addObject();
            r.put("id", "rs_sim" + ChatView.id(idSeed, 100));
            r.put("type", "reasoning");
            r.putArray("summary");
            r.putArray("content").addObject().put("type", "reasoning_text").put("text", reasoning);
        }
        String content = Json.text(message, "content");
        if (content != null) {
            ObjectNode m = out.addObject();
            m.put("id", "msg_sim" + ChatView.id(idSeed, 200));
            m.put("type", "message");
            m.put("role", "assistant");
            m.put("status", "completed");
            ObjectNode part = m.putArray("content").addObject();
            part.put("type", "output_text");
            part.put("text", content);
            part.putArray("annotations");
        }
        JsonNode calls = message.get("tool_calls");
        if (calls != null) {
            for (int i = 0; i < calls.size(); i++) {
                JsonNode c = calls.get(i);
                ObjectNode f = out.addObject();
                f.put("id", "fc_sim" + ChatView.id(idSeed, 300 + i));
                f.put("type", "function_call");
                f.put("call_id", c.path("id").asText());
                f.put("name", c.path("function").path("name").asText());
                f.put("arguments", c.path("function").path("arguments").asText());
                f.put("status", "completed");
            }
        }
        return out;
    }

    /**
     * The body as Server-Sent Events: {@code response.created}, {@code response.in_progress}, per item
     * {@code output_item.added}, its text as one delta and a done event ({@code reasoning_text},
     * {@code content_part} + {@code output_text}, {@code function_call_arguments}), {@code output_item.done}, then
     * {@code response.completed} (or {@code response.incomplete}) with the whole response.
     */
    static String stream(ObjectNode body) {
        Events ev = new Events();
        ObjectNode start = body.deepCopy();
        start.put("status", "in_progress");
        start.putArray("output");
        ev.add("response.created", Json.object().set("response", start));
        ev.add("response.in_progress", Json.object().set("response", start));
        JsonNode output = body.get("output");
        for (int i = 0; i < output.size(); i++) item(ev, (ObjectNode) output.get(i), i);
        String last = "completed".equals(body.path("status").asText()) ? "response.completed" : "response.incomplete";
        ev.add(last, Json.object().set("response", body));
        return ev.sse.toString();
    }

    private static void item(Events ev, ObjectNode item, int index) {
        String id = item.path("id").asText();
        ObjectNode added = item.deepCopy();
        switch (item.path("type").asText()) {
            case "reasoning" -> {
                added.putArray("content");
                ev.add("response.output_item.added", Json.object().put("output_index", index).set("item", added));
                String text = item.path("content").path(0).path("text").asText();
                ev.add("response.reasoning_text.delta", at(id, index).put("content_index", 0).put("delta", text));
                ev.add("response.reasoning_text.done", at(id, index).put("content_index", 0).put("text", text));
            }
            case "message" -> {
                added.put("status", "in_progress");
                added.putArray("content");
                ev.add("response.output_item.added", Json.object().put("output_index", index).set("item", added));
                JsonNode part = item.path("content").path(0);
                ObjectNode empty = ((ObjectNode) part).deepCopy().put("text", "");
                String text = part.path("text").asText();
                ev.add("response.content_part.added", at(id, index).put("content_index", 0).set("part", empty));
                ev.add("response.output_text.delta", at(id, index).put("content_index", 0).put("delta", text));
                ev.add("response.output_text.done", at(id, index).put("content_index", 0).put("text", text));
                ev.add("response.content_part.done", at(id, index).put("content_index", 0).set("part", part));
            }
            default -> {
                added.put("status", "in_progress");
                added.put("arguments", "");
                ev.add("response.output_item.added", Json.object().put("output_index", index).set("item", added));
                String args = item.path("arguments").asText();
                ev.add("response.function_call_arguments.delta", at(id, index).put("delta", args));
                ev.add("response.function_call_arguments.done", at(id, index).put("arguments", args));
            }
        }
        ev.add("response.output_item.done", Json.object().put("output_index", index).set("item", item));
    }

    private static ObjectNode at(String itemId, int index) {
        return Json.object().put("item_id", itemId).put("output_index", index);
    }

    /** Numbered events ({@code sequence_number}), each as {@code event:} and {@code data:} lines. */
    private static final class Events {
        final StringBuilder sse = new StringBuilder();
        int seq;

        void add(String type, ObjectNode data) {
            ObjectNode e = Json.object().put("type", type).put("sequence_number", seq++);
            e.setAll(data);
            sse.append("event: ").append(type).append('\n').append("data: ").append(Json.write(e)).append("\n\n");
        }
    }
}
