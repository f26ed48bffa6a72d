package dev.harmonica.run;

import dev.harmonica.journal.Digests;
import dev.harmonica.scenario.BadInputException;

import java.util.Map;

/**
 * A deterministic slice of the scenarios: scenario ids are bucketed by a stable hash (first 8 bytes of SHA-256,
 * mod n), so every machine computes the same split without coordination. Written as {@code i/n}, 0-based.
 */
public record Shard(int index, int count) {
    public static final Shard ALL = new Shard(0, 1);

    public Shard {
        if (count < 1 || index < 0 || index >= count) {
            throw new BadInputException("--shard: expected i/n with 0 <= i < n, got " + index + "/" + count);
        }
    }

    public static Shard parse(String s) {
        if (s == null) return ALL;
        String[] p = s.split("/");
        if (p.length != 2) throw new BadInputException("--shard: expected i/n such as 0/4, got '" + s + "'");
        try {
            return new Shard(Integer.parseInt(p[0].trim()), Integer.parseInt(p[1].trim()));
        } catch (NumberFormatException e) {
            throw new BadInputException("--shard: expected i/n such as 0/4, got '" + s + "'");
        }
    }

    /**
     * The slice a scheduler assigned to this process ({@code --shard auto}), from its environment, first match wins:
     * <ul>
     *   <li>Kubernetes Indexed Job: {@code JOB_COMPLETION_INDEX}; the count from {@code countFlag} or
     *       {@code JOB_COMPLETIONS} (set it from the Job's {@code spec.completions} in the pod template);</li>
     *   <li>Slurm job array: {@code SLURM_ARRAY_TASK_ID}, index relative to {@code SLURM_ARRAY_TASK_MIN}, count
     *       {@code SLURM_ARRAY_TASK_COUNT} (or {@code MAX - MIN + 1}); arrays with a step ({@code --array=0-8:2}) are
     *       refused, their ids are not dense;</li>
     *   <li>CI matrices and anything else: {@code SHARD_INDEX} and {@code SHARD_COUNT}.</li>
     * </ul>
     *
     * @param countFlag {@code --shard-count}, or null
     * @throws BadInputException naming the variables it looked for, or the one that is wrong
     */
    public static Shard fromEnvironment(Map<String, String> env, Integer countFlag) {
        if (env.containsKey("JOB_COMPLETION_INDEX")) {
            int index = envInt(env, "JOB_COMPLETION_INDEX");
            int count = countFlag != null ? countFlag : envInt(env, "JOB_COMPLETIONS");
            return checked(index, count, "Kubernetes JOB_COMPLETION_INDEX=" + index);
        }
        if (env.containsKey("SLURM_ARRAY_TASK_ID")) {
            int id = envInt(env, "SLURM_ARRAY_TASK_ID");
            int min = env.containsKey("SLURM_ARRAY_TASK_MIN") ? envInt(env, "SLURM_ARRAY_TASK_MIN") : 0;
            int count;
            if (countFlag != null) count = countFlag;
            else if (env.containsKey("SLURM_ARRAY_TASK_COUNT")) count = envInt(env, "SLURM_ARRAY_TASK_COUNT");
            else count = envInt(env, "SLURM_ARRAY_TASK_MAX") - min + 1;
            if (env.containsKey("SLURM_ARRAY_TASK_STEP") && envInt(env, "SLURM_ARRAY_TASK_STEP") != 1) {
                throw new BadInputException("--shard auto: SLURM_ARRAY_TASK_STEP=" + env.get("SLURM_ARRAY_TASK_STEP")
                        + ": use a dense array (--array=0-N) so that task ids are the shard indices");
            }
            return checked(id - min, count, "Slurm SLURM_ARRAY_TASK_ID=" + id);
        }
        if (env.containsKey("SHARD_INDEX")) {
            int count = countFlag != null ? countFlag : envInt(env, "SHARD_COUNT");
            return checked(envInt(env, "SHARD_INDEX"), count, "SHARD_INDEX=" + env.get("SHARD_INDEX"));
        }
        throw new BadInputException("--shard auto: no scheduler variables found (looked for JOB_COMPLETION_INDEX, "
                + "SLURM_ARRAY_TASK_ID and SHARD_INDEX); give --shard i/n instead");
    }

    private static Shard checked(int index, int count, String from) {
        if (count < 1 || index < 0 || index >= count) {
            throw new BadInputException("--shard auto: " + from + " gives shard " + index + " of " + count
                    + ", outside 0.." + (count - 1) + " (is the count right? --shard-count N overrides it)");
        }
        return new Shard(index, count);
    }

    private static int envInt(Map<String, String> env, String name) {
        String v = env.get(name);
        if (v == null) {
            throw new BadInputException("--shard auto: " + name + " is not set (give the shard count with --shard-count N)");
        }
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new BadInputException("--shard auto: " + name + "='" + v + "' is not an integer");
        }
    }

    public boolean includes(String scenarioId) {
        return count == 1 || Digests.shardOf(scenarioId, count) == index;
    }

    /** The journal's {@code shard} value: null when unsharded. */
    public String label() {
        return count == 1 ? null : index + "/" + count;
    }
}
