package dev.harmonica.endpoint;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

/**
 * On-disk response cache (docs/endpoint.md, Client policy rule 6). The key is the SHA-256 of the canonical JSON (sorted keys) of
 * {@code {"url": …, "body": <request body>}}; the API key travels in a header and is never part of it. Entries keep
 * the server's raw response body (or the raw SSE text), so that a rerun re-reads responses with the current code.
 * Writes are atomic (temporary file in the same directory, then rename); concurrent writers of the same key are
 * harmless because both write the same content. Only successful turns and model-format errors are cached, never
 * transport failures.
 */
public final class ResponseCache {
    private final Path dir;

    /**
     * One cached response. {@code stream}: the body is SSE text; {@code simFaults}: the simulator's fault header, or
     * null; {@code simulated}: the answer said it was simulated (entries written before this field existed count as
     * simulated when they carry a fault header, which only simulators send).
     */
    public record Entry(int status, boolean stream, String body, String simFaults, boolean simulated) {
        /** The entry that keeps {@code a}. */
        public static Entry of(Answer a) {
            return new Entry(a.status(), a.sse(), a.body(), a.headers().simFaults(), a.headers().simulated());
        }

        /** The answer kept (its {@code Retry-After} and {@code Location} are not kept: a cached answer is a turn). */
        public Answer answer() {
            return new Answer(status, body, stream, new Answer.Headers(null, null, simulated, simFaults));
        }
    }

    public ResponseCache(Path dir) {
        this.dir = dir;
    }

    public Path dir() {
        return dir;
    }

    /** The cache key of a request: lower-case hex SHA-256 of the canonical JSON of url and body. */
    public static String key(String url, JsonNode body) {
        ObjectNode o = Json.object();
        o.put("url", url);
        o.set("body", body);
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(Json.canonical(o).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    Path file(String key) {
        return dir.resolve(key.substring(0, 2)).resolve(key + ".json");
    }

    /** The entry for a key; empty when absent or unreadable (an unreadable entry is treated as a miss). */
    public Optional<Entry> get(String key) {
        Path f = file(key);
        if (!Files.isRegularFile(f)) return Optional.empty();
        try {
            JsonNode n = Json.MAPPER.readTree(Files.readString(f, StandardCharsets.UTF_8));
            if (n == null || !n.has("status") || !n.has("body")) return Optional.empty();
            String simFaults = n.hasNonNull("sim_faults") ? n.get("sim_faults").asText() : null;
            return Optional.of(new Entry(n.get("status").asInt(), n.path("stream").asBoolean(false),
                    n.get("body").asText(), simFaults, n.path("simulated").asBoolean(simFaults != null)));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /**
     * Stores an entry atomically. Returns false (and leaves no partial file) when the entry cannot be written, e.g.
     * a full disk: the cache is an optimisation and never costs a turn.
     */
    public boolean put(String key, Entry e) {
        Path f = file(key);
        ObjectNode o = Json.object();
        o.put("status", e.status());
        o.put("stream", e.stream());
        o.put("body", e.body());
        if (e.simFaults() != null) o.put("sim_faults", e.simFaults());
        if (e.simulated()) o.put("simulated", true);
        try {
            Files.createDirectories(f.getParent());
            Path tmp = Files.createTempFile(f.getParent(), key.substring(0, 8), ".tmp");
            try {
                Files.writeString(tmp, Json.write(o), StandardCharsets.UTF_8);
                try {
                    Files.move(tmp, f, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException ex) {
                    Files.move(tmp, f, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException | UncheckedIOException ex) {
            return false;
        }
        return true;
    }
}
