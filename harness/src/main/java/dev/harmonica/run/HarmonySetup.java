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
 * The harmony system and developer messages for a conversation with OpenAI tools, built the way vLLM builds them
 * for a gpt-oss chat request (vllm-project/vllm {@code vllm/entrypoints/harmony_utils.py}, {@code get_system_message}
 * and {@code get_developer_message}): system = harmony's default {@code SystemContent} with
 * {@code Current date: <date>} and, when the request has no tools, {@code commentary} removed from the valid
 * channels; developer = the instructions (the chat system prompt, if any) and the {@code functions} namespace.
 * {@link RunSpec.SystemMessage#HARMONY_DEFAULT} keeps harmony's bare default system content instead.
 */
final class HarmonySetup {
    private HarmonySetup() {
    }

    static List<Message> messages(JsonNode openAiTools, String instructions, RunSpec.SystemSetup system) {
        List<Content.ToolDescription> descs = tools(openAiTools);
        List<Message> out = new ArrayList<>(2);
        out.add(new Message("system", null, null, null, null, List.of(systemContent(system, !descs.isEmpty()))));
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

    static Content.SystemContent systemContent(RunSpec.SystemSetup system, boolean hasTools) {
        Content.SystemContent d = Content.SystemContent.defaults();
        if (system.style() == RunSpec.SystemMessage.HARMONY_DEFAULT) return d;
        Content.ChannelConfig channels = hasTools ? d.channelConfig()
                : Content.ChannelConfig.requireChannels(List.of("analysis", "final"));
        return new Content.SystemContent(d.modelIdentity(), d.reasoningEffort(), d.tools(), system.date(),
                d.knowledgeCutoff(), channels);
    }

    private static List<Content.ToolDescription> tools(JsonNode openAiTools) {
        List<Content.ToolDescription> descs = new ArrayList<>();
        if (openAiTools == null) return descs;
        for (JsonNode t : openAiTools) {
            JsonNode fn = t.has("function") ? t.get("function") : t;
            JsonNode params = fn.get("parameters");
            descs.add(new Content.ToolDescription(fn.path("name").asText(), fn.path("description").asText(""),
                    params == null || params.isNull() ? null : params));
        }
        return descs;
    }
}
