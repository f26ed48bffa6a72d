package dev.harmonica.cli;

import dev.harmonica.testing.SharedData;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code compare} refuses runs with turns the endpoint did not answer (issue 10.8): a run against a closed port
 * (every scenario × variant not judged) against a healthy simulator run over the same scenarios.
 */
class CompareUnjudgedTest {
    @TempDir
    static Path tmp;
    static Path healthy, outage;

    record Out(int code, String out, String err) {
    }

    static Out run(String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        int code = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Out(code, out.toString(), err.toString());
    }

    static Path play(String runId, String endpoint, int expectedExit) throws IOException {
        Path runFile = tmp.resolve(runId + ".json");
        Files.writeString(runFile, """
                {"run_id": "%s", "scenarios": ["bfcl:%s"],
                 "endpoint": {"url": "%s", "model": "gpt-oss-20b", "max_attempts": 1, "concurrency": 2},
                 "variants": [{"name": "v008", "renderer": "harmony-v0.0.8"}, {"name": "pr114", "renderer": "pr114"}]}
                """.formatted(runId, SharedData.projectRoot().resolve("datasets/bfcl"), endpoint));
        Path dir = tmp.resolve(runId);
        Out o = run("run", runFile.toString(), "--out", dir.toString(), "--quiet", "--no-report");
        assertThat(o.code()).as(o.err()).isEqualTo(expectedExit);
        return dir;
    }

    @BeforeAll
    static void runs() throws IOException {
        healthy = play("healthy", "sim", ExitCodes.OK);
        outage = play("outage", "http://127.0.0.1:" + ClosedPortTest.closedPort() + "/v1", ExitCodes.NOT_STARTED);
    }

    @Test
    void refusedByDefaultNamingBothRunsCounts() {
        Out o = run("compare", healthy.toString(), outage.toString(), "--out", tmp.resolve("cmp1").toString());
        assertThat(o.code()).isEqualTo(ExitCodes.NOT_JUDGED);
        // 5 scenarios x 2 variants, each ended by the endpoint: one unjudged turn each (recorded or not)
        assertThat(o.err()).contains("refusing to compare: RUN_A healthy (")
                .contains("): 0 unjudged turn(s) in 0 scenario × variant(s) not fully judged")
                .contains("; RUN_B outage (")
                .contains("): 10 unjudged turn(s) in 10 scenario × variant(s) not fully judged, 0 judged turn(s)")
                .contains("--max-unjudged is 0");
        assertThat(o.out()).isEmpty();
        assertThat(tmp.resolve("cmp1").resolve("comparison.html")).doesNotExist();
        Out reverse = run("compare", outage.toString(), healthy.toString(), "--out", tmp.resolve("cmp2").toString());
        assertThat(reverse.code()).isEqualTo(ExitCodes.NOT_JUDGED);
        assertThat(reverse.err()).contains("RUN_A outage (").contains("RUN_B healthy (");
    }

    @Test
    void atOrBelowTheLimitOnlyScenariosJudgedOnBothSidesAreCompared() throws IOException {
        Path out = tmp.resolve("cmp3");
        Out o = run("compare", healthy.toString(), outage.toString(), "--out", out.toString(), "--max-unjudged", "10",
                "--fail-if", "strict-rate-increase:p<0.05");
        assertThat(o.code()).as(o.err()).isEqualTo(ExitCodes.OK);
        assertThat(o.out()).contains("5 scenario(s) not fully judged on a side (endpoint) left out of the paired"
                + " statistics").contains("strict failure rate: no data on side B").contains("gate passed");
        assertThat(o.out()).doesNotContain("0.0%");
        assertThat(Files.readString(out.resolve("comparison.csv"))).contains(",5,"); // scenarios_unjudged_left_out
        Out nine = run("compare", healthy.toString(), outage.toString(), "--out", out.toString(), "--max-unjudged", "9");
        assertThat(nine.code()).isEqualTo(ExitCodes.NOT_JUDGED);
        Out negative = run("compare", healthy.toString(), outage.toString(), "--max-unjudged", "-1");
        assertThat(negative.code()).isEqualTo(ExitCodes.BAD_INPUT);
    }

    @Test
    void twoHealthyRunsCompare() {
        Out o = run("compare", healthy.toString(), healthy.toString(), "--out", tmp.resolve("cmp4").toString());
        assertThat(o.code()).as(o.err()).isEqualTo(ExitCodes.OK);
        assertThat(o.out()).contains("v008 vs v008").contains("n=5 paired scenarios");
    }
}
