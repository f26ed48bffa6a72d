package dev.harmonica.scenario.swe;

import dev.harmonica.testing.SweFormats;
import dev.harmonica.testing.SweTrajectories;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every trajectory file the project can import ({@link SweTrajectories#files()}) imports with the exact number of steps,
 * recorded tool calls and observations, per scenario. The numbers were counted by reading each file, not with the
 * importer: steps = assistant messages (plus a reply the agent rejected as a format error, plus SWE-agent
 * {@code trajectory} entries its {@code history} lacks); tool calls = native {@code tool_calls} entries, mini-swe-agent
 * {@code extra.actions}, or the one action in a text reply the agent accepted; observations = tool results and
 * user/observation messages after the first step (a mini-swe-agent {@code exit} message is neither). A file found
 * without an entry here fails the test: add its counts.
 */
class ImportCountsTest {
    /** One scenario of a file: its format, id and counts. */
    record Expected(SweFormat format, String id, int steps, int toolCalls, int observations) {
    }

    private static Expected e(SweFormat f, String id, int steps, int calls, int observations) {
        return new Expected(f, id, steps, calls, observations);
    }

    private static final SweFormat SA = SweFormat.SWEAGENT, M1 = SweFormat.MINI_V1, M2 = SweFormat.MINI_V2,
            OH = SweFormat.OPENHANDS, OH1 = SweFormat.OPENHANDS_V1, MSG = SweFormat.MESSAGES;

    /** File name → its scenarios in file order. {@code null} id: not checked (files whose ids other tests pin). */
    static final Map<String, List<Expected>> COUNTS = Map.ofEntries(
            // datasets/swe: one call per step; the text-mode file's last step (the sentinel) has no observation
            Map.entry("harmonica-swe-001-ledgerly-rounding.json", List.of(e(MSG, "harmonica-swe-001-ledgerly-rounding", 5, 5, 5))),
            Map.entry("harmonica-swe-002-tinyq-backoff.json", List.of(e(MSG, "harmonica-swe-002-tinyq-backoff", 5, 5, 5))),
            Map.entry("harmonica-swe-003-mdtable-pipes.json", List.of(e(MSG, "harmonica-swe-003-mdtable-pipes", 49, 49, 49))),
            Map.entry("harmonica-swe-004-cronspec-sunday.json", List.of(e(MSG, "harmonica-swe-004-cronspec-sunday", 42, 42, 42))),
            Map.entry("harmonica-swe-005-envfile-quotes-text.json", List.of(e(MSG, "harmonica-swe-005-envfile-quotes-text", 6, 6, 5))),
            // test resources swe/
            Map.entry("dataset_rows_json_text.jsonl", List.of(
                    e(MSG, "acme__units-42", 3, 3, 2),           // nebius: 3 'ai' fences, 2 user observations
                    e(MSG, "acme__acme-7_run2", 3, 3, 3))),      // CoderForge: 2 parallel calls, a message-only step
            Map.entry("messages_bad_row.jsonl", List.of(e(MSG, "messages_bad_row#L1", 2, 2, 1))), // rows 2, 3 are bad
            Map.entry("messages_rows.jsonl", List.of(
                    e(MSG, "rebench-acme-units-0001", 4, 4, 3),
                    e(MSG, "acme__slugify-3.smith.7", 3, 3, 2),
                    e(MSG, "messages_rows#L3", 2, 2, 1))),
            Map.entry("messages_xml_sharegpt.jsonl", List.of(
                    e(MSG, "acme__units.abc123.lm_rewrite__x1.8qa84d2e", 4, 4, 3), // <function=…> calls
                    e(MSG, "sg-1", 2, 2, 1))),                                     // ShareGPT gpt/observation
            Map.entry("mini_v2_text.traj.json", List.of(e(M2, "mini_v2_text", 4, 3, 3))), // one two-block reply rejected
            Map.entry("mini_v2_toolcall.traj.json", List.of(e(M2, "acme__wordcount-17", 4, 4, 4))), // 2+0+1+1 calls
            Map.entry("openhands_parallel.json", List.of(e(OH, "openhands_parallel", 2, 3, 2))), // tc1+tc2, then finish
            Map.entry("openhands_v1_events.jsonl", List.of(e(OH1, "openhands_v1_events", 4, 4, 4))),
            Map.entry("sweagent_mismatched_ids.traj", List.of(e(SA, "sweagent_mismatched_ids", 3, 3, 3))), // + submit
            // shared real files (data/swe)
            Map.entry("sweagent__test_data__6e44b9__sweagenttestrepo-1c2844.traj",
                    List.of(e(SA, "sweagent__test_data__6e44b9__sweagenttestrepo-1c2844", 5, 5, 5))),
            Map.entry("mini-swe-agent_v1_textbased__tests_test_data_local.traj.json",
                    List.of(e(M1, "mini-swe-agent_v1_textbased__tests_test_data_local", 2, 2, 1))),
            Map.entry("openhands__tests_runtime_trajs__wrong_initial_state.json",
                    List.of(e(OH, "openhands__tests_runtime_trajs__wrong_initial_state", 4, 4, 3))),
            // the published-format files (SweFormats.dir(): build_formats.py's output, else shared data/swe/formats).
            // Written by the packages themselves, counted by reading them (see PublishedFormatsTest for the shapes):
            // sweagent 0.0.1: 4 assistant messages with one action each; 3 observations (submit's is not in history)
            Map.entry("sweagent-0.0.1_thought_action.traj", List.of(e(SA, "sweagent-0.0.1_thought_action", 4, 4, 3))),
            // openhands-sdk 1.58.2: 4 llm_response_ids over 5 ActionEvents; 4 ObservationEvents + 1 AgentErrorEvent
            Map.entry("openhands-sdk-1.58.2_terminal.events.jsonl",
                    List.of(e(OH1, "openhands-sdk-1.58.2_terminal.events", 4, 5, 5))),
            // mini-swe-agent 2.4.6 (steps = assistant messages + FormatError messages; observations = tool/user
            // messages after the first step, the exit message excluded)
            Map.entry("mini-v2_toolcall_parallel.traj.json", List.of(e(M2, "mini-v2_toolcall_parallel", 4, 5, 5))),
            Map.entry("mini-v2_text_mswea.traj.json", List.of(e(M2, "mini-v2_text_mswea", 5, 3, 4))),
            Map.entry("mini-v2_text_bash-regex.traj.json", List.of(e(M2, "mini-v2_text_bash-regex", 3, 2, 2))),
            Map.entry("mini-v2_swebench_xml.traj.json", List.of(e(M2, "mini-v2_swebench_xml", 4, 3, 3))),
            // mini-swe-agent 1.17.5 (trajectory_format mini-swe-agent-1, read by the mini-v2 importer): steps = assistant
            // messages (a rejected reply stays in the history); tool calls = replies with exactly one action in the
            // config's syntax; observations = the user messages after the first step, the final submission included
            Map.entry("mini-v1_default.traj.json", List.of(e(M2, "mini-v1_default", 5, 3, 5))),
            Map.entry("mini-v1_swebench_xml.traj.json", List.of(e(M2, "mini-v1_swebench_xml", 4, 3, 4))),
            // in no published package: only a shared copy holds them (SWE-agent 1.x demonstrations, the SDK's fixture)
            Map.entry("sweagent__demo__function_calling_simple.traj", List.of(e(SA, null, 5, 5, 5))),
            Map.entry("sweagent__demo__function_calling_replace__marshmallow-1867.traj", List.of(e(SA, null, 11, 11, 11))),
            Map.entry("sweagent__demo__thought_action__marshmallow-1867.traj", List.of(e(SA, null, 11, 11, 10))),
            Map.entry("sweagent__demo__xml_thought_action__marshmallow-1867.traj", List.of(e(SA, null, 11, 11, 10))),
            Map.entry("sweagent__demo__human_thought__humanevalfix-python-0.traj", List.of(e(SA, null, 5, 5, 4))),
            Map.entry("openhands-sdk__tests_goal_fixtures__events.jsonl", List.of(e(OH1, null, 2, 2, 3))));

    @Test
    void everyFileImportsWithItsExactStepToolCallAndObservationCounts() {
        List<String> problems = new ArrayList<>();
        Set<SweFormat> seen = EnumSet.noneOf(SweFormat.class);
        int files = 0;
        Set<String> names = new HashSet<>();
        for (Path f : SweTrajectories.files()) {
            String name = f.getFileName().toString();
            names.add(name);
            List<Expected> expected = COUNTS.get(name);
            if (expected == null) {
                problems.add(name + ": no counts in this test; count the file and add them");
                continue;
            }
            files++;
            TrajectoryImporter.ImportResult r = TrajectoryImporter.importFile(f, null);
            List<SweScenario> got = r.scenarios();
            if (got.size() != expected.size()) problems.add(name + ": " + got.size() + " scenarios, expected " + expected.size());
            for (int i = 0; i < Math.min(got.size(), expected.size()); i++) {
                SweScenario s = got.get(i);
                Expected x = expected.get(i);
                seen.add(r.format());
                String actual = r.format() + " " + s.id() + " " + s.steps().size() + "/" + s.actionCount() + "/"
                        + s.observationCount();
                String want = x.format() + " " + (x.id() == null ? s.id() : x.id()) + " " + x.steps() + "/"
                        + x.toolCalls() + "/" + x.observations();
                if (!actual.equals(want)) problems.add(name + " #" + i + ": got " + actual + ", counted " + want);
                if (!s.sourceFormat().equals(r.format().code())) problems.add(name + ": source format " + s.sourceFormat());
            }
        }
        assertThat(problems).isEmpty();
        assertThat(files).isGreaterThanOrEqualTo(14);
        Set<SweFormat> required = SweTrajectories.sharedPresent() ? EnumSet.allOf(SweFormat.class)
                : EnumSet.complementOf(EnumSet.of(SweFormat.MINI_V1));
        assertThat(seen).as("formats with counted files").containsAll(required);
        if (SweFormats.present()) {
            assertThat(names).as("build_formats.py's files in " + SweFormats.dir()).containsAll(BUILT);
        }
    }

    /** The files build_formats.py writes (a folder with a SOURCES.md must hold them all). */
    static final List<String> BUILT = List.of("sweagent-0.0.1_thought_action.traj",
            "openhands-sdk-1.58.2_terminal.events.jsonl", "mini-v2_toolcall_parallel.traj.json",
            "mini-v2_text_mswea.traj.json", "mini-v2_text_bash-regex.traj.json", "mini-v2_swebench_xml.traj.json",
            "mini-v1_default.traj.json", "mini-v1_swebench_xml.traj.json");
}
