package dev.harmonica.cli;

import dev.harmonica.testing.SharedData;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

/**
 * The README's runnable examples run and end as they say. A block is runnable when its fence's info string is
 * {@code sh runnable} ({@link ReadmeExamples}: {@code exit=N} for an expected non-zero exit code, {@code timeout=S}).
 * Each block runs with {@code bash -e -o pipefail} from the root of a temporary copy of the repository, in README
 * order (a block may use what an earlier one wrote), with stdin empty:
 * <ul>
 *   <li>{@code reports/} and {@code datasets/} are copies, so examples can write runs and never touch the tree;</li>
 *   <li>{@code harness/target/harmonica.jar} is a launcher of the classes under test (during {@code mvn verify}
 *       the shaded jar is built after the tests), so examples always run the current code;</li>
 *   <li>everything else at the root is a symbolic link, and {@code ../shared} points at the shared data.</li>
 * </ul>
 * A block that builds ({@code mvn ...}) or needs a real server should not be marked runnable.
 */
class ReadmeExamplesTest {
    @TempDir
    Path tmp;

    @TestFactory
    Stream<DynamicTest> theReadmesRunnableExamplesRun() throws IOException {
        Path root = SharedData.projectRoot();
        List<ReadmeExamples.Example> examples = ReadmeExamples.extract(Files.readString(root.resolve("README.md")));
        if (examples.isEmpty()) {
            return Stream.of(dynamicTest("README.md marks no block `sh runnable`: nothing to run", () -> { }));
        }
        Path repo = workspace(root, tmp);
        return examples.stream().map(e -> dynamicTest(e.toString(), () -> run(e, repo)));
    }

    private static void run(ReadmeExamples.Example e, Path repo) throws Exception {
        Path log = Files.createTempFile(repo.getParent(), "example-", ".log");
        Process p = new ProcessBuilder("bash", "-e", "-o", "pipefail", "-c", e.script())
                .directory(repo.toFile()).redirectErrorStream(true).redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        boolean done = p.waitFor(e.timeout().toSeconds(), TimeUnit.SECONDS);
        if (!done) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);
        String tail = output.length() > 4000 ? "…" + output.substring(output.length() - 4000) : output;
        assertThat(done).as("%s: still running after %d s; output:%n%s", e, e.timeout().toSeconds(), tail).isTrue();
        assertThat(p.exitValue()).as("%s: exit code; output:%n%s", e, tail).isEqualTo(e.expectedExit());
    }

    private static final Set<String> COPIED = Set.of("reports", "datasets");
    private static final Set<String> SKIPPED = Set.of(".git", "harness", "target");

    /** A temporary copy of the repository for the examples (see the class comment); returns its root. */
    static Path workspace(Path root, Path tmp) throws IOException {
        Path repo = Files.createDirectories(tmp.resolve("repo"));
        try (Stream<Path> entries = Files.list(root)) {
            for (Path entry : entries.toList()) {
                String name = entry.getFileName().toString();
                if (SKIPPED.contains(name)) continue;
                if (COPIED.contains(name)) copyTree(entry, repo.resolve(name), name.equals("reports"));
                else Files.createSymbolicLink(repo.resolve(name), entry);
            }
        }
        Path harness = Files.createDirectories(repo.resolve("harness/target"));
        Files.createSymbolicLink(repo.resolve("harness/pom.xml"), root.resolve("harness/pom.xml"));
        Files.createSymbolicLink(repo.resolve("harness/src"), root.resolve("harness/src"));
        launcherJar(harness.resolve("harmonica.jar"));
        if (Files.isDirectory(SharedData.root())) Files.createSymbolicLink(tmp.resolve("shared"), SharedData.root());
        return repo;
    }

    /** Copies a directory; for {@code reports/} only its committed README (no runs from the developer's tree). */
    private static void copyTree(Path from, Path to, boolean readmeOnly) throws IOException {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path p : walk.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    if (!readmeOnly || p.equals(from)) Files.createDirectories(target);
                } else if (!readmeOnly || p.equals(from.resolve("README.md"))) {
                    Files.copy(p, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }

    /**
     * A jar with only a manifest: {@code Main-Class: dev.harmonica.cli.Main} and a {@code Class-Path} of the test
     * run's main classes and dependencies (absolute {@code file:} URLs), so {@code java -jar} runs the code under test.
     */
    static void launcherJar(Path jar) throws IOException {
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> urls = new ArrayList<>();
        for (String entry : cp.split(File.pathSeparator)) {
            if (entry.isBlank() || entry.endsWith("test-classes")) continue;
            String url = Path.of(entry).toAbsolutePath().toUri().toString();
            urls.add(Files.isDirectory(Path.of(entry)) && !url.endsWith("/") ? url + "/" : url);
        }
        Manifest m = new Manifest();
        m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        m.getMainAttributes().put(Attributes.Name.MAIN_CLASS, Main.class.getName());
        m.getMainAttributes().put(Attributes.Name.CLASS_PATH, String.join(" ", urls));
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(out, m)) {
            j.flush();
        }
    }

    @Test
    void theLauncherRunsTheCodeUnderTest() throws Exception {
        Path repo = workspace(SharedData.projectRoot(), tmp);
        ReadmeExamples.Example e = new ReadmeExamples.Example(1, "java -jar harness/target/harmonica.jar --version\n"
                + "java -jar harness/target/harmonica.jar run --limit 1 --run-id readme-example-check --no-report --quiet\n"
                + "test -s reports/readme-example-check/journal.jsonl\n"
                + "java -jar harness/target/harmonica.jar render --batch datasets/does-not-exist.jsonl\n", 2, Duration.ofSeconds(300));
        run(e, repo);
        assertThat(repo.resolve("reports/README.md")).exists();
        assertThat(SharedData.projectRoot().resolve("reports/readme-example-check")).doesNotExist();
        assertThat(Files.isSymbolicLink(repo.resolve("datasets"))).isFalse();
    }

    @Test
    void extractsOnlyMarkedBlocksWithTheirExitCodesAndTimeouts() {
        String md = String.join("\n",
                "# Title",
                "```",
                "plain block",
                "```",
                "```sh",
                "not runnable",
                "```",
                "```sh runnable",
                "echo one",
                "echo two",
                "```",
                "text",
                "```sh runnable exit=3 timeout=60",
                "exit 3",
                "```",
                "````bash runnable",
                "cat <<'EOF'",
                "```",
                "EOF",
                "````",
                "  ~~~sh runnable",
                "  indented",
                "   more",
                "  ~~~",
                "```sh runnable",
                "unclosed");
        List<ReadmeExamples.Example> got = ReadmeExamples.extract(md);
        assertThat(got).extracting(ReadmeExamples.Example::line).containsExactly(8, 13, 16, 21, 25);
        assertThat(got.get(0).script()).isEqualTo("echo one\necho two\n");
        assertThat(got.get(0).expectedExit()).isZero();
        assertThat(got.get(0).timeout()).isEqualTo(ReadmeExamples.DEFAULT_TIMEOUT);
        assertThat(got.get(1).expectedExit()).isEqualTo(3);
        assertThat(got.get(1).timeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(got.get(2).script()).isEqualTo("cat <<'EOF'\n```\nEOF\n");
        assertThat(got.get(3).script()).isEqualTo("indented\n more\n");
        assertThat(got.get(4).script()).isEqualTo("unclosed\n");
    }

    @Test
    void aMalformedMarkerNamesItsLine() {
        assertThatThrownBy(() -> ReadmeExamples.extract("text\n```sh runnable exit=x\nls\n```\n"))
                .hasMessage("README line 2: 'exit=x': expected a number after '='");
        assertThatThrownBy(() -> ReadmeExamples.extract("```sh runnable retries=2\nls\n```\n"))
                .hasMessageContaining("README line 1: unknown option 'retries=2'");
    }

    @Test
    void theCurrentReadmeParses() throws IOException {
        List<ReadmeExamples.Example> examples = ReadmeExamples.extract(Files.readString(SharedData.projectRoot().resolve("README.md")));
        assertThat(examples).allSatisfy(e -> assertThat(e.script()).isNotBlank());
    }
}
