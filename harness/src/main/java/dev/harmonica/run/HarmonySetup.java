package dev.harmonica.run;

import com.fasterxml.jackson.databind.JsonNode;
import dev.harmonica.harmony.Content;
import dev.harmonica.harmony.Message;
import dev.harmonica.harmony.Utf8Order;

import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The harmony system and developer messages for a conversation with OpenAI tools, as vLLM builds them for chat
 * input (harmony-format.md §9.1): system = harmony's default {@code SystemContent} (no date: deterministic),
 * developer = the instructions (the chat system prompt, if any) and the {@code functions} namespace.
 */
final class HarmonySetup {
    private HarmonySetup() {
    }

    static List<Message> messages(JsonNode openAiTools, String instructions) {
        List<Message> out = new ArrayList<>(2);
        out.add(new Message("system", null, null, null, null, List.of(Content.SystemContent.defaults())));
        List<Content.ToolDescription> descs = new ArrayList<>();
        if (openAiTools != null) {
            for (JsonNode t : openAiTools) {
                JsonNode fn = t.has("function") ? t.get("function") : t;
                JsonNode params = fn.get("parameters");
                descs.add(new Content.ToolDescription(fn.path("name").asText(), fn.path("description").asText(""),
                        params == null || params.isNull() ? null : params));
            }
        }
        SortedMap<String, Content.ToolNamespaceConfig> ns = null;
        if (!descs.isEmpty()) {
            ns = new TreeMap<>(Utf8Order.COMPARATOR);
            ns.put("functions", new Content.ToolNamespaceConfig("functions", null, descs));
        }
        if (ns != null || instructions != null) {
            out.add(new Message("developer", null, null, null, null,
                    List.of(new Content.DeveloperContent(instructions, ns))));
        }
        return out;
    }
}
