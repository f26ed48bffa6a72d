package dev.harmonica.harmony;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Harmony's serde JSON shape for messages: {@code {"role", "name"?, "recipient"?, "content", "channel"?,
 * "content_type"?}}; absent fields are omitted; {@code content} is a plain string when it is exactly one text
 * item, otherwise a list of {@code {"type": "text"|"system_content"|"developer_content", ...}} items.
 * Conversations are {@code {"messages": [...]}}.
 */
public final class MessageJson {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private MessageJson() {
    }

    /** Thrown for a JSON value that is not a valid message; the message names the field. */
    public static final class InvalidMessageException extends IllegalArgumentException {
        public InvalidMessageException(String message) {
            super(message);
        }
    }

    public static List<Message> readConversation(JsonNode conversation) {
        JsonNode messages = conversation.isArray() ? conversation : conversation.get("messages");
        if (messages == null || !messages.isArray()) {
            throw new InvalidMessageException("conversation: expected {\"messages\": [...]} or an array");
        }
        List<Message> out = new ArrayList<>(messages.size());
        for (int i = 0; i < messages.size(); i++) {
            try {
                out.add(read(messages.get(i)));
            } catch (InvalidMessageException e) {
                throw new InvalidMessageException("messages[" + i + "]." + e.getMessage());
            }
        }
        return out;
    }

    public static Message read(JsonNode node) {
        if (node == null || !node.isObject()) throw new InvalidMessageException("message: expected an object");
        String role = requiredText(node, "role");
        List<Content> content = new ArrayList<>();
        JsonNode c = node.get("content");
        if (c == null || c.isNull()) {
            // no content: empty list
        } else if (c.isTextual()) {
            content.add(new Content.Text(c.textValue()));
        } else if (c.isArray()) {
            for (int i = 0; i < c.size(); i++) {
                try {
                    content.add(readContent(c.get(i)));
                } catch (InvalidMessageException e) {
                    throw new InvalidMessageException("content[" + i + "]." + e.getMessage());
                }
            }
        } else {
            throw new InvalidMessageException("content: expected a string or an array");
        }
        return new Message(role, optionalText(node, "name"), optionalText(node, "recipient"),
                optionalText(node, "channel"), optionalText(node, "content_type"), content);
    }

    private static Content readContent(JsonNode item) {
        if (!item.isObject()) throw new InvalidMessageException("type: expected an object");
        String type = requiredText(item, "type");
        switch (type) {
            case "text":
                return new Content.Text(requiredText(item, "text"));
            case "system_content": {
                String effort = optionalText(item, "reasoning_effort");
                Content.ReasoningEffort re = effort == null ? null : parseEffort(effort);
                JsonNode cc = item.get("channel_config");
                Content.ChannelConfig channelConfig = null;
                if (cc != null && !cc.isNull()) {
                    List<String> valid = new ArrayList<>();
                    JsonNode vc = cc.get("valid_channels");
                    if (vc != null && vc.isArray()) vc.forEach(v -> valid.add(v.asText()));
                    JsonNode req = cc.get("channel_required");
                    channelConfig = new Content.ChannelConfig(valid, req != null && req.asBoolean());
                }
                return new Content.SystemContent(optionalText(item, "model_identity"), re, readTools(item.get("tools")),
                        optionalText(item, "conversation_start_date"), optionalText(item, "knowledge_cutoff"),
                        channelConfig);
            }
            case "developer_content":
                return new Content.DeveloperContent(optionalText(item, "instructions"), readTools(item.get("tools")));
            default:
                throw new InvalidMessageException("type: unknown content type '" + type + "'");
        }
    }

    private static Content.ReasoningEffort parseEffort(String s) {
        try {
            return Content.ReasoningEffort.valueOf(s.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidMessageException("reasoning_effort: expected Low, Medium or High, got '" + s + "'");
        }
    }

    private static SortedMap<String, Content.ToolNamespaceConfig> readTools(JsonNode tools) {
        if (tools == null || tools.isNull()) return null;
        if (!tools.isObject()) throw new InvalidMessageException("tools: expected an object {namespace: {name, description, tools}}");
        SortedMap<String, Content.ToolNamespaceConfig> map = new TreeMap<>(Utf8Order.COMPARATOR);
        Iterator<Map.Entry<String, JsonNode>> it = tools.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            try {
                map.put(e.getKey(), readNamespace(e.getKey(), e.getValue()));
            } catch (InvalidMessageException ex) {
                throw new InvalidMessageException("tools." + e.getKey() + "." + ex.getMessage());
            }
        }
        return map;
    }

    private static Content.ToolNamespaceConfig readNamespace(String key, JsonNode ns) {
        if (!ns.isObject()) throw new InvalidMessageException("namespace: expected an object {name, description, tools}");
        List<Content.ToolDescription> list = new ArrayList<>();
        JsonNode arr = ns.get("tools");
        if (arr != null && !arr.isNull()) {
            if (!arr.isArray()) throw new InvalidMessageException("tools: expected an array");
            for (int i = 0; i < arr.size(); i++) {
                JsonNode t = arr.get(i);
                try {
                    if (!t.isObject()) throw new InvalidMessageException("tool: expected an object {name, description, parameters}");
                    JsonNode params = t.get("parameters");
                    list.add(new Content.ToolDescription(requiredText(t, "name"), optionalText(t, "description"),
                            params == null || params.isNull() ? null : params));
                } catch (InvalidMessageException ex) {
                    throw new InvalidMessageException("tools[" + i + "]." + ex.getMessage());
                }
            }
        }
        String name = optionalText(ns, "name");
        return new Content.ToolNamespaceConfig(name == null ? key : name, optionalText(ns, "description"), list);
    }

    public static ObjectNode write(Message m) {
        ObjectNode o = F.objectNode();
        o.put("role", m.role());
        if (m.name() != null) o.put("name", m.name());
        if (m.recipient() != null) o.put("recipient", m.recipient());
        if (m.content().size() == 1 && m.content().get(0) instanceof Content.Text t) {
            o.put("content", t.text());
        } else {
            ArrayNode arr = o.putArray("content");
            for (Content c : m.content()) arr.add(writeContent(c));
        }
        if (m.channel() != null) o.put("channel", m.channel());
        if (m.contentType() != null) o.put("content_type", m.contentType());
        return o;
    }

    public static ArrayNode writeAll(List<Message> messages) {
        ArrayNode arr = F.arrayNode();
        for (Message m : messages) arr.add(write(m));
        return arr;
    }

    private static ObjectNode writeContent(Content c) {
        ObjectNode o = F.objectNode();
        if (c instanceof Content.Text t) {
            o.put("type", "text");
            o.put("text", t.text());
        } else if (c instanceof Content.SystemContent s) {
            o.put("type", "system_content");
            putIfNotNull(o, "model_identity", s.modelIdentity());
            if (s.reasoningEffort() != null) {
                String n = s.reasoningEffort().name();
                o.put("reasoning_effort", n.charAt(0) + n.substring(1).toLowerCase(Locale.ROOT));
            }
            if (s.tools() != null) o.set("tools", writeTools(s.tools()));
            putIfNotNull(o, "conversation_start_date", s.conversationStartDate());
            putIfNotNull(o, "knowledge_cutoff", s.knowledgeCutoff());
            if (s.channelConfig() != null) {
                ObjectNode cc = o.putObject("channel_config");
                ArrayNode vc = cc.putArray("valid_channels");
                s.channelConfig().validChannels().forEach(vc::add);
                cc.put("channel_required", s.channelConfig().channelRequired());
            }
        } else if (c instanceof Content.DeveloperContent d) {
            o.put("type", "developer_content");
            putIfNotNull(o, "instructions", d.instructions());
            if (d.tools() != null) o.set("tools", writeTools(d.tools()));
        }
        return o;
    }

    private static ObjectNode writeTools(SortedMap<String, Content.ToolNamespaceConfig> tools) {
        ObjectNode o = F.objectNode();
        for (Map.Entry<String, Content.ToolNamespaceConfig> e : tools.entrySet()) {
            ObjectNode ns = o.putObject(e.getKey());
            ns.put("name", e.getValue().name());
            putIfNotNull(ns, "description", e.getValue().description());
            ArrayNode arr = ns.putArray("tools");
            for (Content.ToolDescription t : e.getValue().tools()) {
                ObjectNode to = arr.addObject();
                to.put("name", t.name());
                to.put("description", t.description());
                if (t.parameters() != null) to.set("parameters", t.parameters());
            }
        }
        return o;
    }

    private static void putIfNotNull(ObjectNode o, String field, String value) {
        if (value != null) o.put(field, value);
    }

    private static String requiredText(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || !v.isTextual()) throw new InvalidMessageException(field + ": expected a string");
        return v.textValue();
    }

    private static String optionalText(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) return null;
        if (!v.isTextual()) throw new InvalidMessageException(field + ": expected a string or null");
        return v.textValue();
    }
}
