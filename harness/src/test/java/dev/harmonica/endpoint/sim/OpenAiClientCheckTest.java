package dev.harmonica.endpoint.sim;

import dev.harmonica.testing.SharedData;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs {@code harness/src/test/python/test_sim_openai_client.py} (pytest): the {@code openai} Python client drives
 * {@code harmonica sim --scenarios bfcl:datasets/bfcl} with plain requests and gets the ground-truth first call and
 * {@code x-harmonica-simulated: 1}. The simulator runs from this test's classpath (no packaged jar needed). Needs
 * {@code -Dharmonica.python=PYTHON} or {@code HARMONICA_PYTHON} with {@code openai} and {@code pytest}; skipped
 * with a message otherwise.
 */
class OpenAiClientCheckTest {
    @TempDir
    Path tmp;

    @Test
    void theOpenAiPythonClientDrivesTheSimulatorWithoutAHint() throws IOException, InterruptedException {
        String p = System.getProperty("harmonica.python");
        if (p == null || p.isBlank()) p = System.getenv("HARMONICA_PYTHON");
        String python = p;
        Assumptions.assumeTrue(python != null && !python.isBlank(),
                "skipped: no Python with openai and pytest (pass -Dharmonica.python=/path/to/python or set HARMONICA_PYTHON)");
        String missing = probe(python);
        Assumptions.assumeTrue(missing == null, () -> "skipped: " + python + " cannot import openai and pytest: " + missing);
        Path root = SharedData.projectRoot();
        Path log = tmp.resolve("openai-client.log");
        {
            ProcessBuilder pb = new ProcessBuilder(python, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                    "harness/src/test/python/test_sim_openai_client.py");
            pb.directory(root.toFile());
            pb.environment().put("HARMONICA_JAVA", Path.of(System.getProperty("java.home"), "bin", "java").toString());
            pb.environment().put("HARMONICA_CLASSPATH", System.getProperty("java.class.path"));
            pb.redirectErrorStream(true).redirectOutput(log.toFile());
            Process proc = pb.start();
            boolean done = proc.waitFor(5, TimeUnit.MINUTES);
            if (!done) proc.destroyForcibly().waitFor();
            String out = Files.readString(log, StandardCharsets.UTF_8);
            assertThat(done).as("pytest did not finish in 5 minutes:\n%s", out).isTrue();
            assertThat(proc.exitValue()).as(out).isZero();
            assertThat(out).contains("3 passed");
        }
    }

    /** Null when {@code import openai, pytest} works, else the interpreter's output. */
    private static String probe(String python) throws InterruptedException {
        try {
            Process proc = new ProcessBuilder(List.of(python, "-c", "import openai, pytest")).redirectErrorStream(true).start();
            String text = new String(proc.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!proc.waitFor(60, TimeUnit.SECONDS)) {
                proc.destroyForcibly();
                return "timed out";
            }
            return proc.exitValue() == 0 ? null : text;
        } catch (IOException e) {
            return e.getMessage();
        }
    }
}
