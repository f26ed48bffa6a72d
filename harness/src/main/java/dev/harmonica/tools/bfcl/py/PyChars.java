package dev.harmonica.tools.bfcl.py;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * CPython 3.11's character classes (Unicode 14.0) where BFCL's executor meets call strings: {@code re}'s {@code \w}
 * and {@code \s}, identifier characters and printability. JDK 17 knows Unicode 13.0 only, so the classes are read
 * from {@code python311-unicode.txt}, measured from CPython 3.11 by
 * {@code harness/src/test/python/differential/bfcl/python_unicode_tables.py}.
 */
public final class PyChars {
    /** The measured classes. */
    public enum Kind {
        /** {@code str.isalnum()} or {@code _}: {@code re}'s {@code \w} (and so {@code \b}). */
        WORD("word"),
        /** {@code str.isspace()}: {@code re}'s {@code \s}. */
        SPACE("space"),
        /** XID_Start or {@code _}: the first character of an identifier. */
        XID_START("xid_start"),
        /** XID_Continue: a later character of an identifier. */
        XID_CONTINUE("xid_continue"),
        /** {@code str.isprintable()}. */
        PRINTABLE("printable");

        private final String key;

        Kind(String key) {
            this.key = key;
        }
    }

    private PyChars() {
    }

    /** Whether the code point is in the class. */
    public static boolean is(Kind kind, int cp) {
        int[] starts = Tables.STARTS.get(kind);
        int k = Arrays.binarySearch(starts, cp);
        if (k >= 0) return true;
        int range = -k - 2;
        return range >= 0 && cp <= Tables.ENDS.get(kind)[range];
    }

    /** {@code re}'s {@code \w} on a str pattern. */
    public static boolean isWord(int cp) {
        if (cp < 0x80) return cp == '_' || (cp >= '0' && cp <= '9') || ((cp | 0x20) >= 'a' && (cp | 0x20) <= 'z');
        return is(Kind.WORD, cp);
    }

    /** {@code str.isspace()}, {@code re}'s {@code \s}. */
    public static boolean isSpace(int cp) {
        return is(Kind.SPACE, cp);
    }

    /** {@code str.isprintable()} for one code point. */
    public static boolean isPrintable(int cp) {
        return is(Kind.PRINTABLE, cp);
    }

    /** Whether {@code s} is a valid identifier by {@code str.isidentifier()} (no NFKC, no keyword check). */
    public static boolean isIdentifier(String s) {
        if (s.isEmpty()) return false;
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            if (!is(i == 0 ? Kind.XID_START : Kind.XID_CONTINUE, cp)) return false;
            i += Character.charCount(cp);
        }
        return true;
    }

    /** The measured table, loaded once. */
    private static final class Tables {
        static final Map<Kind, int[]> STARTS = new EnumMap<>(Kind.class);
        static final Map<Kind, int[]> ENDS = new EnumMap<>(Kind.class);

        static {
            try (InputStream in = PyChars.class.getResourceAsStream("/dev/harmonica/tools/bfcl/call/python311-unicode.txt")) {
                if (in == null) throw new IllegalStateException("resource python311-unicode.txt not found");
                BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII));
                String line;
                while ((line = r.readLine()) != null) {
                    if (line.isBlank() || line.startsWith("#")) continue;
                    int colon = line.indexOf(':');
                    String key = line.substring(0, colon);
                    for (Kind k : Kind.values()) {
                        if (k.key.equals(key)) load(k, line.substring(colon + 1).trim());
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            for (Kind k : Kind.values()) {
                if (!STARTS.containsKey(k)) throw new IllegalStateException("python311-unicode.txt lacks " + k.key);
            }
        }

        private static void load(Kind kind, String ranges) {
            List<int[]> list = new ArrayList<>();
            for (String part : ranges.split(" ")) {
                int dash = part.indexOf('-');
                int a = Integer.parseInt(dash < 0 ? part : part.substring(0, dash), 16);
                int b = dash < 0 ? a : Integer.parseInt(part.substring(dash + 1), 16);
                list.add(new int[]{a, b});
            }
            int[] s = new int[list.size()];
            int[] e = new int[list.size()];
            for (int i = 0; i < s.length; i++) {
                s[i] = list.get(i)[0];
                e[i] = list.get(i)[1];
            }
            STARTS.put(kind, s);
            ENDS.put(kind, e);
        }
    }
}
