package dev.harmonica.harmony;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.harmonica.harmony.ReferenceCases.Category;
import org.junit.jupiter.api.Test;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Harmonica against the real openai-harmony 0.0.8 wheel from PyPI: a seeded generator
 * ({@code harness/src/test/python/differential/harmony/harmony_reference.py}) makes conversations with tools to
 * render and malformed completions (dropped, swapped and duplicated special tokens, bytes that are not UTF-8, invalid
 * token ids, integers beyond 64 bits, truncation) to parse, with openai_harmony's results; Harmonica's render (token
 * ids), strict parse, non-strict parse and streaming state after every token must equal them.
 *
 * <p>Needs {@code -Dharmonica.python=PYTHON} (or {@code HARMONICA_PYTHON}) with {@code openai-harmony==0.0.8}; skipped
 * with a message otherwise. A fresh seed each run unless {@code -Dharmonica.diff.seed=N}; the seed is printed. Sizes:
 * {@code -Dharmonica.diff.render=3000 -Dharmonica.diff.parse=12000 -Dharmonica.diff.stream=6000
 * -Dharmonica.diff.escapes=30000} (code points whose Rust {@code Debug} escaping is checked against the wheel). On a disagreement
 * the first case of each category is shrunk (tokens or messages removed while openai-harmony and Harmonica still
 * disagree) and the test fails with the minimal case.
 */
class HarmonyReferenceDifferentialTest {
    /** Reference calls a shrink may make per category. */
    private static final int SHRINK_BUDGET = 1500;

    @Test
    void harmonicaAgreesWithOpenaiHarmony() throws Exception {
        long seed = Long.getLong("harmonica.diff.seed", new SecureRandom().nextLong() & Long.MAX_VALUE);
        System.out.println("HarmonyReferenceDifferentialTest: seed " + seed + " (repeat with -Dharmonica.diff.seed=" + seed + ")");
        try (ReferenceProcess.Setup setup = ReferenceProcess.Setup.locate()) {
            ReferenceCases cases = new ReferenceCases();
            Map<Category, int[]> tally = new EnumMap<>(Category.class); // {agreed, total}
            for (Category c : Category.values()) tally.put(c, new int[2]);
            int[] states = new int[1], codePoints = new int[1];
            int totalStates = 0, totalCodePoints = 0;
            Map<Category, ObjectNode> firstDisagreement = new EnumMap<>(Category.class);
            try (ReferenceProcess gen = setup.start("generate", "--seed", Long.toString(seed),
                    "--render", size("render", 3000), "--parse", size("parse", 12000), "--stream", size("stream", 6000),
                    "--escapes", size("escapes", 30000))) {
                String line;
                while ((line = gen.readLine()) != null) {
                    ObjectNode c = (ObjectNode) ReferenceCases.JSON.readTree(line);
                    if (c.get("kind").asText().equals("stream")) totalStates += c.get("states").size();
                    if (c.get("kind").asText().equals("escape")) totalCodePoints += c.get("code_points").size();
                    for (Category cat : categoriesOf(c)) {
                        boolean agreed = check(cases, cat, c, cat == Category.DEBUG_ESCAPE ? codePoints : states) == null;
                        tally.get(cat)[agreed ? 0 : 1]++;
                        if (!agreed) firstDisagreement.putIfAbsent(cat, c);
                    }
                }
                assertThat(gen.waitFor()).as("generator exit code; stderr: %s", gen.errors()).isZero();
            }
            StringBuilder summary = new StringBuilder("openai-harmony 0.0.8 vs Harmonica (seed " + seed + "):");
            for (var e : tally.entrySet()) {
                int agreed = e.getValue()[0], total = agreed + e.getValue()[1];
                summary.append(' ').append(e.getKey().name().toLowerCase()).append(' ').append(agreed).append('/').append(total);
            }
            summary.append(", streaming states ").append(states[0]).append('/').append(totalStates)
                    .append(", Debug-escaped code points ").append(codePoints[0]).append('/').append(totalCodePoints);
            System.out.println(summary);
            List<String> minimal = new ArrayList<>();
            if (!firstDisagreement.isEmpty()) {
                try (ReferenceProcess serve = setup.start("serve")) {
                    for (var e : firstDisagreement.entrySet()) {
                        ObjectNode small = shrink(cases, e.getKey(), e.getValue(), serve);
                        minimal.add(e.getKey() + ": " + check(cases, e.getKey(), small, new int[1]) + "\n  minimal case: "
                                + request(small));
                    }
                }
            }
            assertThat(minimal).as(summary + "\nseed " + seed + "; minimal disagreements").isEmpty();
        }
    }

    private static String size(String what, int dflt) {
        return Integer.toString(Integer.getInteger("harmonica.diff." + what, dflt));
    }

    private static List<Category> categoriesOf(JsonNode c) {
        return switch (c.get("kind").asText()) {
            case "render" -> List.of(Category.RENDER);
            case "parse" -> List.of(Category.STRICT, Category.NON_STRICT);
            case "escape" -> List.of(Category.DEBUG_ESCAPE);
            default -> List.of(Category.STREAM_RUN);
        };
    }

    private static String check(ReferenceCases cases, Category cat, JsonNode c, int[] states) {
        return switch (cat) {
            case RENDER -> cases.render(c);
            case STRICT -> ReferenceCases.parse(c, true);
            case NON_STRICT -> ReferenceCases.parse(c, false);
            case STREAM_RUN -> cases.stream(c, states);
            case DEBUG_ESCAPE -> ReferenceCases.escape(c, states);
        };
    }

    /** The case without openai-harmony's answers: what {@code harmony_reference.py serve} takes. */
    private static ObjectNode request(ObjectNode c) {
        ObjectNode r = c.deepCopy();
        r.remove(List.of("expected", "non_strict", "states", "escaped"));
        if (c.get("kind").asText().equals("parse")) r.remove("strict");
        return r;
    }

    /** Removes tokens (or messages and tools) while Harmonica and openai-harmony still disagree in {@code cat}. */
    private static ObjectNode shrink(ReferenceCases cases, Category cat, ObjectNode c, ReferenceProcess serve) {
        int[] budget = {SHRINK_BUDGET};
        Predicate<ObjectNode> fails = candidate -> {
            budget[0]--;
            try {
                ObjectNode answered = (ObjectNode) ReferenceCases.JSON.readTree(serve.ask(request(candidate).toString()));
                return check(cases, cat, answered, new int[1]) != null;
            } catch (Exception e) {
                return false;
            }
        };
        if (cat == Category.DEBUG_ESCAPE) return c; // its message names the code point
        String field = cat == Category.RENDER ? null : "tokens";
        ObjectNode best = c;
        if (field != null) return answer(serve, shrinkArray(best, field, fails, budget));
        best = shrinkArray(best, "/conversation/messages", fails, budget);
        return answer(serve, best);
    }

    private static ObjectNode answer(ReferenceProcess serve, ObjectNode c) {
        try {
            return (ObjectNode) ReferenceCases.JSON.readTree(serve.ask(request(c).toString()));
        } catch (Exception e) {
            return c;
        }
    }

    /** Delta debugging over one array (a field name or a JSON pointer): drop chunks, halving their size. */
    private static ObjectNode shrinkArray(ObjectNode c, String path, Predicate<ObjectNode> fails, int[] budget) {
        ObjectNode best = c;
        int chunk = Math.max(1, arrayAt(best, path).size() / 2);
        while (chunk >= 1 && budget[0] > 0) {
            boolean progress = false;
            for (int start = 0; start < arrayAt(best, path).size() && budget[0] > 0; ) {
                ObjectNode candidate = best.deepCopy();
                ArrayNode arr = arrayAt(candidate, path);
                for (int k = 0; k < chunk && start < arr.size(); k++) arr.remove(start);
                if (fails.test(candidate)) {
                    best = candidate;
                    progress = true;
                } else {
                    start += chunk;
                }
            }
            if (!progress) chunk /= 2;
        }
        return best;
    }

    private static ArrayNode arrayAt(ObjectNode c, String path) {
        return (ArrayNode) (path.startsWith("/") ? c.at(path) : c.get(path));
    }
}
