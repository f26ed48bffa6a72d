package dev.harmonica.harmony.render;

import java.util.ArrayList;
import java.util.List;

/**
 * Rust's {@code str::lines()}: splits on {@code \n}, drops one {@code \r} before each {@code \n}, and yields no
 * final empty line ({@code "a\n"} is one line, {@code ""} is none, {@code "\n"} is one empty line). A bare
 * {@code \r} at the very end stays (Rust 1.66+ behaviour).
 */
public final class RustLines {
    private RustLines() {
    }

    public static List<String> lines(String s) {
        List<String> out = new ArrayList<>();
        int start = 0, n = s.length();
        while (start < n) {
            int nl = s.indexOf('\n', start);
            if (nl < 0) {
                out.add(s.substring(start));
                break;
            }
            int end = nl > start && s.charAt(nl - 1) == '\r' ? nl - 1 : nl;
            out.add(s.substring(start, end));
            start = nl + 1;
        }
        return out;
    }
}
