package dev.harmonica.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.harmonica.run.RunFile;
import dev.harmonica.scenario.BadInputException;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Fuzzing the run-file reader ({@link RunFile#parse}): generated run files that follow the schema's shape with wrong,
 * extreme and hostile values in every field, and byte-level mutations of a valid run file. The only exception that
 * may escape is {@link BadInputException}, and its message names the file. Each input comes from one seed (printed
 * by jqwik when a try fails), so a failure reproduces exactly.
 */
class RunFileFuzzTest {
    static final int TREE_TRIES = 3000;
    static final int TEXT_TRIES = 2000;
    private static final String ORIGIN = "fuzz-run.json";
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    /** Each field of the schema with a few valid values (the fuzzer mostly keeps a field valid, so later ones are reached). */
    private static final Map<String, List<JsonNode>> TOP = fields(
            "run_id", List.of(text("run-1"), text("nightly-2026-12-05")),
            "limit", List.of(num(0), num(3)), "step_limit", List.of(num(20), num(1)), "swe_max_steps", List.of(num(0), num(5)),
            "swe_steps", List.of(text("all"), text("every:2"), text("buckets:3"), text("steps:1,2")),
            "swe_context_tokens", List.of(num(131072), num(0)), "fsync", List.of(F.booleanNode(true)),
            "system_message", List.of(text("vllm"), text("harmony-default")), "system_date", List.of(text("2026-12-05")),
            "deadline", List.of(text("6h"), num(0)), "scenario_deadline", List.of(text("1h30m"), text("45s")),
            "retry_unjudged", List.of(num(0), num(2)), "retry_unjudged_wait_s", List.of(num(30)));
    private static final Map<String, List<JsonNode>> ENDPOINT = fields(
            "url", List.of(text("sim"), text("http://127.0.0.1:8000/v1")), "model", List.of(text("gpt-oss-20b")),
            "api_key_env", List.of(text("OPENAI_API_KEY")), "concurrency", List.of(num(16)), "timeout_s", List.of(num(600)),
            "max_attempts", List.of(num(6)), "cache_dir", List.of(F.nullNode(), text("cache")),
            "server", List.of(text("vllm"), text("generic")));
    private static final Map<String, List<JsonNode>> SIM = fields(
            "faults", List.of(F.booleanNode(false)), "seed", List.of(num(7)), "latency_ms", List.of(num(0)));
    private static final Map<String, List<JsonNode>> VARIANT = fields(
            "renderer", List.of(text("pr114"), text("recipient=channel")), "mode", List.of(text("chat"), text("completions")),
            "driving", List.of(text("lenient"), text("resample")), "resamples", List.of(num(2)),
            "tool_choice", List.of(text("auto")), "parallel_tool_calls", List.of(F.booleanNode(true)),
            "drop_analysis", List.of(F.booleanNode(false)));
    private static final Map<String, List<JsonNode>> SAMPLING = fields(
            "max_tokens", List.of(num(4096)), "temperature", List.of(F.numberNode(0.5)), "top_p", List.of(F.numberNode(1.0)),
            "seed", List.of(num(1), F.nullNode()));
    private static final List<String> VALID_SETS = List.of("bfcl:datasets/bfcl", "swe:datasets/swe",
            "bfcl:../shared/data/bfcl/v4:base");
    /** Plausible and hostile strings for any field. */
    private static final List<String> STRINGS = List.of("", " ", "sim", "http://127.0.0.1:8000/v1", "https://x", "ftp://x",
            "bfcl:datasets/bfcl", "swe:datasets/swe", "bfcl:../shared/data/bfcl/v4:base", "bfcl:", "swe:", ":", "x:y:z:w",
            "harmony-v0.0.8", "pr114", "recipient=channel,content-type=always-constrain", "recipient=", "=,=",
            "completions", "chat", "chat-stream", "lenient", "stop", "resample", "auto", "required", "none", "vllm",
            "harmonica-sim", "generic", "harmony-default", "2026-12-05", "2026-02-30", "9999-99-99", "6h", "90m", "1h30m",
            "45s", "0", "-1", "99999999999999999999h", "9223372036854775807", "99999999999999999999", "1e309", "NaN",
            "all", "every:0", "every:-1", "every:99999999999", "first:3", "last:0", "buckets:0", "steps:1,2", "steps:",
            "steps:a", "steps:99999999999", "v1", "a b", "a/b", "../x", "\u0000", "\u001b[2J", "\u202e", "\ud800",
            "\uffff", "x".repeat(300));
    private static final List<String> DURATIONS = List.of("6h", "1h30m", "0", "99999999999999999999h",
            "9999999999999999h", "153722867280912931m", "9223372036854775807s", "h", "1x", " 5 ", "");

    private static JsonNode text(String s) {
        return F.textNode(s);
    }

    private static JsonNode num(long n) {
        return F.numberNode(n);
    }

    private static Map<String, List<JsonNode>> fields(Object... keyValues) {
        Map<String, List<JsonNode>> m = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            @SuppressWarnings("unchecked")
            List<JsonNode> values = (List<JsonNode>) keyValues[i + 1];
            m.put((String) keyValues[i], values);
        }
        return m;
    }

    private static <T> T pick(SplittableRandom r, List<T> l) {
        return l.get(r.nextInt(l.size()));
    }

    private static JsonNode scalar(SplittableRandom r) {
        return switch (r.nextInt(12)) {
            case 0 -> F.nullNode();
            case 1 -> F.booleanNode(r.nextBoolean());
            case 2 -> F.numberNode(r.nextInt(-3, 5));
            case 3 -> F.numberNode(r.nextLong());
            case 4 -> F.numberNode(r.nextDouble() * 4 - 1);
            case 5 -> F.numberNode(new BigInteger("123456789012345678901234567890"));
            case 6 -> F.numberNode(1e308 * (r.nextBoolean() ? 10 : -10));
            case 7 -> F.textNode(pick(r, DURATIONS));
            case 8 -> F.numberNode(Integer.MAX_VALUE + (long) r.nextInt(3));
            default -> F.textNode(pick(r, STRINGS));
        };
    }

    private static JsonNode value(SplittableRandom r, int depth) {
        int k = r.nextInt(10);
        if (depth > 3 || k < 7) return scalar(r);
        if (k < 9) {
            ArrayNode a = F.arrayNode();
            for (int i = r.nextInt(4); i > 0; i--) a.add(value(r, depth + 1));
            return a;
        }
        ObjectNode o = F.objectNode();
        for (String key : List.of("name", "type", "function", "x")) if (r.nextBoolean()) o.set(key, value(r, depth + 1));
        return o;
    }

    /** An object of a schema: each field present half the time, valid 6 times in 7, else any value. */
    private static ObjectNode object(SplittableRandom r, Map<String, List<JsonNode>> schema, int depth) {
        ObjectNode o = F.objectNode();
        schema.forEach((key, valid) -> {
            if (r.nextBoolean()) o.set(key, r.nextInt(7) > 0 ? pick(r, valid) : value(r, depth));
        });
        if (r.nextInt(12) == 0) o.set(pick(r, STRINGS), value(r, depth)); // an unknown field
        return o;
    }

    /** A run file of the schema's shape with random values. */
    static ObjectNode runFile(SplittableRandom r) {
        ObjectNode o = object(r, TOP, 0);
        if (r.nextInt(2) == 0) o.put(r.nextBoolean() ? "deadline" : "scenario_deadline", pick(r, DURATIONS));
        if (r.nextInt(10) > 0) {
            ArrayNode sets = o.putArray("scenarios");
            for (int i = r.nextInt(3); i >= 0; i--) {
                sets.add(r.nextInt(8) > 0 ? F.textNode(pick(r, VALID_SETS)) : r.nextBoolean() ? F.textNode(pick(r, STRINGS)) : scalar(r));
            }
        }
        if (r.nextInt(3) > 0) {
            ObjectNode e = object(r, ENDPOINT, 1);
            if (r.nextBoolean()) e.set("sim", r.nextInt(7) > 0 ? object(r, SIM, 2) : value(r, 2));
            o.set("endpoint", r.nextInt(10) > 0 ? e : value(r, 1));
        }
        if (r.nextInt(10) > 0) {
            ArrayNode vs = o.putArray("variants");
            for (int i = r.nextInt(3); i >= 0; i--) {
                ObjectNode v = object(r, VARIANT, 1);
                v.set("name", r.nextInt(8) > 0 ? text("v" + i) : value(r, 2));
                if (r.nextBoolean()) v.set("sampling", r.nextInt(7) > 0 ? object(r, SAMPLING, 2) : value(r, 2));
                vs.add(r.nextInt(12) > 0 ? v : scalar(r));
            }
        }
        return o;
    }

    private static final String VALID = """
            {"run_id": "nightly-1", "scenarios": ["bfcl:datasets/bfcl", "swe:datasets/swe"], "limit": 3,
             "deadline": "6h", "swe_steps": "every:2",
             "endpoint": {"url": "sim", "sim": {"faults": true, "seed": 7}},
             "variants": [{"name": "a", "renderer": "pr114", "mode": "chat", "sampling": {"temperature": 0.5}}]}
            """;

    /** The valid run file with a few characters deleted, inserted or replaced. */
    static String mutated(SplittableRandom r) {
        StringBuilder sb = new StringBuilder(VALID);
        String alphabet = "{}[]\":,0123456789-eE.tfn \\u\n\u0000\u00e9\ud800";
        for (int i = 1 + r.nextInt(4); i > 0; i--) {
            int at = r.nextInt(sb.length() + 1);
            switch (r.nextInt(3)) {
                case 0 -> { if (at < sb.length()) sb.deleteCharAt(at); }
                case 1 -> sb.insert(at, alphabet.charAt(r.nextInt(alphabet.length())));
                default -> { if (at < sb.length()) sb.setCharAt(at, alphabet.charAt(r.nextInt(alphabet.length()))); }
            }
        }
        return sb.toString();
    }

    private static void parseOnlyFailsWithBadInput(String text) throws Throwable {
        Guard.within(text, () -> {
            try {
                RunFile.parse(text, ORIGIN);
            } catch (BadInputException e) {
                assertThat(e.getMessage()).as("message of %s", Guard.describe(text)).contains(ORIGIN);
            } catch (RuntimeException e) {
                throw new AssertionError("undocumented " + e + " on " + Guard.describe(text), e);
            }
            return null;
        });
    }

    /**
     * Found by this fuzzer: a duration whose seconds overflow a long escaped as an IllegalArgumentException without
     * the file's name, and one that fits a long but not a clock ({@code Instant.plusSeconds}) was accepted and would
     * have failed the run at its start.
     */
    @ParameterizedTest
    @ValueSource(strings = {"\"9999999999999999h\"", "\"153722867280912931m\"", "\"99999999999999999999\"",
            "\"9223372036854775807s\"", "9223372036854775807", "315360001"})
    void durationsBeyondTenYearsAreBadInputNamingTheField(String deadline) {
        String json = "{\"scenarios\": [\"bfcl:datasets/bfcl\"], \"variants\": [{\"name\": \"a\"}], \"deadline\": " + deadline + "}";
        assertThatThrownBy(() -> RunFile.parse(json, ORIGIN)).isInstanceOf(BadInputException.class)
                .hasMessageContaining(ORIGIN).hasMessageContaining("deadline").hasMessageContaining("ten years");
        assertThat(RunFile.parse(json.replace(deadline, "\"87600h\""), ORIGIN).deadlineSeconds()).isEqualTo(RunFile.MAX_DURATION_SECONDS);
    }

    @Property(tries = TREE_TRIES)
    void generatedRunFilesFailOnlyWithBadInput(@ForAll long seed) throws Throwable {
        parseOnlyFailsWithBadInput(runFile(new SplittableRandom(seed)).toString());
    }

    @Property(tries = TEXT_TRIES)
    void mutatedRunFilesFailOnlyWithBadInput(@ForAll long seed) throws Throwable {
        parseOnlyFailsWithBadInput(mutated(new SplittableRandom(seed)));
    }
}
