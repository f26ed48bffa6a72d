package dev.harmonica.scenario.swe;

import java.util.ArrayList;
import java.util.LinkedHashMap;
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

    private static final Pattern XML_FUNCTION = Pattern.compile("<function=([^>\\s]+)>(.*?)</function>", Pattern.DOTALL);
    private static final Pattern XML_PARAMETER = Pattern.compile("<parameter=([^>\\s]+)>(.*?)</parameter>", Pattern.DOTALL);

    /** One call written as XML in text: its name and its parameters (string values, in order). */
    public record XmlCall(String name, LinkedHashMap<String, String> parameters) {
    }

    /**
     * SWE-agent's XML function-call syntax (used by SWE-smith trajectories):
     * {@code <function=NAME><parameter=KEY>VALUE</parameter>…</function>}. One leading and one trailing newline of
     * each value are removed (the writers put values on their own lines). Empty when there is none.
     */
    public static List<XmlCall> xmlCalls(String text) {
        List<XmlCall> out = new ArrayList<>();
        if (text == null || !text.contains("<function=")) return out;
        Matcher f = XML_FUNCTION.matcher(text);
        while (f.find()) {
            LinkedHashMap<String, String> params = new LinkedHashMap<>();
            Matcher p = XML_PARAMETER.matcher(f.group(2));
            while (p.find()) {
                String v = p.group(2);
                if (v.startsWith("\n")) v = v.substring(1);
                if (v.endsWith("\n")) v = v.substring(0, v.length() - 1);
                params.put(p.group(1), v);
            }
            out.add(new XmlCall(f.group(1), params));
        }
        return out;
    }

    /** SWE-agent thought_action's rule: the last fenced block (any info string), stripped; null when none. */
    public static String last(String text) {
        Matcher m = FENCE.matcher(text == null ? "" : text);
        String found = null;
        while (m.find()) found = m.group(2).strip();
        return found;
    }
}
