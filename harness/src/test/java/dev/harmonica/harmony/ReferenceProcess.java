package dev.harmonica.harmony;

import dev.harmonica.testing.LineProcess;
import dev.harmonica.testing.Prerequisites;
import dev.harmonica.testing.SharedData;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code harness/src/test/python/differential/harmony/harmony_reference.py} run by the Python interpreter named by
 * {@code -Dharmonica.python=…} or {@code HARMONICA_PYTHON}, with openai-harmony 0.0.8 installed. openai_harmony reads
 * the o200k_base vocabulary from {@code TIKTOKEN_ENCODINGS_BASE}: a temporary folder holding the copy bundled with
 * jtokkit (byte-identical to OpenAI's file, whose SHA-256 harmony checks), deleted by {@link Setup#close()}.
 */
final class ReferenceProcess extends LineProcess {
    private ReferenceProcess(Process process, Path stderr) {
        super(process, stderr);
    }

    /** Where the interpreter, the script and the vocabulary are; skips the calling test when Python is not usable. */
    record Setup(String python, Path script, Path vocabDir) implements AutoCloseable {
        static Setup locate() throws IOException, InterruptedException {
            // a skip on a bare checkout, a failure under HARMONICA_REQUIRE_REFERENCES=1 (CI)
            String python = Prerequisites.python("openai-harmony==0.0.8");
            Path script = SharedData.projectRoot().resolve("harness/src/test/python/differential/harmony/harmony_reference.py");
            Path vocab = Files.createTempDirectory("harmonica-vocab");
            try (InputStream r = ReferenceProcess.class.getResourceAsStream("/com/knuddels/jtokkit/o200k_base.tiktoken")) {
                if (r == null) throw new IllegalStateException("jtokkit's o200k_base.tiktoken is not on the classpath");
                Files.copy(r, vocab.resolve("o200k_base.tiktoken"), StandardCopyOption.REPLACE_EXISTING);
            }
            Setup s = new Setup(python, script, vocab);
            String problem = s.probe();
            if (problem != null) s.close();
            Prerequisites.require(problem == null, () -> python + " cannot run openai_harmony: " + problem);
            return s;
        }

        /** Null when {@code import openai_harmony} works and is version 0.0.8; else what went wrong. */
        private String probe() throws IOException, InterruptedException {
            ProcessBuilder pb = new ProcessBuilder(python, "-c",
                    "import importlib.metadata as m, openai_harmony; print(m.version('openai-harmony'))");
            pb.environment().put("TIKTOKEN_ENCODINGS_BASE", vocabDir.toString());
            pb.redirectErrorStream(true);
            Process proc;
            try {
                proc = pb.start();
            } catch (IOException e) {
                return e.getMessage();
            }
            String text = new String(proc.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!proc.waitFor(60, TimeUnit.SECONDS) || proc.exitValue() != 0) return text;
            return text.equals("0.0.8") ? null : "openai-harmony " + text + " is installed, 0.0.8 is required";
        }

        ReferenceProcess start(String... args) throws IOException {
            List<String> cmd = new ArrayList<>(List.of(python, script.toString()));
            cmd.addAll(List.of(args));
            ProcessBuilder pb = new ProcessBuilder(cmd);
            pb.environment().put("TIKTOKEN_ENCODINGS_BASE", vocabDir.toString());
            pb.environment().put("PYTHONIOENCODING", "utf-8");
            Path err = Files.createTempFile(vocabDir, "stderr", ".txt");
            pb.redirectError(err.toFile());
            return new ReferenceProcess(pb.start(), err);
        }

        @Override
        public void close() throws IOException {
            try (var files = Files.list(vocabDir)) {
                for (Path f : files.toList()) Files.deleteIfExists(f);
            }
            Files.deleteIfExists(vocabDir);
        }
    }
}
