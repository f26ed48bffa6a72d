package dev.harmonica.cli;

import dev.harmonica.report.GateRule;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every {@code --fail-if} example in any command's {@code --help} is quoted: a rule holds {@code <} and {@code >},
 * which an unquoted shell command line turns into redirections ({@code --fail-if strict-rate-increase:p<0.05} reads
 * a file named {@code 0.05}; {@code bfcl-accuracy-drop:>2} writes one named {@code 2}, and the gate never sees the
 * condition). Checked over the help texts as written (descriptions, footers, options), before line wrapping.
 */
class HelpExamplesQuotedTest {
    /** {@code --fail-if RULE} or {@code --fail-if=RULE} where RULE is written out (not the label {@code RULE}). */
    private static final Pattern AFTER_FLAG = Pattern.compile("--fail-if[ =]([^\\s'\"]\\S*)");
    /** A rule with a shell metacharacter, anywhere, not inside quotes. */
    private static final Pattern RULE_WITH_OPERATOR = Pattern.compile(
            "(?<![\\w'\"-])(" + String.join("|", GateRule.METRICS) + "):[^\\s'\"]*[<>][^\\s'\"]*");

    /** Every help text of a command and its subcommands, each with the command's qualified name. */
    private static void texts(CommandLine cmd, List<String[]> out) {
        CommandSpec spec = cmd.getCommandSpec();
        String name = spec.qualifiedName(" ").replaceFirst("^harmonica ?", "");
        List<String> all = new ArrayList<>();
        all.addAll(Arrays.asList(spec.usageMessage().description()));
        all.addAll(Arrays.asList(spec.usageMessage().header()));
        all.addAll(Arrays.asList(spec.usageMessage().footer()));
        all.addAll(Arrays.asList(spec.usageMessage().customSynopsis()));
        all.addAll(spec.usageMessage().exitCodeList().values());
        for (OptionSpec o : spec.options()) all.addAll(Arrays.asList(o.description()));
        for (PositionalParamSpec p : spec.positionalParameters()) all.addAll(Arrays.asList(p.description()));
        for (String t : all) out.add(new String[]{name, t});
        for (CommandLine sub : cmd.getSubcommands().values()) {
            if (sub.getParent() == cmd) texts(sub, out);
        }
    }

    static List<String> unquoted(List<String[]> texts) {
        List<String> found = new ArrayList<>();
        for (String[] t : texts) {
            Matcher m = AFTER_FLAG.matcher(t[1]);
            while (m.find()) {
                String arg = m.group(1);
                if (arg.matches("[a-z]+(-[a-z]+)+.*")) found.add(t[0] + ": --fail-if " + arg);
            }
            Matcher r = RULE_WITH_OPERATOR.matcher(t[1]);
            while (r.find()) found.add(t[0] + ": " + r.group().replaceAll("[.,;)]+$", ""));
        }
        return found;
    }

    @Test
    void everyFailIfExampleInTheHelpIsQuoted() {
        List<String[]> texts = new ArrayList<>();
        texts(new CommandLine(new Main()), texts);
        assertThat(texts.size()).as("help texts found").isGreaterThan(50);
        List<String> bad = unquoted(texts);
        assertThat(bad).as("quote these --fail-if examples, e.g. --fail-if 'strict-rate-increase:p<0.05'").isEmpty();
    }

    @Test
    void theCheckTellsQuotedFromUnquoted() {
        List<String[]> texts = List.of(
                new String[]{"x", "Examples: --fail-if 'strict-rate-increase:p<0.05' --fail-if \"bfcl-accuracy-drop:>2\""},
                new String[]{"x", "--fail-if=RULE, repeatable; --fail-if rules apply; a --fail-if rule triggered"},
                new String[]{"x", "e.g. 'new-signature:>=5' or \"lenient-rate-increase:p<0.01,>0.5\""},
                new String[]{"y", "Examples: --fail-if strict-rate-increase:p<0.05 --fail-if=new-signature"},
                new String[]{"y", "Gate rule, e.g. bfcl-accuracy-drop:>2."});
        assertThat(unquoted(texts)).containsExactly("y: --fail-if strict-rate-increase:p<0.05", "y: --fail-if new-signature",
                "y: strict-rate-increase:p<0.05", "y: bfcl-accuracy-drop:>2");
    }
}
