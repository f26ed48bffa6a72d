package dev.harmonica.scenario.bfcl;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Loads BFCL v3/v4 multi-turn data as published (ShishirPatil/gorilla bfcl_eval data/): a folder holding
 * {@code <PREFIX>_multi_turn_<category>.json} (JSON Lines with a .json name), {@code possible_answer/} with the same
 * file names, and {@code multi_turn_func_doc/*.json}. PREFIX is {@code BFCL_v4}, else {@code BFCL_v3}, else any single
 * prefix present (our own datasets use {@code harmonica}). Errors name the file, line and key.
 */
public final class BfclDataset {
    /** BFCL's suffix on every non-held-out function description ({@code add_language_specific_hint_to_function_doc}). */
    public static final String PYTHON_HINT = " Note that the provided function is in Python 3 syntax.";

    /** Class name → func-doc file ({@code CLASS_FILE_PATH_MAPPING} / {@code MULTI_TURN_FUNC_DOC_FILE_MAPPING}). */
    public static final Map<String, String> FUNC_DOC_FILES;

    static {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("GorillaFileSystem", "gorilla_file_system.json");
        m.put("MathAPI", "math_api.json");
        m.put("MessageAPI", "message_api.json");
        m.put("TwitterAPI", "posting_api.json");
        m.put("TicketAPI", "ticket_api.json");
        m.put("TradingBot", "trading_bot.json");
        m.put("TravelAPI", "travel_booking.json");
        m.put("VehicleControlAPI", "vehicle_control.json");
        FUNC_DOC_FILES = Collections.unmodifiableMap(m);
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private BfclDataset() {
    }

    /** Loads one category ({@code base}, {@code miss_func}, {@code miss_param}, {@code long_context}). */
    public static List<BfclEntry> load(Path dir, String category) {
        return load(dir, BfclCategory.parse(category));
    }

    /** Loads one category with its ground truth and tool docs, in file order. */
    public static List<BfclEntry> load(Path dir, BfclCategory category) {
        Path qFile = questionFile(dir, category);
        Path aFile = dir.resolve("possible_answer").resolve(qFile.getFileName().toString());
        List<Line> questions = readJsonLines(qFile);
        List<Line> answers = readJsonLines(aFile);
        if (questions.size() != answers.size()) {
            throw new BfclDataException(aFile + ": has " + answers.size() + " entries but " + qFile + " has "
                    + questions.size() + "; the ground truth is aligned by line, so both files must match");
        }
        Map<String, List<JsonNode>> docs = new LinkedHashMap<>();
        List<BfclEntry> out = new ArrayList<>(questions.size());
        for (int i = 0; i < questions.size(); i++) {
            out.add(entry(dir, category, i, questions.get(i), answers.get(i), qFile, aFile, docs));
        }
        return Collections.unmodifiableList(out);
    }

    /** The question file of a category in a data folder. */
    public static Path questionFile(Path dir, BfclCategory category) {
        if (!Files.isDirectory(dir)) {
            throw new BfclDataException(dir + ": not a directory; pass --bfcl-data pointing at the folder holding "
                    + "BFCL_v4_multi_turn_*.json, possible_answer/ and multi_turn_func_doc/");
        }
        String suffix = "_multi_turn_" + category.key() + ".json";
        for (String prefix : List.of("BFCL_v4", "BFCL_v3")) {
            Path p = dir.resolve(prefix + suffix);
            if (Files.isRegularFile(p)) return p;
        }
        List<Path> found = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "*" + suffix)) {
            for (Path p : ds) found.add(p);
        } catch (IOException e) {
            throw new BfclDataException(dir + ": cannot list: " + e.getMessage(), e);
        }
        if (found.size() == 1) return found.get(0);
        if (found.isEmpty()) {
            throw new BfclDataException(dir + ": no file *" + suffix + " (expected BFCL_v4" + suffix
                    + "); check --bfcl-data");
        }
        Collections.sort(found);
        throw new BfclDataException(dir + ": several files match *" + suffix + ": " + found
                + "; keep one version per folder");
    }

    /** The func docs of every class, by class name, each list in file order (read from multi_turn_func_doc/). */
    public static Map<String, List<JsonNode>> loadFuncDocs(Path dir) {
        Map<String, List<JsonNode>> out = new LinkedHashMap<>();
        for (String cls : FUNC_DOC_FILES.keySet()) {
            Path f = dir.resolve("multi_turn_func_doc").resolve(FUNC_DOC_FILES.get(cls));
            if (Files.isRegularFile(f)) out.put(cls, funcDocs(f));
        }
        return out;
    }

    private static List<JsonNode> funcDocs(Path f) {
        List<JsonNode> docs = new ArrayList<>();
        for (Line l : readJsonLines(f)) {
            if (!l.node().isObject()) throw new BfclDataException(f + ":" + l.number() + ": expected a JSON object");
            for (String key : List.of("name", "description", "parameters")) {
                if (!l.node().has(key)) {
                    throw new BfclDataException(f + ":" + l.number() + ": key '" + key + "' is missing");
                }
            }
            if (!l.node().get("name").isTextual() || !l.node().get("description").isTextual()) {
                throw new BfclDataException(f + ":" + l.number() + ": keys 'name' and 'description' must be strings");
            }
            docs.add(l.node());
        }
        return docs;
    }

    private static List<JsonNode> docsOf(Path dir, String cls, Map<String, List<JsonNode>> cache, Path qFile,
                                         int line) {
        List<JsonNode> d = cache.get(cls);
        if (d != null) return d;
        String file = FUNC_DOC_FILES.get(cls);
        if (file == null) {
            throw new BfclDataException(qFile + ":" + line + ": key 'involved_classes': unknown class '" + cls
                    + "'; known: " + FUNC_DOC_FILES.keySet());
        }
        Path f = dir.resolve("multi_turn_func_doc").resolve(file);
        if (!Files.isRegularFile(f)) {
            throw new BfclDataException(f + ": missing (needed for class " + cls + " by " + qFile + ":" + line + ")");
        }
        d = funcDocs(f);
        cache.put(cls, d);
        return d;
    }

    private record Line(int number, JsonNode node) {
    }

    private static List<Line> readJsonLines(Path f) {
        String text;
        try {
            text = Files.readString(f, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new BfclDataException(f + ": file not found");
        } catch (IOException e) {
            throw new BfclDataException(f + ": cannot read: " + e.getMessage(), e);
        }
        List<Line> out = new ArrayList<>();
        int n = 0;
        int start = 0;
        while (start <= text.length()) {
            int end = text.indexOf('\n', start);
            if (end < 0) end = text.length();
            n++;
            String line = text.substring(start, end);
            if (!line.isBlank()) {
                try {
                    out.add(new Line(n, JSON.readTree(line)));
                } catch (JsonProcessingException e) {
                    throw new BfclDataException(f + ":" + n + ": not valid JSON (" + e.getOriginalMessage()
                            + "); the file must hold one JSON object per line", e);
                }
            }
            start = end + 1;
        }
        return out;
    }

    private static BfclEntry entry(Path dir, BfclCategory category, int index, Line q, Line a, Path qFile, Path aFile,
                                   Map<String, List<JsonNode>> docCache) {
        JsonNode qn = q.node();
        String where = qFile + ":" + q.number();
        String id = text(qn, "id", where);
        String aId = text(a.node(), "id", aFile + ":" + a.number());
        if (!id.equals(aId)) {
            throw new BfclDataException(aFile + ":" + a.number() + ": key 'id' is '" + aId + "' but line "
                    + q.number() + " of " + qFile + " is '" + id + "'; the files must be aligned line by line");
        }
        JsonNode question = field(qn, "question", where);
        if (!question.isArray()) throw new BfclDataException(where + ": key 'question' must be a list of turns");
        List<List<BfclMessage>> turns = new ArrayList<>();
        for (JsonNode turn : question) {
            if (!turn.isArray()) throw new BfclDataException(where + ": key 'question': each turn must be a list");
            List<BfclMessage> msgs = new ArrayList<>();
            for (JsonNode m : turn) {
                if (!m.isObject() || !m.path("role").isTextual() || !m.path("content").isTextual()) {
                    throw new BfclDataException(where + ": key 'question': each message needs string 'role' and "
                            + "'content'");
                }
                msgs.add(new BfclMessage(m.get("role").textValue(), m.get("content").textValue()));
            }
            turns.add(List.copyOf(msgs));
        }
        JsonNode cfg = qn.path("initial_config");
        if (!cfg.isMissingNode() && !cfg.isObject()) {
            throw new BfclDataException(where + ": key 'initial_config' must be an object of class name → config");
        }
        JsonNode initialConfig = cfg.isMissingNode() ? JsonNodeFactory.instance.objectNode() : cfg;
        JsonNode inv = field(qn, "involved_classes", where);
        if (!inv.isArray()) throw new BfclDataException(where + ": key 'involved_classes' must be a list of names");
        List<String> involved = new ArrayList<>();
        for (JsonNode c : inv) involved.add(c.asText());

        Map<Integer, List<String>> missed = new TreeMap<>();
        JsonNode mf = qn.path("missed_function");
        if (mf.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> it = mf.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                int turn;
                try {
                    turn = Integer.parseInt(e.getKey());
                } catch (NumberFormatException ex) {
                    throw new BfclDataException(where + ": key 'missed_function': '" + e.getKey()
                            + "' is not a turn index");
                }
                List<String> names = new ArrayList<>();
                for (JsonNode nm : e.getValue()) names.add(nm.asText());
                missed.put(turn, List.copyOf(names));
            }
        }
        List<String> excluded = new ArrayList<>();
        for (JsonNode x : qn.path("excluded_function")) excluded.add(x.asText());

        JsonNode gt = field(a.node(), "ground_truth", aFile + ":" + a.number());
        if (!gt.isArray()) {
            throw new BfclDataException(aFile + ":" + a.number() + ": key 'ground_truth' must be a list of turns");
        }
        List<List<String>> groundTruth = new ArrayList<>();
        for (JsonNode turn : gt) {
            List<String> calls = new ArrayList<>();
            for (JsonNode c : turn) {
                if (!c.isTextual()) {
                    throw new BfclDataException(aFile + ":" + a.number() + ": key 'ground_truth': calls must be "
                            + "strings");
                }
                calls.add(c.textValue());
            }
            groundTruth.add(List.copyOf(calls));
        }
        if (groundTruth.size() != turns.size()) {
            throw new BfclDataException(aFile + ":" + a.number() + ": key 'ground_truth' has " + groundTruth.size()
                    + " turns but the question has " + turns.size());
        }

        // populate_test_cases_with_predefined_functions: all docs of the involved classes, minus the held-out ones.
        List<JsonNode> functions = new ArrayList<>();
        for (String cls : involved) functions.addAll(docsOf(dir, cls, docCache, qFile, q.number()));
        Map<Integer, List<JsonNode>> heldOut = new TreeMap<>();
        for (Map.Entry<Integer, List<String>> e : missed.entrySet()) {
            List<JsonNode> released = new ArrayList<>();
            for (String name : e.getValue()) {
                int found = -1;
                for (int i = 0; i < functions.size(); i++) {
                    if (functions.get(i).get("name").asText().equals(name)) {
                        found = i;
                        break;
                    }
                }
                if (found < 0) {
                    throw new BfclDataException(where + ": key 'missed_function': '" + name
                            + "' is not a function of the involved classes " + involved);
                }
                released.add(functions.remove(found).deepCopy());
            }
            heldOut.put(e.getKey(), List.copyOf(released));
        }
        List<JsonNode> hinted = new ArrayList<>(functions.size());
        for (JsonNode f : functions) {
            ObjectNode copy = f.deepCopy();
            copy.put("description", f.get("description").asText() + PYTHON_HINT);
            hinted.add(copy);
        }
        return new BfclEntry(id, category, index, List.copyOf(turns), initialConfig, List.copyOf(involved),
                Collections.unmodifiableMap(missed), List.copyOf(excluded), List.copyOf(groundTruth),
                List.copyOf(hinted), Collections.unmodifiableMap(heldOut));
    }

    private static JsonNode field(JsonNode n, String key, String where) {
        JsonNode v = n.get(key);
        if (v == null) throw new BfclDataException(where + ": key '" + key + "' is missing");
        return v;
    }

    private static String text(JsonNode n, String key, String where) {
        JsonNode v = field(n, key, where);
        if (!v.isTextual()) throw new BfclDataException(where + ": key '" + key + "' must be a string");
        return v.textValue();
    }

    /**
     * Checks the files listed in {@code MANIFEST.tsv} ({@code path, bytes, entries, sha256_12}) and returns one
     * message per mismatch (empty when all match or when there is no manifest).
     */
    public static List<String> verifyManifest(Path dir) {
        Path manifest = dir.resolve("MANIFEST.tsv");
        List<String> problems = new ArrayList<>();
        if (!Files.isRegularFile(manifest)) return problems;
        try {
            List<String> lines = Files.readAllLines(manifest, StandardCharsets.UTF_8);
            for (int i = 1; i < lines.size(); i++) {
                String[] cols = lines.get(i).split("\t");
                if (cols.length < 4) continue;
                Path f = dir.resolve(cols[0]);
                if (!Files.isRegularFile(f)) {
                    problems.add(manifest + ":" + (i + 1) + ": " + cols[0] + " is missing");
                    continue;
                }
                byte[] bytes = Files.readAllBytes(f);
                if (bytes.length != Long.parseLong(cols[1])) {
                    problems.add(f + ": " + bytes.length + " bytes, manifest says " + cols[1]);
                }
                String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
                if (!sha.startsWith(cols[3])) problems.add(f + ": sha256 " + sha.substring(0, 12) + ", manifest says "
                        + cols[3]);
            }
        } catch (IOException | NoSuchAlgorithmException | NumberFormatException e) {
            problems.add(manifest + ": cannot check: " + e.getMessage());
        }
        return problems;
    }
}
