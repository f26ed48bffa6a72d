package dev.harmonica.tools.bfcl;

import dev.harmonica.testing.Prerequisites;
import dev.harmonica.testing.SharedData;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
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
record BfclReference(String python, Path script) {
    /** The interpreter and script, after checking that bfcl-eval {@code version} imports. */
    static BfclReference locate(String version) throws IOException, InterruptedException {
        String python = Prerequisites.python("bfcl-eval==" + version);
        Path script = SharedData.projectRoot().resolve("harness/src/test/python/differential/bfcl/bfcl_reference.py");
        String problem = probe(python, version);
        Prerequisites.require(problem == null, () -> python + " cannot run bfcl-eval " + version + ": " + problem);
        return new BfclReference(python, script);
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

    /** Starts one command of the script. */
    Run start(String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(python, script.toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("PYTHONIOENCODING", "utf-8");
        pb.environment().put("PYTHONHASHSEED", "0");
        pb.environment().put("TZ", "UTC");
        pb.environment().put("PYTHONWARNINGS", "ignore");
        Path err = Files.createTempFile("bfcl-reference", ".stderr");
        pb.redirectError(err.toFile());
        return new Run(pb.start(), err);
    }

    /** A running command: lines out, requests in ({@code serve}), stderr kept in a temporary file. */
    static final class Run implements AutoCloseable {
        private final Process process;
        private final Path stderr;
        private final BufferedReader out;
        private final BufferedWriter in;

        Run(Process process, Path stderr) {
            this.process = process;
            this.stderr = stderr;
            this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8),
                    1 << 16);
            this.in = new BufferedWriter(new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8));
        }

        String readLine() throws IOException {
            return out.readLine();
        }

        String ask(String request) {
            try {
                in.write(request);
                in.write('\n');
                in.flush();
                String answer = out.readLine();
                if (answer == null) throw new IOException("the reference process ended: " + errors());
                return answer;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        String errors() throws IOException {
            String s = Files.readString(stderr, StandardCharsets.UTF_8);
            return s.length() > 4000 ? s.substring(s.length() - 4000) : s;
        }

        int waitFor() throws InterruptedException {
            return process.waitFor();
        }

        @Override
        public void close() throws IOException {
            in.close();
            process.destroy();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            out.close();
            Files.deleteIfExists(stderr);
        }
    }
}
