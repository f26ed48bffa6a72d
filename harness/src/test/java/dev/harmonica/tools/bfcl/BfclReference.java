package dev.harmonica.tools.bfcl;

import dev.harmonica.testing.LineProcess;
import dev.harmonica.testing.Prerequisites;
import dev.harmonica.testing.SharedData;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code harness/src/test/python/differential/bfcl/bfcl_reference.py} run by the interpreter of
 * {@code -Dharmonica.python} / {@code HARMONICA_PYTHON}, which must have the pinned bfcl-eval (a skip when it is
 * missing, a failure under {@code HARMONICA_REQUIRE_REFERENCES=1}).
 */
record BfclReference(String python, Path script, Path workDir) {
    /**
     * The interpreter and script, after checking that bfcl-eval {@code version} imports; the scripts' stderr files go
     * to {@code workDir}.
     */
    static BfclReference locate(String version, Path workDir) throws IOException, InterruptedException {
        String python = Prerequisites.python("bfcl-eval==" + version);
        Path script = SharedData.projectRoot().resolve("harness/src/test/python/differential/bfcl/bfcl_reference.py");
        String problem = probe(python, version);
        Prerequisites.require(problem == null, () -> python + " cannot run bfcl-eval " + version + ": " + problem);
        return new BfclReference(python, script, workDir);
    }

    /** Null when bfcl_eval imports and is the pinned version on CPython 3.11; else what is wrong. */
    private static String probe(String python, String version) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(python, "-c", "import sys, importlib.metadata as m, bfcl_eval; "
                + "print(m.version('bfcl-eval'), '%d.%d' % sys.version_info[:2])");
        pb.redirectErrorStream(true);
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            return e.getMessage();
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) return out;
        if (!out.equals(version + " 3.11")) return "found bfcl-eval and Python " + out + ", need " + version + " 3.11";
        return null;
    }

    /** Starts one command of the script; its stderr goes to a file in {@code workDir}. */
    LineProcess start(String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(python, script.toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("PYTHONIOENCODING", "utf-8");
        pb.environment().put("PYTHONHASHSEED", "0");
        pb.environment().put("TZ", "UTC");
        pb.environment().put("PYTHONWARNINGS", "ignore");
        return LineProcess.start(pb, Files.createTempFile(workDir, "bfcl-reference", ".stderr"));
    }
}
