package dev.harmonica.harmony;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;
import java.util.Objects;
import java.util.SortedMap;

/** A content item of a {@link Message} (openai/harmony {@code Content}). */
public sealed interface Content permits Content.Text, Content.SystemContent, Content.DeveloperContent {

    /** Plain text. */
    record Text(String text) implements Content {
        public Text {
            Objects.requireNonNull(text, "text");
        }
    }

    /** Reasoning effort; JSON uses the Rust variant names {@code Low|Medium|High}, rendering uses lower case. */
    enum ReasoningEffort { LOW, MEDIUM, HIGH }

    /** {@code ChannelConfig { valid_channels, channel_required }}. */
    record ChannelConfig(List<String> validChannels, boolean channelRequired) {
        public ChannelConfig {
            validChannels = List.copyOf(validChannels);
        }

        public static ChannelConfig requireChannels(List<String> channels) {
            return new ChannelConfig(channels, true);
        }
    }

    /** {@code ToolDescription { name, description, parameters }}; parameters keep their JSON key order. */
    record ToolDescription(String name, String description, JsonNode parameters) {
        public ToolDescription {
            Objects.requireNonNull(name, "name");
            description = description == null ? "" : description;
        }
    }

    /** {@code ToolNamespaceConfig { name, description, tools }}. */
    record ToolNamespaceConfig(String name, String description, List<ToolDescription> tools) {
        public ToolNamespaceConfig {
            Objects.requireNonNull(name, "name");
            tools = List.copyOf(tools);
        }
    }

    /**
     * System content; every field is optional (null). {@code tools} is sorted by the UTF-8 byte order of the
     * namespace key, as Rust's BTreeMap is (see {@link Utf8Order}).
     */
    record SystemContent(String modelIdentity, ReasoningEffort reasoningEffort,
                         SortedMap<String, ToolNamespaceConfig> tools, String conversationStartDate,
                         String knowledgeCutoff, ChannelConfig channelConfig) implements Content {
        /** {@code SystemContent::new()}: harmony's defaults. */
        public static SystemContent defaults() {
            return new SystemContent("You are ChatGPT, a large language model trained by OpenAI.",
                    ReasoningEffort.MEDIUM, null, null, "2024-06",
                    ChannelConfig.requireChannels(List.of("analysis", "commentary", "final")));
        }
    }

    /** Developer content: optional instructions and tool namespaces (sorted like {@link SystemContent#tools()}). */
    record DeveloperContent(String instructions, SortedMap<String, ToolNamespaceConfig> tools) implements Content {
    }
}
