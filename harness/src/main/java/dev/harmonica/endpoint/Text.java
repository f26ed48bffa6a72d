package dev.harmonica.endpoint;

/** Bounding and flattening of untrusted text (server bodies, exception messages) before it goes into a message. */
final class Text {
    private Text() {
    }

    /**
     * One line of at most {@code max} characters: control characters and line breaks become spaces, runs of white
     * space one space, and a cut is marked with {@code …}. Null becomes the empty string.
     */
    static String oneLine(String s, int max) {
        if (s == null) return "";
        StringBuilder b = new StringBuilder(Math.min(s.length(), max + 1));
        boolean space = false;
        for (int i = 0; i < s.length() && b.length() <= max; i++) {
            char c = s.charAt(i);
            boolean blank = Character.isWhitespace(c) || Character.isISOControl(c) || c == '\u2028' || c == '\u2029';
            if (blank) {
                space = b.length() > 0;
                continue;
            }
            if (space) b.append(' ');
            space = false;
            b.append(c);
        }
        return cut(b.toString(), max);
    }

    /** At most {@code max} characters of {@code s} (never half a surrogate pair), or null for null. */
    static String excerpt(String s, int max) {
        if (s == null) return null;
        return s.length() <= max ? s : cut(s, max);
    }

    private static String cut(String s, int max) {
        if (s.length() <= max) return s;
        int end = max - 1;
        if (end > 0 && Character.isHighSurrogate(s.charAt(end - 1))) end--;
        return s.substring(0, end) + "…";
    }
}
