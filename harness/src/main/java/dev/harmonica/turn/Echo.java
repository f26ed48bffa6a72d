package dev.harmonica.turn;

import dev.harmonica.harmony.HarmonyEncoding;
import dev.harmonica.harmony.Message;
import dev.harmonica.harmony.render.HarmonyRenderer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Echo fidelity: how far the form in which a variant writes a model turn back into the history (the next prompt) is
 * from what the model emitted. gpt-oss reads its own past turns in the echoed form; PR #114's ordering is meant to
 * echo the model's own habits (channel before recipient, always {@code <|constrain|>}).
 *
 * @param distance      token edit distance between the emitted tokens and the echoed ones: insertions plus
 *                      deletions (a changed token counts 2), after the prompt's own {@code <|start|>assistant}
 * @param emittedTokens tokens the model emitted
 * @param echoedTokens  tokens the variant renders for the same messages in the next prompt
 * @param differences   which parts of the form differ: {@code recipient_position} (to= before vs after the channel),
 *                      {@code constrain} ({@code <|constrain|>} added or removed), {@code header} (other header text:
 *                      repaired leaks, spacing), {@code stop_token} ({@code <|return|>} echoed as {@code <|end|>}),
 *                      {@code dropped_analysis} (analysis not echoed), {@code messages} (other message-count change),
 *                      {@code body}
 */
public record Echo(int distance, int emittedTokens, int echoedTokens, List<String> differences) {
    public Echo {
        differences = List.copyOf(differences);
    }

    /**
     * @param emitted      the completion's token ids (after the prompt's {@code <|start|>assistant})
     * @param driving      the messages the conversation goes on with (written back into the history)
     * @param renderer     the variant's renderer
     * @param dropAnalysis the variant drops analysis before a final answer
     */
    public static Echo of(int[] emitted, List<Message> driving, HarmonyRenderer renderer, boolean dropAnalysis) {
        List<Message> echoed = new ArrayList<>();
        boolean hasFinal = driving.stream().anyMatch(m -> "final".equals(m.channel()));
        for (Message m : driving) {
            if (dropAnalysis && hasFinal && "analysis".equals(m.channel())) continue;
            echoed.add(m);
        }
        List<int[]> parts = new ArrayList<>();
        int total = 0;
        for (Message m : echoed) {
            int[] t = renderer.renderMessage(m, true).tokenIds();
            parts.add(t);
            total += t.length;
        }
        int[] echo = new int[total];
        int at = 0;
        for (int[] p : parts) {
            System.arraycopy(p, 0, echo, at, p.length);
            at += p.length;
        }
        int skip = echo.length >= 2 && echo[0] == HarmonyEncoding.START ? 2 : 0; // <|start|>assistant is the prompt's
        int[] echoed2 = Arrays.copyOfRange(echo, skip, echo.length);
        int d = distance(emitted, echoed2);
        return new Echo(d, emitted.length, echoed2.length, d == 0 ? List.of()
                : differences(emitted, echoed2, driving.size() != echoed.size()));
    }

    /** Insertions plus deletions turning {@code a} into {@code b} (Myers' O((N+M)D) diff, common ends trimmed first). */
    static int distance(int[] a, int[] b) {
        int start = 0;
        while (start < a.length && start < b.length && a[start] == b[start]) start++;
        int endA = a.length;
        int endB = b.length;
        while (endA > start && endB > start && a[endA - 1] == b[endB - 1]) {
            endA--;
            endB--;
        }
        int n = endA - start;
        int m = endB - start;
        if (n == 0 || m == 0) return n + m;
        int max = n + m;
        int[] v = new int[2 * max + 2];
        for (int dd = 0; dd <= max; dd++) {
            for (int k = -dd; k <= dd; k += 2) {
                int x = k == -dd || k != dd && v[max + k - 1] < v[max + k + 1] ? v[max + k + 1] : v[max + k - 1] + 1;
                int y = x - k;
                while (x < n && y < m && a[start + x] == b[start + y]) {
                    x++;
                    y++;
                }
                v[max + k] = x;
                if (x >= n && y >= m) return dd;
            }
        }
        return max;
    }

    private static List<String> differences(int[] emitted, int[] echoed, boolean droppedAnalysis) {
        HarmonyEncoding enc = HarmonyEncoding.get();
        List<String> a = headers(enc.decode(emitted));
        List<String> b = headers(enc.decode(echoed));
        Set<String> out = new LinkedHashSet<>();
        if (droppedAnalysis) out.add("dropped_analysis");
        else if (a.size() != b.size()) out.add("messages");
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            String x = a.get(i);
            String y = b.get(i);
            if (x.equals(y)) continue;
            if (recipientFirst(x) != recipientFirst(y)) out.add("recipient_position");
            if (x.contains("<|constrain|>") != y.contains("<|constrain|>")) out.add("constrain");
            if (!normal(x).equals(normal(y))) out.add("header");
        }
        int lastA = emitted.length == 0 ? -1 : emitted[emitted.length - 1];
        int lastB = echoed.length == 0 ? -1 : echoed[echoed.length - 1];
        if (lastA != lastB && HarmonyEncoding.isSpecial(lastA) && HarmonyEncoding.isSpecial(lastB)) out.add("stop_token");
        if (out.isEmpty()) out.add("body");
        return new ArrayList<>(out);
    }

    /** The header texts (up to {@code <|message|>}) of the messages in a completion, in order. */
    static List<String> headers(String text) {
        List<String> out = new ArrayList<>();
        for (String piece : text.split("<\\|start\\|>", -1)) {
            int m = piece.indexOf("<|message|>");
            if (m >= 0) out.add(piece.substring(0, m));
        }
        return out;
    }

    private static boolean recipientFirst(String header) {
        int to = header.indexOf("to=");
        int ch = header.indexOf("<|channel|>");
        return to >= 0 && (ch < 0 || to < ch);
    }

    /** A header's words, order and spacing aside ({@code <|constrain|>} counted apart). */
    private static String normal(String header) {
        List<String> words = new ArrayList<>();
        for (String w : header.replace("<|channel|>", " <|channel|>").replace("<|constrain|>", " ").strip().split("\\s+")) {
            if (!w.isEmpty()) words.add(w);
        }
        words.sort(null);
        return String.join(" ", words);
    }
}
