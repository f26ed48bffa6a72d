package dev.harmonica.endpoint.sim;

import com.fasterxml.jackson.databind.JsonNode;
import dev.harmonica.endpoint.Json;
import dev.harmonica.harmony.Message;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a request says happened so far, read from any of the three wire shapes a client may use: chat
 * {@code messages}, Responses {@code input} items, or the messages of a rendered harmony prompt. Pure functions.
 *
 * @param items     the utterances, in order
 * @param toolNames the names of the tools the request offers; null when the request does not say (no {@code tools}
 *                  field, or a prompt without a {@code functions} namespace)
 */
record Transcript(List<Utterance> items, Set<String> toolNames) {
    /** A tool declared in a rendered developer message: {@code type NAME = (} inside {@code namespace functions}. */
    private static final Pattern PROMPT_TOOL = Pattern.compile("(?m)^type ([A-Za-z0-9_.\\-]+) = ");

    public Transcript {
        items = List.copyOf(items);
        toolNames = toolNames == null ? null : Set.copyOf(toolNames);
    }

    /** The first user message, or null. */
    Utterance.User firstUser() {
        for (Utterance u : items) if (u instanceof Utterance.User user) return user;
        return null;
    }

    boolean hasCalls() {
        for (Utterance u : items) if (u instanceof Utterance.Call) return true;
        return false;
    }

    /** Chat Completions {@code messages} (and the request's {@code tools}, which may be null). */
    static Transcript fromChat(JsonNode messages, JsonNode tools) {
        List<Utterance> out = new ArrayList<>();
        for (int i = 0; i < messages.size(); i++) {
            JsonNode m = messages.get(i);
            switch (m.path("role").asText("")) {
                case "user" -> out.add(new Utterance.User(text(m.get("content")), i));
                case "assistant" -> assistant(m, i, out);
                case "tool", "function" -> out.add(new Utterance.ToolResult(text(m.get("content")), i));
                default -> {
                    // system, developer: instructions, not conversation
                }
            }
        }
        return new Transcript(out, toolNames(tools));
    }

    private static void assistant(JsonNode m, int at, List<Utterance> out) {
        JsonNode calls = m.get("tool_calls");
        if (calls != null && calls.isArray() && !calls.isEmpty()) {
            for (JsonNode c : calls) {
                JsonNode fn = c.path("function");
                out.add(new Utterance.Call(fn.path("name").asText(""), argumentsText(fn.get("arguments")), at));
            }
            return;
        }
        String text = text(m.get("content"));
        if (!text.isEmpty()) out.add(new Utterance.Reply(text, at));
    }

    /**
     * Responses {@code input}: a string (one user message) or items: role messages, {@code function_call},
     * {@code function_call_output}; {@code reasoning} and other items are skipped.
     */
    static Transcript fromResponses(JsonNode input, JsonNode tools) {
        List<Utterance> out = new ArrayList<>();
        if (input != null && input.isTextual()) {
            out.add(new Utterance.User(input.textValue(), 0));
        } else if (input != null && input.isArray()) {
            for (int i = 0; i < input.size(); i++) responsesItem(input.get(i), i, out);
        }
        return new Transcript(out, toolNames(tools));
    }

    private static void responsesItem(JsonNode item, int at, List<Utterance> out) {
        String type = item.path("type").asText("message");
        switch (type) {
            case "function_call" -> out.add(new Utterance.Call(item.path("name").asText(""),
                    argumentsText(item.get("arguments")), at));
            case "function_call_output" -> out.add(new Utterance.ToolResult(text(item.get("output")), at));
            case "message" -> {
                String role = item.path("role").asText("");
                String text = text(item.get("content"));
                if (role.equals("user")) out.add(new Utterance.User(text, at));
                else if (role.equals("assistant") && !text.isEmpty()) out.add(new Utterance.Reply(text, at));
            }
            default -> {
                // reasoning, item references, built-in tool calls: not what the simulator recognises by
            }
        }
    }

    /** The messages of a rendered harmony prompt (the trailing {@code <|start|>assistant} already cut off). */
    static Transcript fromHarmony(List<Message> messages) {
        List<Utterance> out = new ArrayList<>();
        Set<String> tools = null;
        for (int i = 0; i < messages.size(); i++) {
            Message m = messages.get(i);
            String recipient = m.recipient();
            switch (m.role()) {
                case "user" -> out.add(new Utterance.User(m.text(), i));
                case "tool" -> out.add(new Utterance.ToolResult(m.text(), i));
                case "assistant" -> {
                    if ("analysis".equals(m.channel())) break;
                    if (recipient != null && recipient.startsWith("functions.")) {
                        out.add(new Utterance.Call(recipient.substring("functions.".length()), m.text(), i));
                    } else if (recipient == null || recipient.equals("all")) {
                        out.add(new Utterance.Reply(m.text(), i));
                    }
                }
                case "developer" -> tools = promptTools(m.text(), tools);
                default -> {
                    // system
                }
            }
        }
        return new Transcript(out, tools);
    }

    private static Set<String> promptTools(String developer, Set<String> sofar) {
        int ns = developer.indexOf("namespace functions {");
        if (ns < 0) return sofar;
        int end = developer.indexOf("} // namespace functions", ns);
        Matcher m = PROMPT_TOOL.matcher(developer.substring(ns, end < 0 ? developer.length() : end));
        Set<String> out = sofar == null ? new LinkedHashSet<>() : new LinkedHashSet<>(sofar);
        while (m.find()) out.add(m.group(1));
        return out;
    }

    /** The tool names of an OpenAI {@code tools} array, chat ({@code function.name}) or Responses ({@code name}) form. */
    static Set<String> toolNames(JsonNode tools) {
        if (tools == null || !tools.isArray()) return null;
        Set<String> names = new LinkedHashSet<>();
        for (JsonNode t : tools) {
            String n = t.path("function").path("name").asText(null);
            if (n == null) n = t.path("name").asText(null);
            if (n != null) names.add(n);
        }
        return names;
    }

    /** Message content as text: a string, or the {@code text} of every part of a content array; null is empty. */
    static String text(JsonNode content) {
        if (content == null || content.isNull()) return "";
        if (content.isTextual()) return content.textValue();
        if (content.isArray()) {
            StringBuilder sb = new StringBuilder();
            for (JsonNode part : content) {
                if (part.isTextual()) sb.append(part.textValue());
                else if (part.path("text").isTextual()) sb.append(part.path("text").textValue());
            }
            return sb.toString();
        }
        return content.toString();
    }

    private static String argumentsText(JsonNode args) {
        if (args == null || args.isNull()) return "";
        return args.isTextual() ? args.textValue() : Json.write(args);
    }
}
