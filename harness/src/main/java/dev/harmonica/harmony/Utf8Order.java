package dev.harmonica.harmony;

import java.util.Comparator;

/**
 * Orders strings by their UTF-8 bytes (= by code point), as Rust's {@code BTreeMap<String, _>} does. Java's
 * {@code String.compareTo} compares UTF-16 units and differs above U+FFFF and for U+E000–U+FFFF.
 */
public final class Utf8Order {
    public static final Comparator<String> COMPARATOR = Utf8Order::compare;

    private Utf8Order() {
    }

    public static int compare(String a, String b) {
        int i = 0, j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i), cb = b.codePointAt(j);
            if (ca != cb) return Integer.compare(ca, cb);
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }
}
