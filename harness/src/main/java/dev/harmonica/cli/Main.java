package dev.harmonica.cli;

import dev.harmonica.scenario.BadInputException;
import picocli.CommandLine.Command;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;

/** The {@code harmonica} command line; exit codes in {@link ExitCodes}. */
@Command(name = "harmonica",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = "Evaluation harness for multi-turn tool calling with gpt-oss (harmony format).",
        subcommands = {
                RunCommand.class,
                ReportCommand.class,
                CompareCommand.class,
                TrendCommand.class,
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
        exitCodeList = {"0:ok (for run: every scenario x variant was judged)", "1:a check or gate failed",
                "2:bad usage or bad input (the message names the file, line and field)",
                "3:some work was not judged because of the endpoint (run), or a run with unjudged work was refused (compare, report gates)",
                "4:nothing could be judged (run: the endpoint never answered)",
                "70:internal error (a bug in Harmonica)"})
public final class Main {
    public static final int OK = ExitCodes.OK;
    public static final int FAILED = ExitCodes.GATE_FAILED;
    public static final int USAGE = ExitCodes.BAD_INPUT;

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
                commandLine.getErr().println("harmonica: " + Terminal.safe(ex.getMessage()));
                return USAGE;
            }
            commandLine.getErr().println("harmonica: internal error: " + Terminal.safe(ex.toString()));
            StringWriter trace = new StringWriter();
            ex.printStackTrace(new PrintWriter(trace));
            commandLine.getErr().print(Terminal.safe(trace.toString()));
            return ExitCodes.INTERNAL_ERROR;
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
