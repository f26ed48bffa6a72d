package dev.harmonica.journal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The append-only JSON Lines journal of a run. ONE writer per file: concurrent scenarios call {@link #append}
 * which serialises outside the lock and writes each complete line under the lock, so lines never interleave.
 * Every line reaches the OS when {@code append} returns (a {@code kill -9} of the JVM cannot lose it);
 * {@link #sync} (called at each scenario end when {@code fsync} is on) forces it to the disk.
 *
 * <p>Completeness rule (readers rely on it, see {@link JournalReader}): a scenario × variant is complete iff its
 * {@code "type":"scenario"} line is in the journal. Turn lines of a scenario × variant without a scenario line are
 * ignored by readers. {@code --resume} first compacts the journal ({@link JournalReader#compactForResume}) so that
 * the redone scenarios never duplicate turns.
 */
public final class Journal implements AutoCloseable {
    static final ObjectMapper MAPPER = new ObjectMapper().disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);

    private final Path path;
    private final FileChannel channel;
    private final CrashHook crashHook;
    private long lines;
    private boolean dead;

    /** Test hook: simulates a crash after the given number of lines (the run dies as with {@code kill -9}). */
    public interface CrashHook {
        /** Called under the writer lock before line number {@code lineIndex} (0-based) is written. */
        void beforeLine(long lineIndex);
    }

    /** Thrown by the crash hook; the writer refuses every later line. */
    public static final class SimulatedCrash extends Error {
        public SimulatedCrash(String message) {
            super(message);
        }
    }

    private Journal(Path path, FileChannel channel, CrashHook hook) {
        this.path = path;
        this.channel = channel;
        this.crashHook = hook;
    }

    /** Opens (creating if needed) a journal for appending. */
    public static Journal open(Path path, CrashHook hook) throws IOException {
        FileChannel ch = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND);
        return new Journal(path, ch, hook);
    }

    public Path path() {
        return path;
    }

    /** Appends one record (a {@link TurnRecord}, {@link ScenarioRecord} or any JSON-serialisable object) as one line. */
    public void append(Object record) {
        byte[] bytes;
        try {
            bytes = (MAPPER.writeValueAsString(record) + "\n").getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise journal record: " + e.getMessage(), e);
        }
        synchronized (this) {
            if (dead) throw new SimulatedCrash("journal writer stopped by a simulated crash");
            if (crashHook != null) {
                try {
                    crashHook.beforeLine(lines);
                } catch (SimulatedCrash c) {
                    dead = true;
                    throw c;
                }
            }
            try {
                ByteBuffer buf = ByteBuffer.wrap(bytes);
                while (buf.hasRemaining()) channel.write(buf);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write journal " + path + ": " + e.getMessage(), e);
            }
            lines++;
        }
    }

    /**
     * The record with its {@code record_digest}: SHA-256 (16 hex digits) of the record without digest and latency,
     * so identical runs give identical digests and a reader can recognise a duplicated line.
     */
    public static TurnRecord withDigest(TurnRecord t) {
        TurnRecord bare = t.toBuilder().latencyMs(0.0).recordDigest(null).build();
        return t.toBuilder().recordDigest(digest(bare)).build();
    }

    /** The record with its {@code record_digest} (see {@link #withDigest(TurnRecord)}). */
    public static ScenarioRecord withDigest(ScenarioRecord s) {
        return s.withRecordDigest(digest(s.withRecordDigest(null)));
    }

    private static String digest(Object record) {
        try {
            return Digests.sha256Hex16(MAPPER.writeValueAsString(record));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise journal record: " + e.getMessage(), e);
        }
    }

    /** Forces written lines to the storage device. */
    public void sync() {
        synchronized (this) {
            if (dead) return;
            try {
                channel.force(false);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot fsync journal " + path + ": " + e.getMessage(), e);
            }
        }
    }

    public synchronized long linesWritten() {
        return lines;
    }

    @Override
    public void close() {
        synchronized (this) {
            try {
                if (!dead) channel.force(false);
                channel.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
