package dev.harmonica.scenario.swe;

/**
 * A trajectory file could not be imported. The message names the file, the JSON Lines line (when the file has
 * lines), the 0-based step and message index where known, and what to fix.
 */
public final class TrajectoryImportException extends RuntimeException {
    private final String file;
    private final Integer line;
    private final Integer step;
    private final String problem;

    public TrajectoryImportException(String file, Integer line, Integer step, String problem) {
        super(format(file, line, step, problem));
        this.file = file;
        this.line = line;
        this.step = step;
        this.problem = problem;
    }

    public TrajectoryImportException(String file, Integer line, Integer step, String problem, Throwable cause) {
        super(format(file, line, step, problem), cause);
        this.file = file;
        this.line = line;
        this.step = step;
        this.problem = problem;
    }

    private static String format(String file, Integer line, Integer step, String problem) {
        StringBuilder sb = new StringBuilder(file);
        if (line != null) sb.append(": line ").append(line);
        if (step != null) sb.append(": step ").append(step);
        return sb.append(": ").append(problem).toString();
    }

    public String file() {
        return file;
    }

    /** 1-based line in a JSON Lines file, or null. */
    public Integer line() {
        return line;
    }

    /** 0-based step (assistant message) index, or null. */
    public Integer step() {
        return step;
    }

    /** The problem without the location prefix. */
    public String problem() {
        return problem;
    }
}
