package dev.harmonica.harmony.parse;

import java.util.Set;

/**
 * Pure predicates over header words that the lenient rules (docs/repairs.md) use to recognise what a model
 * meant: channel names, content types, tool-like names, and roles glued to noise.
 */
final class HeaderWords {
    static final Set<String> CHANNELS = Set.of("analysis", "commentary", "final");
    static final Set<String> CONTENT_TYPES = Set.of("json", "code", "text", "markdown", "yaml", "xml", "html", "python");
    private static final String[] ROLES = {"assistant", "user", "system", "developer", "tool"};

    private HeaderWords() {
    }

    static boolean isRole(String s) {
        return switch (s) {
            case "user", "assistant", "system", "developer", "tool" -> true;
            default -> false;
        };
    }

    /** The text up to the first ASCII whitespace. */
    static String firstWord(String s) {
        int i = 0;
        while (i < s.length() && !RustText.isAsciiWhitespace(s.charAt(i))) i++;
        return s.substring(0, i);
    }

    /** The text after the first word, trimmed (Rust {@code trim}). */
    static String afterFirstWord(String s) {
        int i = 0;
        while (i < s.length() && !RustText.isAsciiWhitespace(s.charAt(i))) i++;
        return RustText.trim(s.substring(i));
    }

    /** {@code role:name} with a harmony role: {role, name}; else null. */
    static String[] roleWithName(String w) {
        int colon = w.indexOf(':');
        if (colon <= 0 || colon == w.length() - 1) return null;
        String r = w.substring(0, colon);
        return isRole(r) ? new String[]{r, w.substring(colon + 1)} : null;
    }

    /** A role glued to special-token text or repeated ({@code assistant<|channel|>}, {@code assistantassistant}). */
    static String normalisedRole(String w) {
        int special = w.indexOf("<|");
        if (special > 0 && isRole(w.substring(0, special))) return w.substring(0, special);
        String stripped = w.replaceAll("<\\|[a-z_0-9]*\\|>", "");
        if (isRole(stripped)) return stripped;
        for (String r : ROLES) {
            if (stripped.length() > r.length() && stripped.length() % r.length() == 0
                    && stripped.equals(r.repeat(stripped.length() / r.length()))) {
                return r;
            }
        }
        return null;
    }

    /** Letters, digits and {@code _-.:/@}: what tool names and recipients are made of. */
    static boolean looksLikeName(String s) {
        if (s.isEmpty()) return false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(Character.isLetterOrDigit(c) || c == '_' || c == '-' || c == '.' || c == ':' || c == '/' || c == '@')) {
                return false;
            }
        }
        return true;
    }

    /** A lower-case MIME-ish word that is not a channel name ({@code json}, {@code x-yaml}, {@code text/plain}). */
    static boolean isContentTypeWord(String x) {
        if (x.isEmpty() || CHANNELS.contains(x)) return false;
        char c0 = x.charAt(0);
        if (c0 < 'a' || c0 > 'z') return false;
        for (int i = 1; i < x.length(); i++) {
            char c = x.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '+' || c == '.' || c == '-' || c == '/')) {
                return false;
            }
        }
        return true;
    }

    /** A known channel followed only by punctuation ({@code commentary?}): that channel; else null. */
    static String channelWithPunctuation(String c) {
        for (String k : CHANNELS) {
            if (c.startsWith(k)) {
                boolean punct = true;
                for (int i = k.length(); i < c.length() && punct; ) {
                    int cp = c.codePointAt(i);
                    punct = !Character.isLetterOrDigit(cp);
                    i += Character.charCount(cp);
                }
                if (punct) return k;
            }
        }
        return null;
    }
}
