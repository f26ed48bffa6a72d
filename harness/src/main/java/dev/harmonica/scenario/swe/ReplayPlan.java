package dev.harmonica.scenario.swe;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Which steps of a trajectory to replay. Parsed from a spec string; {@link #select(int)} is pure.
 * <ul>
 *   <li>{@code all}: every step;</li>
 *   <li>{@code every:K}: steps 0, K, 2K, … plus the last step (so the terminal action is always scored);</li>
 *   <li>{@code first:N} / {@code last:N}: the first / last N steps;</li>
 *   <li>{@code buckets:B}: B depth buckets of equal width over the steps; the deepest step of each bucket
 *       (so {@code buckets:4} on 100 steps replays 24, 49, 74, 99);</li>
 *   <li>{@code steps:I,J,…}: exactly these 0-based steps (those beyond the trajectory are skipped).</li>
 * </ul>
 */
public record ReplayPlan(Kind kind, int n, List<Integer> explicit) {
    public enum Kind { ALL, EVERY, FIRST, LAST, BUCKETS, STEPS }

    private static final String EXPECTED = "expected all, every:K, first:N, last:N, buckets:B or steps:I,J,...";

    public ReplayPlan {
        explicit = explicit == null ? List.of() : List.copyOf(explicit);
    }

    public static ReplayPlan all() {
        return new ReplayPlan(Kind.ALL, 0, List.of());
    }

    /**
     * @throws IllegalArgumentException with a message naming the spec and the fix
     */
    public static ReplayPlan parse(String spec) {
        if (spec == null || spec.isBlank()) throw new IllegalArgumentException("replay plan is empty (" + EXPECTED + ")");
        String s = spec.strip();
        if (s.equals("all")) return all();
        int colon = s.indexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("replay plan '" + spec + "': unknown plan (" + EXPECTED + ")");
        }
        String kind = s.substring(0, colon).strip();
        String arg = s.substring(colon + 1).strip();
        switch (kind) {
            case "every", "first", "last", "buckets" -> {
                int v = positive(spec, kind, arg);
                Kind k = switch (kind) {
                    case "every" -> Kind.EVERY;
                    case "first" -> Kind.FIRST;
                    case "last" -> Kind.LAST;
                    default -> Kind.BUCKETS;
                };
                return new ReplayPlan(k, v, List.of());
            }
            case "steps" -> {
                if (arg.isEmpty()) throw new IllegalArgumentException("replay plan '" + spec + "': steps: needs a comma-separated list of 0-based step indices, e.g. steps:0,4,9");
                List<Integer> list = new ArrayList<>();
                for (String part : arg.split(",")) {
                    String p = part.strip();
                    try {
                        int v = Integer.parseInt(p);
                        if (v < 0) throw new NumberFormatException();
                        list.add(v);
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException("replay plan '" + spec + "': '" + p
                                + "' is not a 0-based step index (a non-negative integer)");
                    }
                }
                return new ReplayPlan(Kind.STEPS, 0, list);
            }
            default -> throw new IllegalArgumentException("replay plan '" + spec + "': unknown kind '" + kind + "' (" + EXPECTED + ")");
        }
    }

    private static int positive(String spec, String kind, String arg) {
        try {
            int v = Integer.parseInt(arg);
            if (v > 0) return v;
        } catch (NumberFormatException e) {
            // fall through
        }
        throw new IllegalArgumentException("replay plan '" + spec + "': " + kind + ": needs a positive integer, got '" + arg + "'");
    }

    /** The 0-based steps to replay for a trajectory with {@code stepCount} steps, ascending, without duplicates. */
    public List<Integer> select(int stepCount) {
        TreeSet<Integer> out = new TreeSet<>();
        if (stepCount <= 0) return List.of();
        switch (kind) {
            case ALL -> {
                for (int i = 0; i < stepCount; i++) out.add(i);
            }
            case EVERY -> {
                for (int i = 0; i < stepCount; i += n) out.add(i);
                out.add(stepCount - 1);
            }
            case FIRST -> {
                for (int i = 0; i < Math.min(n, stepCount); i++) out.add(i);
            }
            case LAST -> {
                for (int i = Math.max(0, stepCount - n); i < stepCount; i++) out.add(i);
            }
            case BUCKETS -> {
                int b = Math.min(n, stepCount);
                for (int i = 1; i <= b; i++) out.add((int) ((long) i * stepCount / b) - 1);
            }
            case STEPS -> {
                for (int i : explicit) if (i < stepCount) out.add(i);
            }
        }
        return List.copyOf(out);
    }

    /** For {@code buckets:B}: the 0-based bucket of a step; else 0. */
    public int bucketOf(int step, int stepCount) {
        if (kind != Kind.BUCKETS || stepCount <= 0) return 0;
        int b = Math.min(n, stepCount);
        for (int i = 0; i < b; i++) {
            if (step < (long) (i + 1) * stepCount / b) return i; // bucket i covers [i*n/b, (i+1)*n/b)
        }
        return b - 1;
    }

    /** The spec string this plan parses from. */
    @Override
    public String toString() {
        return switch (kind) {
            case ALL -> "all";
            case EVERY -> "every:" + n;
            case FIRST -> "first:" + n;
            case LAST -> "last:" + n;
            case BUCKETS -> "buckets:" + n;
            case STEPS -> "steps:" + String.join(",", explicit.stream().map(String::valueOf).toList());
        };
    }
}
