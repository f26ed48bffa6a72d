package dev.harmonica.cli;

import dev.harmonica.scenario.BadInputException;
import picocli.CommandLine.Command;
import picocli.CommandLine;

import java.io.PrintWriter;

/** The {@code harmonica} command line. Exit codes: 0 ok, 1 a check or gate failed, 2 bad usage or bad input. */
@Command(name = "harmonica",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = "Evaluation harness for multi-turn tool calling with gpt-oss (harmony format).",
        subcommands = {
                RunCommand.class,
                ReportCommand.class,
                CompareCommand.class,
                MergeCommand.class,
                SimCommand.class,
                ParseCommand.class,
                RenderCommand.class,
                BfclCommand.class,
                ImportCommand.class,
                BenchCommand.class,
                CommandLine.HelpCommand.class
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:ok", "1:a check or gate failed", "2:bad usage or bad input"})
public final class Main {
    public static final int OK = 0;
    public static final int FAILED = 1;
    public static final int USAGE = 2;

    public static void main(String[] args) {
        System.exit(run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args));
    }

    /** Runs the CLI with the given streams (for tests and embedding). */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        CommandLine cmd = new CommandLine(new Main());
        cmd.setOut(out);
        cmd.setErr(err);
        cmd.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            if (ex instanceof BadInputException) {
                commandLine.getErr().println("harmonica: " + ex.getMessage());
                return USAGE;
            }
            commandLine.getErr().println("harmonica: internal error: " + ex);
            ex.printStackTrace(commandLine.getErr());
            return FAILED;
        });
        int code = cmd.execute(args);
        out.flush();
        err.flush();
        return code;
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[]{"harmonica " + (v == null ? "dev" : v)};
        }
    }
}
