package dev.harmonica.scenario.swe;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;

/** Recognises the text-action syntax of a chat that records none (dataset rows, SWE-agent files without a config). */
final class TextFormats {
    private TextFormats() {
    }

    /**
     * The syntax the assistant messages use: SWE-agent XML function calls, SWE-agent {@code <command>} tags,
     * mini-swe-agent's {@code <mswea_bash_command>} tags or ```` ```mswea_bash_command ```` fences; else
     * {@code fallback}.
     */
    static ActionFormat guess(List<JsonNode> messages, ActionFormat fallback) {
        boolean command = false;
        boolean mswea = false;
        boolean msweaTag = false;
        for (JsonNode m : messages) {
            if (!"assistant".equals(ChatWalker.roleOf(m))) continue;
            String text = ChatWalker.contentText(m.get("content"));
            if (text.contains("<function=") && text.contains("</function>")) return ActionFormat.FUNCTION_XML;
            command |= text.contains("<command>") && text.contains("</command>");
            mswea |= text.contains("```mswea_bash_command");
            msweaTag |= text.contains("<mswea_bash_command>");
        }
        if (command) return ActionFormat.COMMAND_TAG_LAST;
        if (msweaTag) return ActionFormat.regex("<mswea_bash_command>(.*?)</mswea_bash_command>");
        if (mswea) return ActionFormat.regex(ActionFormat.MINI_V2_DEFAULT_REGEX);
        return fallback;
    }
}
