package dev.harmonica.report;

import com.fasterxml.jackson.databind.JsonNode;
import dev.harmonica.run.Protocol;
import dev.harmonica.scenario.BadInputException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What the reports read from {@code run.json} (the runner's resolved configuration). Read tolerantly: every field is
 * optional, unknown fields are kept for display only.
 *
 * <p>Recognised: {@code run_id}; {@code variants} or {@code config.variants} (an array of objects with {@code name}
 * (or {@code id}), or an object keyed by variant name) whose order defines the baseline (the first); a simulated
 * model is marked by {@code "simulator": true} (the runner's run.json) or {@code "simulated": true}, or by an
 * endpoint ({@code endpoint} or {@code config.endpoint}) whose {@code url}/{@code kind}/{@code type}/{@code mode} is
 * {@code sim}, {@code simulator} or {@code simulated}.
 *
 * @param config a flattened, bounded view of run.json for display ({@code key.path → value})
 * @param bfclProtocolVariants the variants with {@code "bfcl_compat": true}: their numbers come from BFCL's protocol
 */
public record RunInfo(String runId, List<String> variantOrder, boolean simulated, List<Map.Entry<String, String>> config,
                      boolean present, List<String> bfclProtocolVariants) {

    public RunInfo(String runId, List<String> variantOrder, boolean simulated, List<Map.Entry<String, String>> config,
                   boolean present) {
        this(runId, variantOrder, simulated, config, present, List.of());
    }

    /**
     * Which protocol produced the numbers: {@link Protocol#HARMONICA}'s label, {@link Protocol#BFCL}'s when every
     * variant played BFCL's, or both with the BFCL variants named.
     */
    public String protocol() {
        if (bfclProtocolVariants.isEmpty()) return Protocol.HARMONICA.label();
        if (bfclProtocolVariants.size() == variantOrder.size()) return Protocol.BFCL.label();
        return Protocol.BFCL.label() + " for " + String.join(", ", bfclProtocolVariants) + "; "
                + Protocol.HARMONICA.label() + " for the other variants";
    }

    public static final String SIMULATOR_NOTE =
            "simulated model: numbers show the simulator's fault model, not a real model";

    public static RunInfo read(Path runDir) {
        Path f = runDir.resolve("run.json");
        if (!Files.isRegularFile(f)) return new RunInfo(null, List.of(), false, List.of(), false);
        JsonNode root;
        try {
            root = JournalScanner.MAPPER.readTree(f.toFile());
        } catch (IOException e) {
            throw new BadInputException(f + ": not valid JSON (" + e.getMessage().lines().findFirst().orElse("")
                    + "); fix or remove run.json to rebuild the reports from the journal alone", e);
        }
        if (root == null || !root.isObject()) {
            throw new BadInputException(f + ": expected a JSON object at the top level");
        }
        String runId = TurnRow.textOf(root.get("run_id"));
        List<String> variants = new ArrayList<>();
        List<String> bfcl = new ArrayList<>();
        JsonNode vs = root.get("variants");
        if (vs == null && root.path("config").isObject()) vs = root.path("config").get("variants"); // the runner's shape
        if (vs != null && vs.isArray()) {
            for (JsonNode v : vs) {
                String name = v.isTextual() ? v.asText() : TurnRow.textOf(v.get("name"));
                if (name == null) name = TurnRow.textOf(v.get("id"));
                if (name != null && !variants.contains(name)) variants.add(name);
                if (name != null && v.path("bfcl_compat").asBoolean(false) && !bfcl.contains(name)) bfcl.add(name);
            }
        } else if (vs != null && vs.isObject()) {
            vs.fieldNames().forEachRemaining(variants::add);
        }
        List<Map.Entry<String, String>> flat = new ArrayList<>();
        flatten("", root, flat);
        return new RunInfo(runId, List.copyOf(variants), isSimulated(root), List.copyOf(flat), true, List.copyOf(bfcl));
    }

    static boolean isSimulated(JsonNode root) {
        if (root.path("simulated").asBoolean(false) || root.path("simulator").asBoolean(false)) return true;
        JsonNode ep = root.get("endpoint");
        if (ep == null && root.path("config").isObject()) ep = root.path("config").get("endpoint");
        List<String> kinds = new ArrayList<>();
        if (ep != null && ep.isTextual()) kinds.add(ep.asText());
        if (ep != null && ep.isObject()) {
            if (ep.path("simulated").asBoolean(false) || ep.path("simulator").asBoolean(false)) return true;
            for (String k : new String[]{"kind", "type", "mode", "name", "url"}) kinds.add(TurnRow.textOf(ep.get(k)));
        }
        kinds.add(TurnRow.textOf(root.get("endpoint_kind")));
        kinds.add(TurnRow.textOf(root.get("endpoint_type")));
        for (String k : kinds) {
            if (k == null) continue;
            String s = k.toLowerCase(Locale.ROOT);
            if (s.equals("sim") || s.equals("simulator") || s.equals("simulated") || s.startsWith("sim:")
                    || s.equals("in-process-simulator")) {
                return true;
            }
        }
        return false;
    }

    private static void flatten(String prefix, JsonNode n, List<Map.Entry<String, String>> out) {
        if (out.size() >= 200) return;
        if (n.isObject()) {
            for (Map.Entry<String, JsonNode> e : n.properties()) {
                flatten(prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey(), e.getValue(), out);
            }
        } else if (n.isArray()) {
            boolean scalars = true;
            for (JsonNode x : n) scalars &= x.isValueNode();
            if (scalars) {
                out.add(Map.entry(prefix, TurnRow.clip(n.toString(), 300)));
            } else {
                int i = 0;
                for (JsonNode x : n) flatten(prefix + "[" + i++ + "]", x, out);
            }
        } else {
            out.add(Map.entry(prefix, TurnRow.clip(n.isTextual() ? n.asText() : n.toString(), 300)));
        }
    }
}
