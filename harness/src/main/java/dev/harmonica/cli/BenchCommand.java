package dev.harmonica.cli;

import picocli.CommandLine.Command;

/** {@code harmonica bench}: the performance benchmarks, one subcommand per area. Results belong in the README. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Performance benchmarks (warm-up, then medians).",
        subcommands = {BenchParseCommand.class, BenchRenderCommand.class, BenchBfclCommand.class,
                BenchRunnerCommand.class, BenchReportCommand.class})
public final class BenchCommand {
}
