package dev.harmonica.scenario.swe;

import java.util.ArrayList;
import java.util.List;

/** The trajectory formats {@code harmonica import} reads (docs/swe.md). */
public enum SweFormat {
    /**
     * SWE-agent {@code .traj}: {@code history} (OpenAI shape, plural {@code tool_call_ids}), optionally
     * {@code trajectory} (steps not in {@code history} are appended) and {@code replay_config} (tools, parse function).
     */
    SWEAGENT("sweagent"),
    /** mini-swe-agent v1: a bare JSON list of {@code {role, content}} with fenced bash actions. */
    MINI_V1("mini-v1"),
    /** mini-swe-agent v2 ({@code trajectory_format: mini-swe-agent-1.1}): messages with {@code extra}. */
    MINI_V2("mini-v2"),
    /** OpenHands V0 event list (actions, observations linked by {@code cause}). */
    OPENHANDS("openhands"),
    /**
     * OpenHands V1 SDK event log: one event per line (or a JSON list), {@code kind} = {@code SystemPromptEvent},
     * {@code MessageEvent}, {@code ActionEvent}, {@code ObservationEvent}, … ; calls and results matched by
     * {@code tool_call_id}, parallel calls grouped by {@code llm_response_id}.
     */
    OPENHANDS_V1("openhands-v1"),
    /** OpenAI-messages rows (JSON Lines, a JSON array of rows, or one row): {@code messages}, optional {@code tools}. */
    MESSAGES("messages");

    private final String code;

    SweFormat(String code) {
        this.code = code;
    }

    /** The CLI / JSON name. */
    public String code() {
        return code;
    }

    /** The format with this CLI name, or null. */
    public static SweFormat byCode(String code) {
        for (SweFormat f : values()) if (f.code.equals(code)) return f;
        return null;
    }

    /** All CLI names, for error messages. */
    public static List<String> codes() {
        List<String> out = new ArrayList<>();
        for (SweFormat f : values()) out.add(f.code);
        return out;
    }
}
