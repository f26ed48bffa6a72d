package dev.harmonica.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/** {@code harmonica bfcl}: BFCL multi-turn: execute ground truth, execute calls, check results. */
@Command(name = "bfcl", mixinStandardHelpOptions = true,
        description = "BFCL multi-turn: execute ground truth, execute calls, check results.",
        subcommands = {BfclExecGtCommand.class, BfclExecCommand.class, BfclCheckCommand.class})
public final class BfclCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return Main.USAGE;
    }
}
