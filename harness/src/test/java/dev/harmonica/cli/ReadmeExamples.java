package dev.harmonica.cli;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The runnable shell examples of a Markdown file: fenced code blocks whose info string is {@code sh runnable} (or
 * {@code bash runnable}), optionally followed by {@code exit=N} (the exit code the block must end with; default 0)
 * and {@code timeout=S} (seconds; default {@link #DEFAULT_TIMEOUT}). Other blocks are documentation only.
 *
 * <pre>
 * ```sh runnable exit=3 timeout=60
 * java -jar harness/target/harmonica.jar run --endpoint http://127.0.0.1:9/v1 --run-id closed
 * ```
 * </pre>
 *
 * <p>Fences follow CommonMark: three or more backticks or tildes, indented at most three spaces; the block ends at
 * a fence of the same character at least as long; an unclosed block runs to the end of the file.
 */
final class ReadmeExamples {
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(180);
    private static final Pattern FENCE = Pattern.compile("^( {0,3})(`{3,}|~{3,})(.*)$");

    private ReadmeExamples() {
    }

    /**
     * One runnable block.
     *
     * @param line         1-based line of its opening fence
     * @param script       its text (the lines between the fences, their fence indentation removed)
     * @param expectedExit the exit code it must end with
     * @param timeout      how long it may run
     */
    record Example(int line, String script, int expectedExit, Duration timeout) {
        @Override
        public String toString() {
            String first = script.lines().findFirst().orElse("");
            return "README line " + line + ": " + (first.length() > 60 ? first.substring(0, 60) + "…" : first);
        }
    }

    /** The runnable blocks of {@code markdown}, in order; a malformed marker is an error naming its line. */
    static List<Example> extract(String markdown) {
        List<Example> out = new ArrayList<>();
        List<String> lines = markdown.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            Matcher open = FENCE.matcher(lines.get(i));
            if (!open.matches()) continue;
            String fence = open.group(2);
            int indent = open.group(1).length();
            String info = open.group(3).strip();
            if (fence.charAt(0) == '`' && info.contains("`")) continue; // not a fence (CommonMark)
            StringBuilder body = new StringBuilder();
            int j = i + 1;
            for (; j < lines.size(); j++) {
                Matcher close = FENCE.matcher(lines.get(j));
                if (close.matches() && close.group(2).charAt(0) == fence.charAt(0)
                        && close.group(2).length() >= fence.length() && close.group(3).isBlank()) {
                    break;
                }
                body.append(stripIndent(lines.get(j), indent)).append('\n');
            }
            Example e = example(info, i + 1, body.toString());
            if (e != null) out.add(e);
            i = j;
        }
        return out;
    }

    private static String stripIndent(String line, int indent) {
        int k = 0;
        while (k < indent && k < line.length() && line.charAt(k) == ' ') k++;
        return line.substring(k);
    }

    /** The example of a block with this info string, or null when it is not marked runnable. */
    private static Example example(String info, int line, String script) {
        String[] words = info.split("\\s+");
        if (words.length < 2 || !(words[0].equals("sh") || words[0].equals("bash")) || !words[1].equals("runnable")) return null;
        int exit = 0;
        Duration timeout = DEFAULT_TIMEOUT;
        for (int k = 2; k < words.length; k++) {
            String w = words[k];
            try {
                if (w.startsWith("exit=")) exit = Integer.parseInt(w.substring(5));
                else if (w.startsWith("timeout=")) timeout = Duration.ofSeconds(Long.parseLong(w.substring(8)));
                else throw new IllegalArgumentException("unknown option '" + w + "' (expected exit=N or timeout=S)");
            } catch (NumberFormatException ex) {
                throw new IllegalArgumentException("README line " + line + ": '" + w + "': expected a number after '='");
            } catch (IllegalArgumentException ex) {
                throw new IllegalArgumentException("README line " + line + ": " + ex.getMessage());
            }
        }
        return new Example(line, script, exit, timeout);
    }
}
