package dev.harmonica.run;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What each simulator fault (endpoint helper's codes F1–F23, docs/endpoint.md, Fault catalogue) must show up as in a turn's
 * {@code failure_modes}, per wire mode. In completions mode Harmonica's parsers see the raw text; in chat mode the
 * (simulated vLLM-strict) server parses, so header faults become {@code server_format_error}, a call written into the
 * content is seen by the chat-mode markup scan ({@code markup_in_content}), and faults the server hides (a call on
 * the analysis channel, bare json, …) leave no format trace at all.
 *
 * @param required at least one of these must be recorded (empty: nothing is required)
 * @param allowed  every recorded mode must be in the union of the injected faults' allowed sets
 */
public record FaultModes(Set<String> required, Set<String> allowed) {
    private static FaultModes of(Set<String> required, String... extra) {
        Set<String> a = new TreeSet<>(required);
        a.addAll(List.of(extra));
        return new FaultModes(required, Set.copyOf(a));
    }

    private static final FaultModes NONE = new FaultModes(Set.of(), Set.of());
    /** Faults inside a call's name or arguments (the rest change the message structure). */
    static final Set<String> CONTENT = Set.of("F12", "F20", "F21", "F23");
    private static final FaultModes SERVER = of(Set.of("server_format_error"));
    /**
     * F23 appends "??" to a string argument: a semantic error, not a format error (docs/endpoint.md, Fault catalogue). It shows only
     * where the tool's schema constrains that string (e.g. an enum such as str_replace_editor's {@code command}).
     */
    private static final FaultModes DEGENERATE_ARGUMENT = of(Set.of(), "schema_mismatch");

    /** Completions mode (raw harmony parsed by Harmonica). */
    public static final Map<String, FaultModes> COMPLETIONS = Map.ofEntries(
            Map.entry("F1", of(Set.of("tool_name_leak"), "duplicate_channel", "unknown_tool")),
            Map.entry("F2", of(Set.of("unknown_role", "stray_start"), "duplicate_channel", "unknown_channel", "unknown_role",
                    "stray_start")),
            Map.entry("F3", of(Set.of("recipient_repeated", "leftover_header_tokens"), "recipient_repeated", "leftover_header_tokens")),
            Map.entry("F4", of(Set.of("reasoning_after_constrain"), "leftover_header_tokens")),
            Map.entry("F5", of(Set.of("recipient_after_constrain"), "unknown_tool")),
            // F7 includes the doubled <|start|><|start|>assistant variant (PR #114 census), classified stray_start
            Map.entry("F7", of(Set.of("unknown_role", "stray_start"), "unknown_role", "stray_start")),
            Map.entry("F8", of(Set.of("missing_message"))),
            Map.entry("F9", of(Set.of("empty_channel"))),
            Map.entry("F10", of(Set.of("text_after_stop"))),
            Map.entry("F11", of(Set.of("text_after_stop"))),
            Map.entry("F12", of(Set.of("truncated_header", "truncated_content", "invalid_json_arguments"),
                    "truncated_header", "truncated_content", "invalid_json_arguments")),
            Map.entry("F13", of(Set.of("glued_content_type"), "unknown_tool")),
            Map.entry("F14", NONE),
            Map.entry("F15", of(Set.of("tool_call_wrong_channel"))),
            Map.entry("F16", of(Set.of("tool_call_in_content"))),
            Map.entry("F17", of(Set.of("constrain_as_recipient"), "invalid_json_arguments", "tool_name_leak", "unknown_tool")),
            Map.entry("F18", NONE),
            Map.entry("F20", of(Set.of("invalid_json_arguments"))),
            Map.entry("F21", of(Set.of("unknown_tool"))),
            Map.entry("F22", of(Set.of("leftover_header_tokens"))),
            Map.entry("F23", DEGENERATE_ARGUMENT));

    /** Chat modes (the server parses; vLLM-strict personality). */
    public static final Map<String, FaultModes> CHAT = Map.ofEntries(
            // the server passes the leaked name through: strict reads an unknown tool, the leak is named too
            Map.entry("F1", of(Set.of("unknown_tool"), "tool_name_leak")),
            Map.entry("F2", SERVER), Map.entry("F3", SERVER), Map.entry("F4", SERVER), Map.entry("F7", SERVER),
            Map.entry("F8", SERVER), Map.entry("F9", SERVER), Map.entry("F10", SERVER), Map.entry("F11", SERVER),
            Map.entry("F22", SERVER),
            // a call written into the content as text: the markup scan sees its header, the content parse its form
            Map.entry("F16", of(Set.of("markup_in_content"), "tool_call_in_content")),
            Map.entry("F5", NONE), Map.entry("F14", NONE), Map.entry("F15", NONE),
            Map.entry("F17", NONE), Map.entry("F18", NONE), Map.entry("F23", DEGENERATE_ARGUMENT),
            // chat truncation: a header cut is a server error, cut arguments are invalid JSON, a cut analysis is silent
            Map.entry("F12", of(Set.of(), "server_format_error", "invalid_json_arguments")),
            Map.entry("F13", of(Set.of("unknown_tool"))),
            Map.entry("F20", of(Set.of("invalid_json_arguments"))),
            Map.entry("F21", of(Set.of("unknown_tool"))));

    /** The mapping for a variant mode. */
    public static Map<String, FaultModes> forMode(Variant.Mode mode) {
        return mode.isChat() ? CHAT : COMPLETIONS;
    }

    /**
     * Checks one turn: empty when the recorded modes are what the injected faults predict, else why not. Modes
     * every turn may carry regardless of faults ({@code schema_mismatch} from a dataset's own ground truth) are
     * passed in {@code background}.
     */
    public static String explain(Variant.Mode mode, List<String> injected, List<String> recorded, Set<String> background) {
        Map<String, FaultModes> map = forMode(mode);
        Set<String> allowed = new HashSet<>(background);
        boolean structural = injected.stream().anyMatch(f -> !CONTENT.contains(f));
        boolean truncated = injected.contains("F12");
        for (String f : injected) {
            FaultModes fm = map.get(f);
            if (fm == null) return "no mapping for injected fault " + f;
            allowed.addAll(fm.allowed());
            // masking: a header fault can keep the call from being parsed at all (its arguments are never seen),
            // and a truncation can cut off whatever another fault wrote
            boolean masked = CONTENT.contains(f) ? structural : truncated;
            if (!masked && !fm.required().isEmpty() && fm.required().stream().noneMatch(recorded::contains)) {
                return "fault " + f + " should be recorded as one of " + fm.required() + ", got " + recorded;
            }
        }
        for (String r : recorded) {
            if (!allowed.contains(r)) return "failure mode " + r + " is not explained by the injected faults " + injected;
        }
        return "";
    }
}
