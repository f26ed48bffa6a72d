package dev.harmonica.endpoint.sim;

import dev.harmonica.cli.Main;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.assertj.core.api.Assertions.assertThat;

class SimCommandTest {
    record Result(int code, String out, String err) {
    }

    static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(out), new PrintWriter(err), args);
        return new Result(code, out.toString(), err.toString());
    }

    @Test
    void helpDocumentsTheFaultModel() {
        Result r = run("sim", "--help");
        assertThat(r.code()).isZero();
        String help = r.out().replaceAll("\\s+", " ");
        assertThat(help).contains("Fault model (a stated hypothesis", "1 + slope x d", "recipient-first multiplier",
                "bare-json", "x-harmonica-simulated", "--faults", "--transport", "--latency-ms", "vllm-strict",
                "at most one tool call", "--ignore-stop", "ignore_eos");
    }

    @Test
    void badFaultSpecIsBadInput() {
        Result r = run("sim", "--faults", "F99=0.5");
        assertThat(r.code()).isEqualTo(Main.USAGE);
        assertThat(r.err()).contains("unknown fault 'f99'");
        assertThat(run("sim", "--server", "ollama").err()).contains("expected vllm-strict, vllm-lenient, lenient, sglang or llamacpp");
        assertThat(run("sim", "--transport", "418").code()).isEqualTo(Main.USAGE);
    }

    @Test
    void anotherAddressWhenHostSaysSo() {
        Result r = run("sim", "--host", "127.0.0.2", "--port", "0", "--faults", "off", "--timeout", "5", "--serve-seconds", "1");
        if (r.code() == Main.USAGE && r.err().contains("cannot bind")) return; // a machine without 127.0.0.2
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("serving SIMULATED gpt-oss on http://127.0.0.2:", "fault plan fp-", "timeout 5000 ms");
    }

    @Test
    void badHostAndTimeoutAreBadInput() {
        assertThat(run("sim", "--timeout", "0").code()).isEqualTo(Main.USAGE);
        assertThat(run("sim", "--timeout", "0").err()).contains("--timeout");
        Result r = run("sim", "--host", "no-such-host.invalid", "--port", "0");
        assertThat(r.code()).isEqualTo(Main.USAGE);
        assertThat(r.err()).contains("--host no-such-host.invalid");
    }

    @Test
    void helpTellsHowToResetAndWhatMarksEveryAnswer() {
        String help = run("sim", "--help").out().replaceAll("\\s+", " ");
        assertThat(help).contains("x-harmonica-simulated: 1", "x-harmonica-fault-plan", "/harmonica/reset", "--host", "--timeout");
    }

    @Test
    void servesOnLoopbackAndStops() {
        Result r = run("sim", "--port", "0", "--faults", "off", "--serve-seconds", "1");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("serving SIMULATED gpt-oss on http://127.0.0.1:", "served 0 requests");
    }

    @Test
    void scenarioSetsAreLoadedAndCheckedForAmbiguityAtStart() {
        String bfcl = "bfcl:" + dev.harmonica.testing.SharedData.projectRoot().resolve("datasets/bfcl");
        Result r = run("sim", "--port", "0", "--faults", "off", "--scenarios", bfcl, "--serve-seconds", "1");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("harmonica sim: 5 scenarios from " + bfcl + " recognisable by content",
                "serving SIMULATED gpt-oss");
        assertThat(r.out()).doesNotContain("cannot be told apart");
        String help = run("sim", "--help").out().replaceAll("\\s+", " ");
        assertThat(help).contains("--scenarios", "conversation_not_found", "/v1/responses", "x-harmonica-sim-scenario");
    }

    @Test
    void aBadScenarioSetIsBadInputNamingIt() {
        Result missing = run("sim", "--port", "0", "--scenarios", "bfcl:/no/such/dir", "--serve-seconds", "1");
        assertThat(missing.code()).isEqualTo(Main.USAGE);
        assertThat(missing.err()).contains("bfcl:/no/such/dir", "does not exist");
        Result kind = run("sim", "--port", "0", "--scenarios", "json:x", "--serve-seconds", "1");
        assertThat(kind.code()).isEqualTo(Main.USAGE);
        assertThat(kind.err()).contains("unknown scenario-set kind 'json'");
    }
}
