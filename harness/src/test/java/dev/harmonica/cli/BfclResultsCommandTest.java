package dev.harmonica.cli;

import dev.harmonica.testing.SharedData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code run --bfcl-compat --bfcl-results} and {@code report --bfcl-results}: the same BFCL project root. */
class BfclResultsCommandTest {
    @TempDir
    Path tmp;

    private record Out(int code, String out, String err) {
    }

    private static Out main(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Out(code, out.toString(), err.toString());
    }

    @Test
    void runAndReportWriteTheSameBfclFiles() throws Exception {
        Path v4 = SharedData.require("bfcl/v4");
        Path run = tmp.resolve("run");
        Out r = main("run", "--bfcl-compat", "--scenarios", "bfcl:" + v4 + ":base", "--limit", "4", "--sim-seed", "3",
                "--out", run.toString(), "--quiet", "--no-report", "--bfcl-results", tmp.resolve("a").toString());
        assertThat(r.code()).as(r.err()).isIn(0, 3);
        assertThat(r.out()).contains("BFCL files: 4 entries of variant bfcl");
        Out rep = main("report", run.toString(), "--bfcl-results", tmp.resolve("b").toString(),
                "--bfcl-display-name", "My Model");
        assertThat(rep.code()).as(rep.err()).isZero();
        assertThat(Files.readString(run.resolve("summary.md")))
                .contains("Numbers: BFCL protocol (bfcl-eval 2026.3.23 compatible).");
        String file = "result/openbmb_MiniCPM-SALA-FC/multi_turn/BFCL_v4_multi_turn_base_result.json";
        assertThat(Files.readString(tmp.resolve("b").resolve(file))).isEqualTo(Files.readString(tmp.resolve("a").resolve(file)));
        List<String> lines = Files.readAllLines(tmp.resolve("a").resolve(file));
        assertThat(lines).hasSize(4);
        assertThat(lines.get(0)).startsWith("{\"id\": \"multi_turn_base_0\", \"result\": ");
        String csv = Files.readString(tmp.resolve("b/score/data_multi_turn.csv"));
        assertThat(csv).startsWith("Rank,Model,Multi Turn Overall Acc,Base,Miss Func,Miss Param,Long Context\n1,My Model,")
                .endsWith(",N/A,N/A,N/A").doesNotContain("\r");
    }

    @Test
    void aRunWithoutABfclProtocolVariantIsRefusedAndTheRunKept() {
        Path run = tmp.resolve("run");
        Out r = main("run", "--scenarios", "bfcl:" + SharedData.require("bfcl/v4") + ":base", "--limit", "1",
                "--sim-faults", "--out", run.toString(), "--quiet", "--no-report", "--bfcl-results", tmp.resolve("a").toString());
        assertThat(r.err()).contains("writing the BFCL files failed").contains("0 BFCL-protocol variants");
        assertThat(run.resolve("journal.jsonl")).exists();
    }
}
