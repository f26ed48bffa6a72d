package dev.harmonica.harmony.parse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.harmonica.harmony.MessageJson;
import dev.harmonica.harmony.ParseOutcome;
import dev.harmonica.harmony.Repair;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Differential test against openai/harmony's own code: runs an {@code oracle_parse.jsonl} produced by
 * {@code ../shared/tools/harmony-oracle/run.sh OUT_DIR} (never committed). The file is taken from the system
 * property {@code harmonica.oracleParse} or the environment variable {@code HARMONICA_ORACLE_PARSE}; the test is
 * skipped with a message when neither names an existing file.
 */
class OracleDifferentialTest {

    static Path oracleFile() {
        String prop = System.getProperty("harmonica.oracleParse");
        String p = prop == null || prop.isBlank() ? System.getenv("HARMONICA_ORACLE_PARSE") : prop;
        Path path = p == null || p.isBlank() ? null : Path.of(p);
        Assumptions.assumeTrue(path != null && Files.isRegularFile(path),
                () -> "skipped: no oracle file (run ../shared/tools/harmony-oracle/run.sh /tmp/oracle and pass"
                        + " -Dharmonica.oracleParse=/tmp/oracle/oracle_parse.jsonl or HARMONICA_ORACLE_PARSE); got " + p);
        return path;
    }

    @Test
    void strictParserMatchesOracle() throws Exception {
        Path file = oracleFile();
        List<String> mismatches = new ArrayList<>();
        int cases = 0;
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.isBlank()) continue;
                cases++;
                JsonNode c = Vectors.JSON.readTree(line);
                String role = role(c);
                int[] tokens = tokens(c);
                JsonNode expected = c.get("expected");
                ParseOutcome got = HarmonyParsers.strict().parse(tokens, role);
                String problem = null;
                if (expected.has("error")) {
                    if (!expected.get("error").asText().equals(got.error())) {
                        problem = "expected error " + expected.get("error") + " got " + Vectors.result(got);
                    }
                } else if (!got.isOk()) {
                    problem = "expected ok, got error " + got.error();
                } else if (!Vectors.normaliseMessages((ArrayNode)
                        expected.get("messages")).equals(MessageJson.writeAll(got.messages()))) {
                    problem = "expected " + expected.get("messages") + " got " + MessageJson.writeAll(got.messages());
                }
                ParseOutcome text = HarmonyParsers.strict().parseText(c.get("input_text").asText(), role);
                if (problem == null && !text.equals(got)) problem = "text input differs from token input";
                if (problem != null) mismatches.add(c.get("id").asText() + ": " + problem);
            }
        }
        assertThat(cases).isGreaterThan(0);
        assertThat(mismatches).as("%d mismatches of %d cases", mismatches.size(), cases).isEmpty();
    }

    /** The lenient parser over the same cases: never fails, and a parse without repairs is exactly harmony's. */
    @Test
    void lenientOverOracleCases() throws Exception {
        Path file = oracleFile();
        Map<String, Integer> codes = new TreeMap<>();
        int cases = 0, repaired = 0;
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.isBlank()) continue;
                cases++;
                JsonNode c = Vectors.JSON.readTree(line);
                String role = role(c);
                int[] tokens = tokens(c);
                ParseOutcome strict = HarmonyParsers.strict().parse(tokens, role);
                ParseOutcome lenient = HarmonyParsers.lenient().parse(tokens, role);
                assertThat(lenient.error()).as(c.get("id").asText()).isNull();
                if (lenient.repairs().isEmpty()) {
                    assertThat(lenient).as(c.get("id").asText()).isEqualTo(strict);
                } else {
                    repaired++;
                    for (Repair rep : lenient.repairs()) codes.merge(rep.code(), 1, Integer::sum);
                }
            }
        }
        System.out.println("lenient over " + cases + " oracle cases: " + repaired + " repaired; " + codes);
    }

    /** The case's start role ({@code null}: the input starts at {@code <|start|>}). */
    private static String role(JsonNode c) {
        return c.get("role").isNull() ? null : c.get("role").asText();
    }

    private static int[] tokens(JsonNode c) {
        JsonNode ids = c.get("input_token_ids");
        int[] tokens = new int[ids.size()];
        for (int i = 0; i < tokens.length; i++) tokens[i] = ids.get(i).asInt();
        return tokens;
    }
}
