package dev.harmonica.scenario.swe;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.harmonica.scenario.swe.SweScenario.ToolCall;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * How a recorded agent wrote its actions, and how to read actions back out of text written the same way. The importer
 * picks the format from the recording (a native {@code tool_calls} field, mini-swe-agent's recorded
 * {@code info.config.model.action_regex}, SWE-agent's {@code replay_config.agent.tools.parse_function.type}); replay
 * scoring reads the model's reply with the same format. Pure and immutable.
 *
 * @param kind    the syntax
 * @param pattern for {@link Kind#REGEX}: the recorded regular expression (Python syntax as recorded); else null
 */
public record ActionFormat(Kind kind, String pattern) {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    /** The action syntaxes the recorded scaffolds use. */
    public enum Kind {
        /** Native tool calls ({@code tool_calls}); parallel calls allowed. */
        TOOL_CALLS("tool_calls"),
        /**
         * mini-swe-agent text actions: every match of the recorded {@code action_regex} (DOTALL), stripped; exactly
         * one action per turn (mini-swe-agent {@code parse_regex_actions}, {@code models/utils/actions_text.py},
         * v2.4.6). Each action is a {@code bash} call.
         */
        REGEX("regex"),
        /**
         * SWE-agent {@code thought_action}: the last top-level fenced block ({@code ThoughtActionParser},
         * {@code sweagent/tools/parsing.py}, SWE-agent 3ea751c0). A {@code bash} call.
         */
        FENCE_LAST("fence_last"),
        /**
         * SWE-agent {@code xml_thought_action}: the text between the last {@code <command>} and the last
         * {@code </command>}, stripped ({@code XMLThoughtActionParser}). A {@code bash} call.
         */
        COMMAND_TAG_LAST("command_tag_last"),
        /**
         * SWE-agent {@code xml_function_calling} (SWE-smith trajectories):
         * {@code <function=NAME><parameter=KEY>VALUE</parameter>…</function>}; SWE-agent runs the first block
         * ({@code XMLFunctionCallingParser}). A call of tool NAME with the parameters as arguments.
         */
        FUNCTION_XML("function_xml");

        private final String code;

        Kind(String code) {
            this.code = code;
        }

        public String code() {
            return code;
        }

        public static Kind byCode(String code) {
            for (Kind k : values()) if (k.code.equals(code)) return k;
            return null;
        }
    }

    /** Native tool calls. */
    public static final ActionFormat TOOL_CALLS = new ActionFormat(Kind.TOOL_CALLS, null);
    /** SWE-agent thought_action. */
    public static final ActionFormat FENCE_LAST = new ActionFormat(Kind.FENCE_LAST, null);
    /** SWE-agent xml_thought_action. */
    public static final ActionFormat COMMAND_TAG_LAST = new ActionFormat(Kind.COMMAND_TAG_LAST, null);
    /** SWE-agent xml_function_calling / SWE-smith. */
    public static final ActionFormat FUNCTION_XML = new ActionFormat(Kind.FUNCTION_XML, null);
    /** mini-swe-agent v2 text mode's default {@code action_regex} ({@code LitellmTextbasedModelConfig}, v2.4.6). */
    public static final String MINI_V2_DEFAULT_REGEX = "```mswea_bash_command\\s*\\n(.*?)\\n```";
    /**
     * mini-swe-agent v1 files record no regex: v1 wrote ```` ```bash ```` fences and the current test fixtures
     * ({@code tests/test_data/local.traj.json}) ```` ```mswea_bash_command ````, so both are read.
     */
    public static final String MINI_V1_REGEX = "```(?:mswea_bash_command|bash)\\s*\\n(.*?)\\n```";

    private static final Pattern SWE_FENCE = Pattern.compile("^```(\\S*)\\s*\\n|^```\\s*$", Pattern.MULTILINE);
    private static final Pattern XML_FUNCTION = Pattern.compile("<function=([^>\\s]+)>(.*?)</function>", Pattern.DOTALL);
    private static final Pattern XML_PARAMETER = Pattern.compile("<parameter=([^>\\s]+)>(.*?)</parameter>", Pattern.DOTALL);

    public ActionFormat {
        Objects.requireNonNull(kind, "kind");
        if (kind == Kind.REGEX) {
            Objects.requireNonNull(pattern, "pattern");
            compile(pattern); // fail early on a bad recorded regex
        } else {
            pattern = null;
        }
    }

    /** mini-swe-agent's text format with the recorded {@code action_regex}. */
    public static ActionFormat regex(String pythonRegex) {
        return new ActionFormat(Kind.REGEX, pythonRegex);
    }

    /** Whether actions are written in the text (every kind but {@link Kind#TOOL_CALLS}). */
    public boolean textActions() {
        return kind != Kind.TOOL_CALLS;
    }

    /** A short label for journals and reports, e.g. {@code regex:<mswea_bash_command>(.*?)</mswea_bash_command>}. */
    public String label() {
        return kind == Kind.REGEX ? kind.code + ":" + pattern : kind.code;
    }

    /**
     * The actions written in {@code text}, plus action-format errors (several actions where the format takes one, a
     * malformed tag or block). Never throws.
     *
     * @param parameters the {@code parameters} schema of a declared tool (null when undeclared); XML-written
     *                   arguments are converted to the declared types ({@link SweTools#coerceToSchema})
     */
    public Extraction extract(String text, Function<String, JsonNode> parameters) {
        String t = text == null ? "" : text;
        return switch (kind) {
            case TOOL_CALLS -> new Extraction(List.of(), List.of());
            case REGEX -> regexActions(t);
            case FENCE_LAST -> fenceLast(t);
            case COMMAND_TAG_LAST -> commandTagLast(t);
            case FUNCTION_XML -> functionXml(t, parameters);
        };
    }

    /**
     * What {@link #extract} found: actions as calls (ids empty) and action-format errors.
     *
     * @param actions the actions the scaffold would run, in order (empty when the format rejects the text)
     * @param errors  action-format problems, e.g. {@code expected exactly 1 action, found 2}
     */
    public record Extraction(List<ToolCall> actions, List<String> errors) {
        public Extraction {
            actions = List.copyOf(actions);
            errors = List.copyOf(errors);
        }
    }

    private Extraction regexActions(String text) {
        Matcher m = compile(pattern).matcher(text);
        List<String> found = new ArrayList<>();
        while (m.find()) found.add((m.groupCount() >= 1 && m.group(1) != null ? m.group(1) : m.group()).strip());
        if (found.size() == 1) return new Extraction(List.of(bash(found.get(0))), List.of());
        if (found.size() > 1) {
            return new Extraction(List.of(), List.of("expected exactly 1 action, found " + found.size()));
        }
        String opener = literalPrefix(pattern);
        if (opener.length() >= 3 && text.contains(opener)) {
            return new Extraction(List.of(), List.of("malformed action: '" + opener
                    + "' without a complete match of the action regex"));
        }
        return new Extraction(List.of(), List.of());
    }

    /** SWE-agent's scan: a stack of fence openings; the last block that closes at the top level wins. */
    private static Extraction fenceLast(String text) {
        Matcher m = SWE_FENCE.matcher(text);
        List<Integer> openEnds = new ArrayList<>();
        int start = -1;
        int end = -1;
        boolean any = false;
        while (m.find()) {
            any = true;
            if (!openEnds.isEmpty() && (m.group(1) == null || m.group(1).isEmpty())) {
                int s = openEnds.remove(openEnds.size() - 1);
                if (openEnds.isEmpty()) {
                    start = s;
                    end = m.start();
                }
            } else if (m.group(1) != null) {
                openEnds.add(m.end());
            }
        }
        if (start >= 0) return new Extraction(List.of(bash(text.substring(start, end).strip())), List.of());
        return new Extraction(List.of(), any ? List.of("malformed action: a ``` block that is never closed") : List.of());
    }

    private static Extraction commandTagLast(String text) {
        int open = text.lastIndexOf("<command>");
        int close = text.lastIndexOf("</command>");
        if (open < 0 && close < 0) return new Extraction(List.of(), List.of());
        if (open < 0 || close < 0 || close < open + "<command>".length()) {
            return new Extraction(List.of(), List.of("malformed action: unmatched <command> / </command> tags"));
        }
        return new Extraction(List.of(bash(text.substring(open + "<command>".length(), close).strip())), List.of());
    }

    private static Extraction functionXml(String text, Function<String, JsonNode> parameters) {
        Matcher f = XML_FUNCTION.matcher(text);
        List<ToolCall> calls = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        while (f.find()) {
            ObjectNode args = F.objectNode();
            String body = f.group(2);
            Matcher p = XML_PARAMETER.matcher(body);
            int params = 0;
            while (p.find()) {
                String v = p.group(2);
                if (v.startsWith("\n")) v = v.substring(1);
                if (v.endsWith("\n")) v = v.substring(0, v.length() - 1);
                args.put(p.group(1), v);
                params++;
            }
            if (count(body, "<parameter=") != params) {
                errors.add("malformed action: a <parameter=…> without </parameter> in <function=" + f.group(1) + ">");
            }
            JsonNode schema = parameters == null ? null : parameters.apply(f.group(1));
            ObjectNode typed = schema == null ? args : SweTools.coerceToSchema(args, schema);
            calls.add(new ToolCall("", f.group(1), typed.toString()));
        }
        if (calls.isEmpty()) {
            return new Extraction(List.of(), text.contains("<function=")
                    ? List.of("malformed action: '<function=' without a complete <function=…>…</function> block")
                    : List.of());
        }
        if (calls.size() > 1) {
            errors.add("found " + calls.size() + " <function=…> blocks; SWE-agent runs only the first");
        }
        return new Extraction(List.of(calls.get(0)), errors);
    }

    private static int count(String s, String needle) {
        int n = 0;
        for (int i = s.indexOf(needle); i >= 0; i = s.indexOf(needle, i + needle.length())) n++;
        return n;
    }

    private static ToolCall bash(String command) {
        return new ToolCall("", "bash", F.objectNode().put("command", command).toString());
    }

    /** The recorded Python regex as a Java pattern (DOTALL, as mini-swe-agent's {@code re.findall} call). */
    static Pattern compile(String pythonRegex) {
        String java = pythonRegex.replace("(?P<", "(?<").replaceAll("\\(\\?P=(\\w+)\\)", "\\\\k<$1>").replace("\\Z", "\\z");
        try {
            return Pattern.compile(java, Pattern.DOTALL);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("action_regex '" + pythonRegex + "' is not a valid regular expression: "
                    + e.getDescription(), e);
        }
    }

    /** The literal text a regex starts with (up to its first metacharacter), e.g. {@code <mswea_bash_command>}. */
    static String literalPrefix(String regex) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < regex.length(); i++) {
            char c = regex.charAt(i);
            if (c == '\\') {
                if (i + 1 < regex.length() && !Character.isLetterOrDigit(regex.charAt(i + 1))) {
                    sb.append(regex.charAt(++i));
                    continue;
                }
                break;
            }
            if ("[](){}.*+?^$|".indexOf(c) >= 0) break;
            sb.append(c);
        }
        return sb.toString();
    }
}
