package dev.harmonica.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/** {@code harmonica parse}: Parse harmony output with the strict, harmony-non-strict and lenient parsers side by side. */
@Command(name = "parse", mixinStandardHelpOptions = true, description = "Parse harmony output with the strict, harmony-non-strict and lenient parsers side by side.")
public final class ParseCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().getErr().println("harmonica parse: not implemented yet");
        return Main.FAILED;
    }
}
