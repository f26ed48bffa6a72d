package dev.harmonica.endpoint.sim;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A deterministic script of transport faults for the HTTP simulator (docs/endpoint.md, The simulator "Transport faults"). The
 * faults are consumed in order: with {@code 503x2,429x1:retry-after=3} the first two requests get a 503, the third a
 * 429 with {@code Retry-After: 3}, and every later request is served normally. The same syntax in a request's
 * {@code harmonica_sim.transport} field applies to the successive attempts of THAT request (identical body), which
 * keeps concurrent tests deterministic.
 *
 * <p>Kinds: {@code 408 429 500 502 503 504} (status with a non-format error body; {@code retry-after=S} adds the
 * header), {@code reset} (the connection is cut halfway through the response body), {@code stall} (headers and part
 * of the body, then silence for {@code ms=N}, default 60000, then the connection is cut), {@code error200} (HTTP 200
 * whose body is a non-format error object), {@code garbage} (HTTP 200 with a body that is not JSON).
 */
public record TransportScript(List<Step> steps) {
    public static final TransportScript NONE = new TransportScript(List.of());

    /** Fault kinds. */
    public enum Kind { STATUS, RESET, STALL, ERROR200, GARBAGE }

    /** One fault repeated {@code count} times. {@code status} for STATUS; {@code retryAfter} may be null. */
    public record Step(Kind kind, int status, int count, String retryAfter, long stallMillis) {
        public String describe() {
            return (kind == Kind.STATUS ? String.valueOf(status) : kind.name().toLowerCase(Locale.ROOT)) + "x" + count;
        }
    }

    public TransportScript {
        steps = List.copyOf(steps);
    }

    public boolean isEmpty() {
        return steps.isEmpty();
    }

    /** The fault for the {@code index}-th (0-based) request or attempt, or null when the script is used up. */
    public Step at(long index) {
        long i = index;
        for (Step s : steps) {
            if (i < s.count) return s;
            i -= s.count;
        }
        return null;
    }

    public static TransportScript parse(String spec) {
        if (spec == null || spec.isBlank() || spec.strip().equalsIgnoreCase("none")) return NONE;
        List<Step> out = new ArrayList<>();
        for (String raw : spec.split(",")) {
            String item = raw.strip().toLowerCase(Locale.ROOT);
            if (item.isEmpty()) continue;
            Map<String, String> params = new LinkedHashMap<>();
            int colon = item.indexOf(':');
            String head = colon < 0 ? item : item.substring(0, colon);
            if (colon >= 0) {
                for (String p : item.substring(colon + 1).split(";")) {
                    int eq = p.indexOf('=');
                    if (eq < 0) throw new IllegalArgumentException("transport fault '" + raw.strip() + "': parameter '" + p + "' needs NAME=VALUE");
                    params.put(p.substring(0, eq).strip(), p.substring(eq + 1).strip());
                }
            }
            int count = 1;
            int x = head.indexOf('x');
            String kindText = head;
            if (x > 0) {
                kindText = head.substring(0, x);
                try {
                    count = Integer.parseInt(head.substring(x + 1));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("transport fault '" + raw.strip() + "': count after 'x' is not a number");
                }
                if (count < 1) throw new IllegalArgumentException("transport fault '" + raw.strip() + "': count must be >= 1");
            }
            String retryAfter = params.get("retry-after");
            long stall = 60_000;
            if (params.containsKey("ms")) {
                try {
                    stall = Long.parseLong(params.get("ms"));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("transport fault '" + raw.strip() + "': ms is not a number");
                }
            }
            Step step = switch (kindText) {
                case "408", "429", "500", "502", "503", "504" ->
                        new Step(Kind.STATUS, Integer.parseInt(kindText), count, retryAfter, 0);
                case "reset" -> new Step(Kind.RESET, 0, count, null, 0);
                case "stall" -> new Step(Kind.STALL, 0, count, null, stall);
                case "error200" -> new Step(Kind.ERROR200, 200, count, null, 0);
                case "garbage" -> new Step(Kind.GARBAGE, 200, count, null, 0);
                default -> throw new IllegalArgumentException("transport fault '" + raw.strip()
                        + "': unknown kind; expected 408, 429, 500, 502, 503, 504, reset, stall, error200 or garbage");
            };
            out.add(step);
        }
        return new TransportScript(out);
    }
}
