package dev.harmonica.scenario.swe;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/** Malformed input of every shape yields a scenario or a TrajectoryImportException, never another exception. */
class ImporterRobustnessTest {

    @Property(tries = 400)
    void onlyImportErrorsEscape(@ForAll("documents") String text, @ForAll("formats") SweFormat format) {
        Throwable t = catchThrowable(() -> TrajectoryImporter.importText("f.json", "f", text, format));
        if (t != null) assertThat(t).isInstanceOf(TrajectoryImportException.class);
    }

    @Provide
    Arbitrary<SweFormat> formats() {
        return Arbitraries.of(SweFormat.values()).injectNull(0.3);
    }

    @Provide
    Arbitrary<String> documents() {
        Arbitrary<String> message = messages();
        Arbitrary<String> list = message.list().ofMaxSize(6).map(l -> "[" + String.join(",", l) + "]");
        return Arbitraries.oneOf(
                list,
                list.map(l -> "{\"messages\":" + l + ",\"tools\":" + "[{\"type\":\"function\",\"function\":{\"name\":\"bash\"}}, 3, \"x\"]}"),
                list.map(l -> "{\"trajectory_format\":\"mini-swe-agent-1.1\",\"messages\":" + l + "}"),
                list.map(l -> "{\"history\":" + l + ",\"trajectory\":[{\"action\":\"submit\"}, 7, {\"observation\":null}],\"replay_config\":\"{\"}"),
                list.map(l -> l.replace("\"role\"", "\"source\"")),
                events(),
                list.map(l -> l.replace(",", "\n")),
                Arbitraries.of("", "[]", "{}", "null", "3", "\"x\"", "[1,2]", "{\"messages\":3}", "{\"history\":{}}"));
    }

    Arbitrary<String> messages() {
        Arbitrary<String> role = Arbitraries.of("\"system\"", "\"user\"", "\"assistant\"", "\"tool\"", "\"exit\"", "\"robot\"", "3", "null");
        Arbitrary<String> content = Arbitraries.of("\"hi\"", "\"\"", "null", "5", "[{\"type\":\"text\",\"text\":\"a\"}, 4]",
                "\"```bash\\nls\\n```\"", "\"```mswea_bash_command\\nls\\n```\\n```bash\\npwd\\n```\"", "{\"x\":1}");
        Arbitrary<String> toolCalls = Arbitraries.of("", ",\"tool_calls\":null", ",\"tool_calls\":{}", ",\"tool_calls\":[3]",
                ",\"tool_calls\":[{\"id\":\"a\",\"function\":{\"name\":\"bash\",\"arguments\":\"{\\\"command\\\":\\\"ls\\\"}\"}}]",
                ",\"tool_calls\":[{\"function\":{\"name\":\"x\",\"arguments\":{\"k\":[1]}}}]",
                ",\"tool_calls\":[{\"function\":{\"arguments\":\"{\"}}]",
                ",\"tool_call_id\":\"a\"", ",\"tool_call_ids\":[\"a\", 3]", ",\"tool_call_ids\":\"a\"",
                ",\"type\":\"function_call\",\"call_id\":\"z\",\"name\":\"bash\"", ",\"type\":\"function_call_output\",\"call_id\":3");
        return Combinators.combine(role, content, toolCalls).as((r, c, t) -> "{\"role\":" + r + ",\"content\":" + c + t + "}");
    }

    Arbitrary<String> events() {
        Arbitrary<String> event = Arbitraries.of(
                "{\"id\":0,\"source\":\"user\",\"action\":\"message\",\"args\":{\"content\":\"do it\"}}",
                "{\"id\":1,\"source\":\"agent\",\"action\":\"run\",\"args\":{\"command\":\"ls\"},\"tool_call_metadata\":{\"function_name\":\"execute_bash\",\"tool_call_id\":\"t1\"}}",
                "{\"id\":2,\"source\":\"agent\",\"observation\":\"run\",\"cause\":1,\"content\":\"x\",\"extras\":{\"metadata\":{\"suffix\":3}}}",
                "{\"id\":3,\"source\":\"agent\",\"action\":\"finish\",\"args\":null,\"tool_call_metadata\":{\"model_response\":{\"choices\":[{\"message\":{\"tool_calls\":[{\"function\":{}}]}}]}}}",
                "{\"id\":\"x\",\"source\":\"environment\",\"observation\":\"agent_state_changed\",\"cause\":\"y\"}",
                "{\"id\":5,\"source\":\"agent\",\"action\":\"system\",\"args\":{\"content\":\"sys\",\"tools\":\"[{\\\"name\\\":\\\"finish\\\"}]\"}}",
                "{\"id\":6,\"source\":\"agent\",\"action\":\"message\",\"args\":{\"content\":\"hello\"}}",
                "7", "null");
        return event.list().ofMaxSize(8).map(l -> "[" + String.join(",", l) + "]");
    }

    @Property(tries = 50)
    void validMiniListsAlwaysImport(@ForAll("commands") List<String> commands) {
        StringBuilder sb = new StringBuilder("[{\"role\":\"system\",\"content\":\"s\"},{\"role\":\"user\",\"content\":\"task\"}");
        for (String c : commands) {
            sb.append(",{\"role\":\"assistant\",\"content\":\"THOUGHT\\n\\n```mswea_bash_command\\n").append(c).append("\\n```\"}");
            sb.append(",{\"role\":\"user\",\"content\":\"<returncode>0</returncode>\"}");
        }
        sb.append("]");
        SweScenario s = TrajectoryImporter.importText("m.json", "m", sb.toString(), null).scenarios().get(0);
        assertThat(s.steps()).hasSize(commands.size());
        assertThat(s.actionCount()).isEqualTo(commands.size());
    }

    @Provide
    Arbitrary<List<String>> commands() {
        return Arbitraries.strings().withCharRange('a', 'z').withChars(' ', '-', '.').ofMinLength(1).ofMaxLength(12)
                .filter(c -> !c.isBlank()).list().ofMinSize(1).ofMaxSize(5);
    }
}
