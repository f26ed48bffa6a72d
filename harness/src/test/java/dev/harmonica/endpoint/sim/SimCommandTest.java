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
    void servesOnLoopbackAndStops() {
        Result r = run("sim", "--port", "0", "--faults", "off", "--serve-seconds", "1");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("serving SIMULATED gpt-oss on http://127.0.0.1:", "served 0 requests");
    }
}
