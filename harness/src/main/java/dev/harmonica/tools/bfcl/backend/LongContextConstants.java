package dev.harmonica.tools.bfcl.backend;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.harmonica.tools.bfcl.py.Py;
import dev.harmonica.tools.bfcl.py.PyReprObject;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * BFCL's long-context padding data ({@code long_context_constants.json}, exported from {@code long_context.py};
 * ShishirPatil/gorilla bfcl_eval eval_checker/multi_turn_eval/func_source_code/long_context.py), as Python values. Third-party data: it is read at runtime from the BFCL data directory,
 * never bundled. Immutable once loaded; the mutable module globals derived from it live in {@link BfclModules}.
 */
public final class LongContextConstants {
    /** The file name inside the BFCL v4 data directory. */
    public static final String FILE_NAME = "long_context_constants.json";

    /** Python's {@code Ellipsis} ({@code ...}), which prints as {@code Ellipsis}. */
    public static final PyReprObject ELLIPSIS = Py.ELLIPSIS;

    /** The keys the backends read. */
    public static final List<String> REQUIRED_KEYS = List.of("FILE_CONTENT_EXTENSION", "FILES_TAIL_USED",
            "POPULATE_FILE_EXTENSION", "WATCH_LIST_EXTENSION", "TRANSACTION_HISTORY_EXTENSION", "MA_5_EXTENSION",
            "MA_20_EXTENSION", "TECHNOLOGY_EXTENSION", "AUTOMOBILE_EXTENSION", "ORDER_DETAIL_EXTENSION",
            "CAR_STATUS_METADATA_EXTENSION", "PARKING_BRAKE_INSTRUCTION", "LONG_WEATHER_EXTENSION",
            "INTERMEDIARY_CITIES", "CREDIT_CARD_EXTENSION", "BOOKING_RECORD_EXTENSION");

    private final Map<String, Object> values;
    private final Path source;

    private LongContextConstants(Map<String, Object> values, Path source) {
        this.values = Collections.unmodifiableMap(values);
        this.source = source;
    }

    /** Loads {@code <bfclV4Dir>/long_context_constants.json}. */
    public static LongContextConstants fromDataDir(Path bfclV4Dir) throws IOException {
        return load(bfclV4Dir.resolve(FILE_NAME));
    }

    /**
     * Loads the constants file.
     *
     * @throws IOException when the file is missing, is not JSON, or lacks one of {@link #REQUIRED_KEYS} (the
     *                     message names the file and the key)
     */
    public static LongContextConstants load(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException(file + ": long-context constants file not found (expected BFCL's " + FILE_NAME
                    + "; point the BFCL data directory at the folder holding it)");
        }
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(file.toFile());
        } catch (JsonParseException e) {
            throw new IOException(file + ": not valid JSON at line " + e.getLocation().getLineNr() + ": "
                    + e.getOriginalMessage(), e);
        }
        if (root == null || !root.isObject()) throw new IOException(file + ": expected a JSON object at the top");
        LinkedHashMap<String, Object> values = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            values.put(e.getKey(), toPython(e.getValue()));
        }
        for (String key : REQUIRED_KEYS) {
            if (!values.containsKey(key)) throw new IOException(file + ": missing key \"" + key + "\"");
        }
        return new LongContextConstants(values, file);
    }

    /** Builds constants from already-decoded Python values (for tests). */
    public static LongContextConstants of(Map<String, Object> values) {
        return new LongContextConstants(new LinkedHashMap<>(values), null);
    }

    /**
     * Constants decoded elsewhere (bfcl-eval's {@code long_context.py}), checked for {@link #REQUIRED_KEYS}.
     *
     * @throws IOException naming the source and the missing key
     */
    public static LongContextConstants of(Map<String, Object> values, Path source) throws IOException {
        for (String key : REQUIRED_KEYS) {
            if (!values.containsKey(key)) throw new IOException(source + ": missing constant " + key);
        }
        return new LongContextConstants(new LinkedHashMap<>(values), source);
    }

    public Set<String> keys() {
        return values.keySet();
    }

    /** Where the constants were read from (null when built in memory). */
    public Path source() {
        return source;
    }

    /** A deep copy of a constant (for comparisons and reports). */
    public Object copyOf(String key) {
        return PyOps.deepCopy(get(key));
    }

    /** The constant; callers that may mutate must deep-copy. */
    Object get(String key) {
        Object v = values.get(key);
        if (v == null && !values.containsKey(key)) {
            throw new IllegalStateException("long-context constant " + key + " is missing"
                    + (source != null ? " in " + source : ""));
        }
        return v;
    }

    /** JSON → Python value; {@code {"__python__": "Ellipsis"}} becomes {@link #ELLIPSIS}. */
    static Object toPython(JsonNode n) {
        if (n == null || n.isNull()) return null;
        if (n.isBoolean()) return n.booleanValue();
        if (n.isIntegralNumber()) return n.canConvertToLong() ? (Object) n.longValue() : n.bigIntegerValue();
        if (n.isNumber()) return n.doubleValue();
        if (n.isTextual()) return n.textValue();
        if (n.isArray()) {
            ArrayList<Object> l = new ArrayList<>(n.size());
            for (JsonNode c : n) l.add(toPython(c));
            return l;
        }
        if (n.size() == 1 && n.has("__python__") && "Ellipsis".equals(n.get("__python__").asText())) {
            return ELLIPSIS;
        }
        LinkedHashMap<Object, Object> m = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            m.put(e.getKey(), toPython(e.getValue()));
        }
        return m;
    }
}
