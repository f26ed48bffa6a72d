package dev.harmonica.turn;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Normalises a bash command for agreement scoring (docs/swe.md, level "canonical": whitespace-normalised
 * and shlex-tokenised). Two commands agree when their token lists are equal, so {@code ls  -la "foo"} ≡
 * {@code ls -la foo} ≡ {@code ls -la 'foo'}.
 *
 * <p>Rules (POSIX shell word splitting, without expansion):
 * <ul>
 *   <li>unquoted blanks separate words; quotes are removed ({@code '…'} literal, {@code "…"} with {@code \" \\ \$ \`}
 *       escapes, {@code \x} outside quotes is {@code x}, backslash-newline is a line continuation);</li>
 *   <li>unquoted control operators are their own tokens, so {@code a&&b} ≡ {@code a && b}:
 *       {@code && || ;; ; & | |& ( ) < > >> << <<- >& <& >|} and {@code 2>} style redirections keep their fd;</li>
 *   <li>an unquoted newline is a {@code ;}; repeated and leading/trailing {@code ;} are dropped;</li>
 *   <li>{@code #} at the start of a word starts a comment that runs to the end of the line (dropped);</li>
 *   <li>here-document bodies ({@code <<EOF … EOF}, {@code <<-}) are kept verbatim as one token, never re-split.</li>
 * </ul>
 * Known approximation: quoting that changes expansion ({@code "$x"} vs {@code $x}, {@code '*'} vs {@code *}) is
 * treated as equal. When a quote is never closed, the command falls back to whitespace collapsing
 * ({@link Normalized#tokenized()} is false).
 */
public final class BashNormalizer {
    private BashNormalizer() {
    }

    /** The normal form: tokens, or null tokens when tokenisation failed (then {@code text} is whitespace-collapsed). */
    public record Normalized(List<String> tokens, boolean tokenized, String text) {
        public Normalized {
            tokens = tokens == null ? null : List.copyOf(tokens);
        }

        /** The program: the first word that is not a {@code NAME=value} assignment; "" when none. */
        public String program() {
            if (!tokenized) {
                for (String w : text.split(" ")) if (!w.isEmpty() && !isAssignment(w)) return w;
                return "";
            }
            for (String t : tokens) {
                if (isOperator(t)) continue;
                if (!isAssignment(t)) return t;
            }
            return "";
        }
    }

    /** Whether two commands are equal after normalisation. */
    public static boolean equivalent(String a, String b) {
        return equivalent(normalize(a), normalize(b));
    }

    /** Whether two normal forms are equal (token lists when both tokenized, else the collapsed texts). */
    public static boolean equivalent(Normalized na, Normalized nb) {
        if (na.tokenized && nb.tokenized) return na.tokens.equals(nb.tokens);
        return na.text.equals(nb.text);
    }

    public static Normalized normalize(String command) {
        try {
            List<String> tokens = tokenize(command == null ? "" : command);
            return new Normalized(tokens, true, render(tokens));
        } catch (IllegalArgumentException e) {
            String collapsed = (command == null ? "" : command).strip().replaceAll("\\s+", " ");
            return new Normalized(null, false, collapsed);
        }
    }

    private static boolean isAssignment(String w) {
        int eq = w.indexOf('=');
        if (eq <= 0) return false;
        for (int i = 0; i < eq; i++) {
            char c = w.charAt(i);
            if (!(Character.isLetterOrDigit(c) || c == '_') || (i == 0 && Character.isDigit(c))) return false;
        }
        return true;
    }

    private static final Pattern SAFE_WORD = Pattern.compile("[A-Za-z0-9_@%+=:,./-]+");
    private static final String[] OPERATORS = {"<<-", ";;", "&&", "||", "|&", ">>", "<<", ">&", "<&", ">|", ";", "&", "|", "(", ")", "<", ">"};

    static boolean isOperator(String t) {
        if (t.isEmpty()) return false;
        char c = t.charAt(0);
        if (Character.isDigit(c)) {
            return t.length() > 1 && (t.indexOf('>') > 0 || t.indexOf('<') > 0) && isOperator(t.substring(1));
        }
        if ("<>;&|()".indexOf(c) < 0) return false;
        for (String op : OPERATORS) if (op.equals(t)) return true;
        return false;
    }

    /** A display form: tokens joined by single spaces, quoted where needed (here-doc bodies shown as such). */
    private static String render(List<String> tokens) {
        StringBuilder sb = new StringBuilder();
        for (String t : tokens) {
            if (sb.length() > 0) sb.append(' ');
            if (isOperator(t) || SAFE_WORD.matcher(t).matches()) sb.append(t);
            else sb.append('\'').append(t.replace("'", "'\\''")).append('\'');
        }
        return sb.toString();
    }

    private static List<String> tokenize(String s) {
        List<String> out = new ArrayList<>();
        List<String[]> pendingHeredocs = new ArrayList<>(); // {delimiter, stripTabs}
        StringBuilder word = null;
        int i = 0;
        int n = s.length();
        boolean expectHeredocWord = false;
        String heredocOp = null;
        while (i < n) {
            char c = s.charAt(i);
            if (c == '\n') {
                if (word != null) {
                    expectHeredocWord = flush(out, word, expectHeredocWord, heredocOp, pendingHeredocs);
                    word = null;
                }
                i++;
                if (!pendingHeredocs.isEmpty()) {
                    i = readHeredocBodies(s, i, pendingHeredocs, out);
                }
                addSeparator(out);
                continue;
            }
            if (c == ' ' || c == '\t' || c == '\r') {
                if (word != null) {
                    expectHeredocWord = flush(out, word, expectHeredocWord, heredocOp, pendingHeredocs);
                    word = null;
                }
                i++;
                continue;
            }
            if (c == '#' && word == null) {
                while (i < n && s.charAt(i) != '\n') i++;
                continue;
            }
            if (c == '\\') {
                if (i + 1 < n && s.charAt(i + 1) == '\n') {
                    i += 2;
                    continue;
                }
                if (word == null) word = new StringBuilder();
                if (i + 1 < n) word.append(s.charAt(i + 1));
                i += 2;
                continue;
            }
            if (c == '\'') {
                int end = s.indexOf('\'', i + 1);
                if (end < 0) throw new IllegalArgumentException("unclosed single quote");
                if (word == null) word = new StringBuilder();
                word.append(s, i + 1, end);
                i = end + 1;
                continue;
            }
            if (c == '"') {
                if (word == null) word = new StringBuilder();
                i++;
                boolean closed = false;
                while (i < n) {
                    char d = s.charAt(i);
                    if (d == '"') {
                        closed = true;
                        i++;
                        break;
                    }
                    if (d == '\\' && i + 1 < n && "\"\\$`\n".indexOf(s.charAt(i + 1)) >= 0) {
                        if (s.charAt(i + 1) != '\n') word.append(s.charAt(i + 1));
                        i += 2;
                        continue;
                    }
                    word.append(d);
                    i++;
                }
                if (!closed) throw new IllegalArgumentException("unclosed double quote");
                continue;
            }
            String op = operatorAt(s, i);
            if (op != null) {
                // "2>" / "2>>": a digit-only word directly before a redirection is its fd
                if (word != null && (op.startsWith(">") || op.startsWith("<")) && word.toString().matches("\\d+")
                        && !expectHeredocWord) {
                    out.add(word + op);
                    word = null;
                } else {
                    if (word != null) {
                        expectHeredocWord = flush(out, word, expectHeredocWord, heredocOp, pendingHeredocs);
                        word = null;
                    }
                    if (op.equals(";")) addSeparator(out);
                    else out.add(op);
                }
                if (op.equals("<<") || op.equals("<<-")) {
                    expectHeredocWord = true;
                    heredocOp = op;
                }
                i += op.length();
                continue;
            }
            if (word == null) word = new StringBuilder();
            word.append(c);
            i++;
        }
        if (word != null) flush(out, word, expectHeredocWord, heredocOp, pendingHeredocs);
        if (!pendingHeredocs.isEmpty()) throw new IllegalArgumentException("here-document without body");
        while (!out.isEmpty() && out.get(out.size() - 1).equals(";")) out.remove(out.size() - 1);
        while (!out.isEmpty() && out.get(0).equals(";")) out.remove(0);
        return out;
    }

    private static boolean flush(List<String> out, StringBuilder word, boolean expectHeredocWord, String heredocOp,
                                 List<String[]> pending) {
        out.add(word.toString());
        if (expectHeredocWord) pending.add(new String[]{word.toString(), String.valueOf("<<-".equals(heredocOp))});
        return false;
    }

    private static void addSeparator(List<String> out) {
        if (!out.isEmpty() && !out.get(out.size() - 1).equals(";")) out.add(";");
    }

    private static int readHeredocBodies(String s, int i, List<String[]> pending, List<String> out) {
        for (String[] h : pending) {
            String delimiter = h[0];
            boolean stripTabs = Boolean.parseBoolean(h[1]);
            StringBuilder body = new StringBuilder();
            boolean found = false;
            while (i <= s.length()) {
                int eol = s.indexOf('\n', i);
                String line = eol < 0 ? s.substring(i) : s.substring(i, eol);
                int next = eol < 0 ? s.length() + 1 : eol + 1;
                String cmp = stripTabs ? line.replaceFirst("^\t+", "") : line;
                if (cmp.equals(delimiter)) {
                    i = next;
                    found = true;
                    break;
                }
                body.append(stripTabs ? cmp : line).append('\n');
                i = next;
                if (eol < 0) break;
            }
            if (!found) throw new IllegalArgumentException("here-document '" + delimiter + "' not terminated");
            out.add("<<body:" + body);
        }
        pending.clear();
        return Math.min(i, s.length());
    }

    private static String operatorAt(String s, int i) {
        if ("<>;&|()".indexOf(s.charAt(i)) < 0) return null;
        for (String op : OPERATORS) {
            if (s.startsWith(op, i)) return op;
        }
        return null;
    }
}
