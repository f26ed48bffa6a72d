package dev.harmonica.swe;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Actions written as fenced code blocks in assistant text (mini-swe-agent, SWE-agent thought_action). */
public final class FencedActions {
    private static final Pattern FENCE = Pattern.compile("```([A-Za-z0-9_-]*)[ \\t]*\\r?\\n(.*?)\\r?\\n?```", Pattern.DOTALL);
    /** The info strings mini-swe-agent v2 ({@code mswea_bash_command}) and v1 ({@code bash}) use. */
    public static final List<String> MINI_FENCES = List.of("mswea_bash_command", "bash");

    private FencedActions() {
    }

    /**
     * mini-swe-agent's rule: exactly one fenced block whose info string is one of {@code infoStrings}, stripped;
     * null when there are none or several (mini-swe-agent reports a format error then).
     */
    public static String exactlyOne(String text, List<String> infoStrings) {
        Matcher m = FENCE.matcher(text == null ? "" : text);
        String found = null;
        int n = 0;
        while (m.find()) {
            if (infoStrings.contains(m.group(1))) {
                n++;
                found = m.group(2).strip();
            }
        }
        return n == 1 ? found : null;
    }

    /** SWE-agent thought_action's rule: the last fenced block (any info string), stripped; null when none. */
    public static String last(String text) {
        Matcher m = FENCE.matcher(text == null ? "" : text);
        String found = null;
        while (m.find()) found = m.group(2).strip();
        return found;
    }
}
