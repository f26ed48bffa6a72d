package dev.harmonica.endpoint;

import java.util.ArrayList;
import java.util.List;

/**
 * Server-sent events, the little of them that OpenAI-compatible streams use (WHATWG HTML "Server-sent events",
 * §9.2.6 "Interpreting an event stream"): {@code data:} lines are joined with {@code \n} (one leading space dropped),
 * a blank line ends an event; {@code event:}, {@code id:}, {@code retry:} and {@code :} comment lines carry nothing
 * Harmonica needs. Shared by every transport and the cache, so a stream reads the same wherever it came from.
 */
public final class Sse {
    /** The payload that ends an OpenAI stream. */
    public static final String DONE = "[DONE]";

    private Sse() {
    }

    /** The {@code data} payloads of the events in {@code text}, in order (an unterminated last event included). */
    public static List<String> payloads(String text) {
        List<String> out = new ArrayList<>();
        StringBuilder data = new StringBuilder();
        boolean pending = false;
        int i = 0;
        while (i <= text.length()) {
            int nl = text.indexOf('\n', i);
            int end = nl < 0 ? text.length() : nl;
            String line = text.substring(i, end);
            if (line.endsWith("\r")) line = line.substring(0, line.length() - 1);
            if (line.isEmpty()) {
                if (pending) out.add(data.toString());
                data.setLength(0);
                pending = false;
            } else if (dataOf(line) != null) {
                if (pending) data.append('\n');
                data.append(dataOf(line));
                pending = true;
            }
            if (nl < 0) break;
            i = nl + 1;
        }
        if (pending) out.add(data.toString());
        return out;
    }

    /** The value of a {@code data:} line (one leading space dropped), or null for any other line. */
    public static String dataOf(String line) {
        if (!line.startsWith("data:")) return null;
        String v = line.substring(5);
        return v.startsWith(" ") ? v.substring(1) : v;
    }

    /** Whether a line is the {@code data: [DONE]} line that ends an OpenAI stream. */
    public static boolean isDone(String line) {
        String d = dataOf(line);
        return d != null && d.strip().equals(DONE);
    }
}
