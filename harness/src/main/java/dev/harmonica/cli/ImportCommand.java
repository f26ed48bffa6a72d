package dev.harmonica.cli;

import dev.harmonica.scenario.BadInputException;
import dev.harmonica.scenario.swe.ScenarioJsonl;
import dev.harmonica.scenario.swe.SweFormat;
import dev.harmonica.scenario.swe.SweScenario;
import dev.harmonica.scenario.swe.TrajectoryImportException;
import dev.harmonica.scenario.swe.TrajectoryImporter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;

/**
 * {@code harmonica import}: converts agent trajectories into the scenarios.jsonl contract ({@link ScenarioJsonl}).
 * Every file is imported independently: a bad file is reported (file, line, step, problem) and the others still
 * convert. Exit 0 when every file converted, 2 when any failed (the good ones are still written).
 */
@Command(name = "import", mixinStandardHelpOptions = true,
        description = {"Import agent trajectories (SWE-agent, mini-swe-agent v1/v2, OpenHands V0/V1, dataset rows) as scenarios.",
                "Writes one JSON line per scenario: {id, source_format, action_style, action_format, tools, prompt_messages,"
                        + " steps, meta}.",
                "A summary per file goes to stderr; exit 2 when any file failed (the others are still written)."})
public final class ImportCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "Trajectory files (.traj, .json, .jsonl).")
    List<Path> files;

    @Option(names = "--format", defaultValue = "auto", paramLabel = "FORMAT",
            description = "auto|sweagent|mini-v1|mini-v2|openhands|openhands-v1|messages (default: ${DEFAULT-VALUE}: detect per"
                    + " file and say which).")
    String format;

    @Option(names = "--out", defaultValue = "-", paramLabel = "FILE",
            description = "Output scenarios.jsonl ('-' = stdout; default: ${DEFAULT-VALUE}). Written atomically.")
    String out;

    @Option(names = "--max-warnings", defaultValue = "5", paramLabel = "N",
            description = "Warnings printed per file (the count is always printed; default: ${DEFAULT-VALUE}).")
    int maxWarnings;

    @Override
    public Integer call() throws IOException {
        SweFormat fmt = null;
        if (!format.equals("auto")) {
            fmt = SweFormat.byCode(format);
            if (fmt == null) {
                throw new BadInputException("--format '" + format + "': unknown format (expected auto|" + String.join("|", SweFormat.codes()) + ")");
            }
        }
        List<SweScenario> all = new ArrayList<>();
        Map<String, Path> idOwner = new HashMap<>();
        List<String> failed = new ArrayList<>();
        for (Path f : files) {
            TrajectoryImporter.ImportResult r;
            try {
                r = TrajectoryImporter.importFile(f, fmt);
            } catch (TrajectoryImportException e) {
                say("harmonica import: error: " + e.getMessage());
                failed.add(f.toString());
                continue;
            }
            List<SweScenario> accepted = new ArrayList<>();
            boolean fileFailed = !r.errors().isEmpty();
            for (SweScenario s : r.scenarios()) {
                Path owner = idOwner.putIfAbsent(s.id(), f);
                if (owner != null) {
                    say("harmonica import: error: " + f + ": scenario id '" + s.id() + "' already imported from "
                            + owner + "; ids must be unique (rename one file)");
                    fileFailed = true;
                } else {
                    accepted.add(s);
                }
            }
            for (TrajectoryImportException e : r.errors()) say("harmonica import: error: " + e.getMessage());
            summarize(f, r, accepted);
            all.addAll(accepted);
            if (fileFailed) failed.add(f.toString());
        }
        write(all);
        say(String.format(Locale.ROOT, "harmonica import: %d scenario(s) from %d of %d file(s) written to %s", all.size(),
                files.size() - failed.size(), files.size(), out.equals("-") ? "stdout" : out));
        if (!failed.isEmpty()) {
            say("harmonica import: " + failed.size() + " file(s) failed: " + String.join(", ", failed));
            return Main.USAGE;
        }
        return Main.OK;
    }

    /** The per-file summary line and the first {@code --max-warnings} warnings. */
    private void summarize(Path f, TrajectoryImporter.ImportResult r, List<SweScenario> accepted) {
        int steps = 0, actions = 0, observations = 0;
        Set<String> actionFormats = new TreeSet<>();
        for (SweScenario s : accepted) {
            steps += s.steps().size();
            actions += s.actionCount();
            observations += s.observationCount();
            actionFormats.add(s.actionFormat().label());
        }
        say(String.format(Locale.ROOT, "%s: %s format %s: %d scenario(s), %d steps, %d actions, %d observations, %d warning(s)%s%s",
                f, r.autoDetected() ? "detected" : "given", r.format().code(), accepted.size(), steps, actions,
                observations, r.warnings().size(), r.errors().isEmpty() ? "" : ", " + r.errors().size() + " bad row(s)",
                actionFormats.isEmpty() ? "" : "; actions read as " + String.join(", ", actionFormats)));
        for (int i = 0; i < Math.min(maxWarnings, r.warnings().size()); i++) {
            say("  warning: " + r.warnings().get(i));
        }
        if (r.warnings().size() > maxWarnings) {
            say("  (" + (r.warnings().size() - maxWarnings) + " more warnings; --max-warnings to show them)");
        }
    }

    /**
     * One message line on stderr. Warnings and errors quote the trajectories (file names, ids, model text): control
     * characters, tabs and newlines are neutralised ({@link Terminal#safeLine(String)}).
     */
    private void say(String message) {
        spec.commandLine().getErr().println(Terminal.safeLine(message));
    }

    private void write(List<SweScenario> scenarios) throws IOException {
        if (out.equals("-")) {
            PrintWriter o = spec.commandLine().getOut();
            for (SweScenario s : scenarios) o.println(ScenarioJsonl.toLine(s));
            o.flush();
            return;
        }
        Path target = Path.of(out).toAbsolutePath();
        Path dir = target.getParent();
        if (dir != null) Files.createDirectories(dir);
        // a new file, so the process umask sets its mode like every other output (Files.createTempFile would make it 0600)
        Path tmp = target.resolveSibling("." + target.getFileName() + "." + ProcessHandle.current().pid() + ".tmp");
        try {
            try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                ScenarioJsonl.write(w, scenarios);
            }
            try {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
