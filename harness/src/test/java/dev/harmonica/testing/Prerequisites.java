package dev.harmonica.testing;

import org.junit.jupiter.api.Assumptions;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Supplier;

/**
 * Tests that need something outside the JVM (a Python interpreter with the pinned references, a real gpt-oss server)
 * skip with a message when it is missing, so that {@code mvn verify} works on a bare checkout. CI must not hide a
 * missing step that way: {@code .ci/run} sets {@value #REQUIRE_ENV}{@code =1} (or {@code -D}{@value #REQUIRE_PROPERTY}
 * {@code =true}), and then a missing prerequisite FAILS the test with the same message instead of skipping it.
 */
public final class Prerequisites {
    /** Environment variable that turns a missing prerequisite into a failure. */
    public static final String REQUIRE_ENV = "HARMONICA_REQUIRE_REFERENCES";
    /** System property with the same meaning. */
    public static final String REQUIRE_PROPERTY = "harmonica.requireReferences";

    private Prerequisites() {
    }

    /** Whether missing prerequisites fail (CI) rather than skip (a developer's machine). */
    public static boolean required() {
        String p = System.getProperty(REQUIRE_PROPERTY);
        if (p != null && !p.isBlank()) return isTrue(p);
        String e = System.getenv(REQUIRE_ENV);
        return e != null && isTrue(e);
    }

    private static boolean isTrue(String v) {
        String s = v.strip();
        return s.equals("1") || s.equalsIgnoreCase("true") || s.equalsIgnoreCase("yes");
    }

    /**
     * Skips the calling test when {@code present} is false — or fails it when {@link #required()}: the message says
     * what is missing and how to provide it.
     */
    public static void require(boolean present, Supplier<String> whatIsMissing) {
        if (present) return;
        String message = whatIsMissing.get();
        if (required()) {
            throw new AssertionError(message + " [" + REQUIRE_ENV + "=1: a missing reference is a failure, not a skip]");
        }
        Assumptions.abort("skipped: " + message);
    }

    /**
     * The Python interpreter of the pinned test environment: {@code -Dharmonica.python} or {@code HARMONICA_PYTHON};
     * null when neither is set.
     */
    public static String configuredPython() {
        String p = System.getProperty("harmonica.python");
        if (p == null || p.isBlank()) p = System.getenv("HARMONICA_PYTHON");
        return p == null || p.isBlank() ? null : p;
    }

    /** {@link #configuredPython()}, required (skip or fail with {@code need} in the message when it is not set). */
    public static String python(String need) {
        String p = configuredPython();
        require(p != null, () -> "no Python with " + need + " (pass -Dharmonica.python=/path/to/python or set"
                + " HARMONICA_PYTHON; .ci/setup-references builds target/pyenv)");
        // a bare command name ("python3") is looked up on the PATH when started
        require(!p.contains("/") || Files.isExecutable(Path.of(p)), () -> "HARMONICA_PYTHON / harmonica.python = " + p
                + " is not an executable file");
        return p;
    }
}
