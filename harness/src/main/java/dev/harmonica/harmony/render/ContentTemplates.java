package dev.harmonica.harmony.render;

import dev.harmonica.harmony.Content.ToolDescription;
import dev.harmonica.harmony.Content.ToolNamespaceConfig;
import dev.harmonica.harmony.Content;
import dev.harmonica.harmony.Utf8Order;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;

/**
 * The text of system and developer content items (openai/harmony v0.0.8 src/encoding.rs (rendering)): sections joined by a blank
 * line, the {@code # Tools} section with one block per namespace (sorted by the UTF-8 bytes of the key) and
 * the JSON-Schema→TypeScript type of each tool ({@link TypeScriptSchema}).
 */
public final class ContentTemplates {
    /** The system-message line added when the conversation has function tools. */
    public static final String FUNCTIONS_CHANNEL_LINE = "Calls to these tools must go to the commentary channel: 'functions'.";

    private ContentTemplates() {
    }

    public static String system(Content.SystemContent sys, boolean conversationHasFunctionTools) {
        List<String> sections = new ArrayList<>(4);
        StringBuilder top = new StringBuilder();
        if (sys.modelIdentity() != null) top.append(sys.modelIdentity());
        if (sys.knowledgeCutoff() != null) {
            if (sys.modelIdentity() != null) top.append('\n');
            top.append("Knowledge cutoff: ").append(sys.knowledgeCutoff());
        }
        if (sys.conversationStartDate() != null) {
            if (sys.modelIdentity() != null || sys.knowledgeCutoff() != null) top.append('\n');
            top.append("Current date: ").append(sys.conversationStartDate());
        }
        if (sys.modelIdentity() != null || sys.knowledgeCutoff() != null || sys.conversationStartDate() != null) {
            sections.add(top.toString());
        }
        if (sys.reasoningEffort() != null) {
            sections.add("Reasoning: " + switch (sys.reasoningEffort()) {
                case LOW -> "low";
                case MEDIUM -> "medium";
                case HIGH -> "high";
            });
        }
        if (sys.tools() != null && !sys.tools().isEmpty()) sections.add(toolsSection(sys.tools()));
        Content.ChannelConfig cc = sys.channelConfig();
        if (cc != null && !cc.validChannels().isEmpty()) {
            StringBuilder ch = new StringBuilder("# Valid channels: ");
            ch.append(String.join(", ", cc.validChannels())).append('.');
            if (cc.channelRequired()) ch.append(" Channel must be included for every message.");
            if (conversationHasFunctionTools) ch.append('\n').append(FUNCTIONS_CHANNEL_LINE);
            sections.add(ch.toString());
        }
        return String.join("\n\n", sections);
    }

    public static String developer(Content.DeveloperContent dev) {
        List<String> sections = new ArrayList<>(3);
        if (dev.instructions() != null) {
            sections.add("# Instructions");
            sections.add(dev.instructions());
        }
        if (dev.tools() != null && !dev.tools().isEmpty()) sections.add(toolsSection(dev.tools()));
        return String.join("\n\n", sections);
    }

    /** {@code # Tools} and one block per namespace, in UTF-8 byte order of the namespace keys. */
    public static String toolsSection(SortedMap<String, ToolNamespaceConfig> tools) {
        StringBuilder out = new StringBuilder(1024);
        out.append("# Tools");
        for (ToolNamespaceConfig ns : inUtf8Order(tools)) {
            out.append("\n\n");
            namespaceBlock(ns, out);
        }
        return out.toString();
    }

    private static void namespaceBlock(ToolNamespaceConfig ns, StringBuilder out) {
        boolean hasTools = !ns.tools().isEmpty();
        out.append("## ").append(ns.name()).append('\n');
        if (ns.description() != null) {
            for (String line : RustLines.lines(ns.description())) {
                out.append('\n');
                if (hasTools) out.append("// ");
                out.append(line);
            }
        }
        if (!hasTools) return;
        out.append("\nnamespace ").append(ns.name()).append(" {\n");
        for (ToolDescription tool : ns.tools()) {
            for (String line : RustLines.lines(tool.description())) out.append("\n// ").append(line);
            out.append("\ntype ").append(tool.name());
            if (tool.parameters() != null) {
                out.append(" = (_: ");
                TypeScriptSchema.render(tool.parameters(), "", out);
                out.append(") => any;\n");
            } else {
                out.append(" = () => any;\n");
            }
        }
        out.append("\n} // namespace ").append(ns.name());
    }

    private static Iterable<ToolNamespaceConfig> inUtf8Order(SortedMap<String, ToolNamespaceConfig> tools) {
        if (tools.comparator() == Utf8Order.COMPARATOR) return tools.values();
        List<Map.Entry<String, ToolNamespaceConfig>> entries = new ArrayList<>(tools.entrySet());
        entries.sort(Map.Entry.comparingByKey(Utf8Order.COMPARATOR));
        List<ToolNamespaceConfig> out = new ArrayList<>(entries.size());
        for (Map.Entry<String, ToolNamespaceConfig> e : entries) out.add(e.getValue());
        return out;
    }

    /** Whether a content item is developer content with a non-empty {@code functions} namespace. */
    public static boolean hasFunctionTools(Content c) {
        if (!(c instanceof Content.DeveloperContent dev) || dev.tools() == null) return false;
        ToolNamespaceConfig ns = functionsNamespace(dev.tools());
        return ns != null && !ns.tools().isEmpty();
    }

    private static ToolNamespaceConfig functionsNamespace(SortedMap<String, ToolNamespaceConfig> tools) {
        if (tools.comparator() == Utf8Order.COMPARATOR || tools.comparator() == null) return tools.get("functions");
        for (Map.Entry<String, ToolNamespaceConfig> e : tools.entrySet()) {
            if (e.getKey().equals("functions")) return e.getValue();
        }
        return null;
    }
}
