package dev.harmonica.endpoint.sim;

import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/**
 * The simulator's fault model: a STATED HYPOTHESIS (the one Harmonica's users test with renderer A/B runs), not a
 * measurement. It says that gpt-oss drifts off-format more the longer a conversation gets, and more when the history
 * it is shown does not look like what it emits itself (openai/harmony PR #114's argument; docs/endpoint.md, Fault catalogue; docs/endpoint.md, The simulator).
 *
 * <p>For a model turn at depth {@code d} (0-based model-turn index in the scenario, {@code SimHint.depth}) whose
 * rendered history has style {@code H} ({@link HistoryStyle}), every fault {@code f} that can apply to the turn fires
 * independently with probability
 * <pre>
 *   p_f = min(1, base_f × (1 + slope × d) × m_f(H) × scale)
 *   m_f(H) = 1                                                  if f is not history-sensitive or H has no tool calls
 *          = (H.recipientFirst ? recipientFirst : 1) × (H.bareJson ? bareJson : 1)   otherwise
 * </pre>
 * History-sensitive ("drift") faults: F1, F2, F3, F4, F5, F7, F10, F13, F14, F22. Defaults: {@code slope = 0.08} per
 * model turn, {@code recipientFirst = 3.0} (history rendered {@code <|start|>assistant to=functions.x<|channel|>commentary}
 * as openai/harmony v0.0.8 does, versus channel-first as the model emits and harmony PR #114 renders),
 * {@code bareJson = 1.5} (history content type {@code json} without {@code <|constrain|>}). The base rates are anchored
 * on the catalogue's reported rates for tool-calling turns at temperature 1 (F1 most common; docs/endpoint.md, Fault catalogue
 * "Scale points"), see {@link #DEFAULT}. So with the defaults, turn 10 of a scenario rendered with
 * {@code harmony-v0.0.8} (recipient-first) has 1.8 × 3 = 5.4 times the drift-fault rate of turn 0, and 3 times the rate
 * of the same turn rendered with {@code pr114}.
 *
 * <p>Draws are deterministic: each uses a random stream seeded from (seed, scenario id, depth, fault code), where
 * seed is the request's sampling seed or else the simulator's seed. At most one structural fault is applied per turn
 * (the first that fired, in catalogue order, among those applicable to the turn's messages); the argument faults
 * F20, F21, F23 and the truncation F12 may come on top.
 *
 * <p><b>Stops limit what can be injected.</b> The server ends a completion at the request's first stop
 * ({@link SimConfig#honourStops()}; for gpt-oss that includes {@code <|call|>} and {@code <|return|>}), so faults are
 * drawn only for the messages up to that stop, and a fault that needs text after a stop token can occur only when the
 * request does not stop there. F11 (text after {@code <|return|>}) therefore fires only when {@code <|return|>} is
 * not a stop: a request with {@code ignore_eos:true} that names no {@code <|return|>} stop itself (vllm#50690, chat
 * mode), where it fires whenever the turn ends with a final answer, whatever its rate; or a simulator that ignores
 * stops ({@code --ignore-stop}), where it fires at its rate. The runner's completions requests name
 * {@code <|return|>} and {@code <|call|>} in {@code stop_token_ids}, so they never see F11.
 *
 * <p>Spec syntax ({@code --faults}): comma-separated items applied left to right, starting from no faults:
 * {@code off}, {@code default} (the default base rates), {@code F<n>=<rate>}, {@code slope=<x>},
 * {@code recipient-first=<x>}, {@code bare-json=<x>}, {@code scale=<x>}. Examples: {@code default},
 * {@code default,F1=0.2,slope=0.1}, {@code F3=1} (F3 on every turn where it applies).
 */
public record SimModel(Map<SimFault, Double> baseRates, double slope, double recipientFirst, double bareJson,
                       double scale) {

    public SimModel {
        EnumMap<SimFault, Double> m = new EnumMap<>(SimFault.class);
        m.putAll(baseRates);
        baseRates = Collections.unmodifiableMap(m);
        for (Map.Entry<SimFault, Double> e : baseRates.entrySet()) {
            double v = e.getValue();
            if (!(v >= 0 && v <= 1)) throw new IllegalArgumentException(e.getKey() + " rate must be in [0,1], got " + v);
        }
        if (slope < 0 || recipientFirst < 0 || bareJson < 0 || scale < 0) {
            throw new IllegalArgumentException("slope, multipliers and scale must be >= 0");
        }
    }

    /** Clean output. */
    public static final SimModel OFF = new SimModel(Map.of(), 0.08, 3.0, 1.5, 1.0);

    /** The default base rates (per applicable turn at depth 0 with neutral history). */
    public static final SimModel DEFAULT = new SimModel(defaultRates(), 0.08, 3.0, 1.5, 1.0);

    private static Map<SimFault, Double> defaultRates() {
        EnumMap<SimFault, Double> m = new EnumMap<>(SimFault.class);
        m.put(SimFault.F1, 0.020);
        m.put(SimFault.F2, 0.006);
        m.put(SimFault.F3, 0.004);
        m.put(SimFault.F4, 0.003);
        m.put(SimFault.F5, 0.001);
        m.put(SimFault.F7, 0.001);
        m.put(SimFault.F8, 0.002);
        m.put(SimFault.F9, 0.0005);
        m.put(SimFault.F10, 0.002);
        m.put(SimFault.F12, 0.002);
        m.put(SimFault.F13, 0.001);
        m.put(SimFault.F14, 0.004);
        m.put(SimFault.F15, 0.002);
        m.put(SimFault.F16, 0.001);
        m.put(SimFault.F17, 0.001);
        m.put(SimFault.F18, 0.001);
        m.put(SimFault.F20, 0.008);
        m.put(SimFault.F21, 0.004);
        m.put(SimFault.F22, 0.0005);
        m.put(SimFault.F23, 0.002);
        return m;
    }

    public boolean isOff() {
        return scale == 0 || baseRates.values().stream().allMatch(v -> v == 0);
    }

    /** The probability that {@code f} fires on a turn at {@code depth} with history {@code h}. */
    public double rate(SimFault f, int depth, HistoryStyle h) {
        double base = baseRates.getOrDefault(f, 0.0);
        if (base == 0) return 0;
        double m = 1;
        if (f.historySensitive() && h.hasToolCalls()) {
            if (h.recipientFirst()) m *= recipientFirst;
            if (h.bareJson()) m *= bareJson;
        }
        return Math.min(1.0, base * (1 + slope * Math.max(0, depth)) * m * scale);
    }

    /** Parses a {@code --faults} spec (see the class comment). */
    public static SimModel parse(String spec) {
        if (spec == null || spec.isBlank()) throw new IllegalArgumentException("--faults: empty spec; use off, default or F<n>=<rate>");
        EnumMap<SimFault, Double> rates = new EnumMap<>(SimFault.class);
        double slope = DEFAULT.slope, rf = DEFAULT.recipientFirst, bj = DEFAULT.bareJson, scale = 1.0;
        for (String raw : spec.split(",")) {
            String item = raw.strip();
            if (item.isEmpty()) continue;
            String lower = item.toLowerCase(Locale.ROOT);
            if (lower.equals("off") || lower.equals("none")) {
                rates.clear();
                continue;
            }
            if (lower.equals("default")) {
                rates.putAll(DEFAULT.baseRates);
                continue;
            }
            int eq = item.indexOf('=');
            if (eq < 0) throw new IllegalArgumentException("--faults item '" + item + "': expected off, default or NAME=VALUE");
            String name = lower.substring(0, eq).strip();
            double value;
            try {
                value = Double.parseDouble(item.substring(eq + 1).strip());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--faults item '" + item + "': value is not a number");
            }
            switch (name) {
                case "slope" -> slope = value;
                case "recipient-first" -> rf = value;
                case "bare-json" -> bj = value;
                case "scale" -> scale = value;
                default -> {
                    SimFault f = SimFault.byCode(name);
                    if (f == null) {
                        throw new IllegalArgumentException("--faults item '" + item + "': unknown fault '" + name
                                + "'; known: " + Arrays.toString(SimFault.values())
                                + ", slope, recipient-first, bare-json, scale");
                    }
                    if (!(value >= 0 && value <= 1)) {
                        throw new IllegalArgumentException("--faults item '" + item + "': a rate must be between 0 and 1");
                    }
                    rates.put(f, value);
                }
            }
        }
        return new SimModel(rates, slope, rf, bj, scale);
    }
}
