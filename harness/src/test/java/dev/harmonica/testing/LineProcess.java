package dev.harmonica.testing;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A reference script run as a child process that speaks in lines: lines out ({@link #readLine()}), or one request
 * line in and one answer line out ({@link #ask(String)}, a {@code serve} loop); its stderr goes to a file the caller
 * chose, which {@link #close()} deletes.
 */
public class LineProcess implements AutoCloseable {
    private final Process process;
    private final BufferedReader out;
    private final BufferedWriter in;
    private final Path stderr;

    protected LineProcess(Process process, Path stderr) {
        this.process = process;
        this.stderr = stderr;
        this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8), 1 << 16);
        this.in = new BufferedWriter(new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8));
    }

    /** Starts {@code pb} with its stderr redirected to {@code stderr}. */
    public static LineProcess start(ProcessBuilder pb, Path stderr) throws IOException {
        pb.redirectError(stderr.toFile());
        return new LineProcess(pb.start(), stderr);
    }

    /** The next line the script wrote, or null at its end. */
    public String readLine() throws IOException {
        return out.readLine();
    }

    /** Sends one request to a {@code serve} process and returns its answer. */
    public String ask(String requestLine) {
        try {
            in.write(requestLine);
            in.write('\n');
            in.flush();
            String answer = out.readLine();
            if (answer == null) throw new IOException("the reference process ended: " + errors());
            return answer;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What the script wrote to stderr so far (its last 4000 characters, for failure messages). */
    public String errors() throws IOException {
        String s = Files.readString(stderr, StandardCharsets.UTF_8);
        return s.length() > 4000 ? s.substring(s.length() - 4000) : s;
    }

    /** The exit code once the script ended by itself. */
    public int waitFor() throws InterruptedException {
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
