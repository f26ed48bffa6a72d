package dev.harmonica.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/** {@code harmonica render}: Render harmony conversations to text and token ids. */
@Command(name = "render", mixinStandardHelpOptions = true, description = "Render harmony conversations to text and token ids.")
public final class RenderCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().getErr().println("harmonica render: not implemented yet");
        return Main.FAILED;
    }
}
