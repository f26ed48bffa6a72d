package dev.harmonica.testing;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests are deterministic and clean up after themselves: no test source draws an unseeded random number or creates
 * a file or directory in {@code java.io.tmpdir} that nothing deletes (use JUnit's {@code @TempDir}, or
 * {@link TempTrees} in a jqwik property), and every jqwik property runs with a fixed seed ({@link DeterministicSeeds}).
 */
class TestHygieneTest {
    /** Sources of randomness that no seed controls. */
    private static final Pattern UNSEEDED = Pattern.compile(
            "new Random\\(\\)|new Random\\([^)]*nanoTime|new Random\\([^)]*currentTimeMillis|Math\\.random\\("
                    + "|ThreadLocalRandom|UUID\\.randomUUID\\(|new SecureRandom\\(\\)|new SplittableRandom\\(\\)");
    /** A temporary file or directory in the default temporary folder (no parent directory given). */
    private static final Pattern DEFAULT_TMP = Pattern.compile("Files\\.createTemp(Directory|File)\\(\"");

    /**
     * Random by design, with the seed printed and a property to repeat it: the differential run against openai-harmony
     * and against bfcl-eval explore new inputs every time ({@code -Dharmonica.diff.seed=N} repeats one).
     */
    private static final Map<String, String> ALLOWED = Map.of(
            "harmony/HarmonyReferenceDifferentialTest.java", "new SecureRandom()",
            "tools/bfcl/BfclReferenceDifferentialTest.java", "new SecureRandom()",
            "testing/TempTrees.java", "Files.createTempDirectory(",
            "harmony/ReferenceProcess.java", "Files.createTempDirectory(\"harmonica-vocab\")"); // deleted by Setup.close()

    private static List<String> violations(Pattern pattern) throws IOException {
        Path root = SharedData.projectRoot().resolve("harness/src/test/java/dev/harmonica");
        List<String> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                String rel = root.relativize(f).toString().replace('\\', '/');
                if (rel.equals("testing/TestHygieneTest.java")) continue;
                List<String> lines = Files.readAllLines(f);
                for (int i = 0; i < lines.size(); i++) {
                    Matcher m = pattern.matcher(lines.get(i));
                    if (!m.find()) continue;
                    String allowed = ALLOWED.get(rel);
                    if (allowed != null && lines.get(i).contains(allowed)) continue;
                    found.add(rel + ":" + (i + 1) + ": " + lines.get(i).strip());
                }
            }
        }
        return found;
    }

    @Test
    void noTestDrawsUnseededRandomNumbers() throws IOException {
        assertThat(violations(UNSEEDED)).as("seed it (and print the seed when it is random by design)").isEmpty();
    }

    @Test
    void noTestLeavesFilesInTheTemporaryFolder() throws IOException {
        assertThat(violations(DEFAULT_TMP)).as("use @TempDir, or TempTrees.create/delete in a jqwik property").isEmpty();
    }

    @Test
    void propertySeedsAreFixedPerProperty() {
        long a = DeterministicSeeds.seedOf("dev.harmonica.run.ResumeTest#aCrashAtARandomLineResumesToTheSameResult");
        assertThat(a).isEqualTo(DeterministicSeeds.seedOf("dev.harmonica.run.ResumeTest#aCrashAtARandomLineResumesToTheSameResult"))
                .isNotEqualTo(DeterministicSeeds.seedOf("dev.harmonica.run.ResumeTest#other")).isNotNegative();
    }
}
