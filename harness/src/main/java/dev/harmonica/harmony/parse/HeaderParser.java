package dev.harmonica.harmony.parse;

import java.util.ArrayList;
import java.util.List;

import static dev.harmonica.harmony.parse.HeaderWords.CHANNELS;
import static dev.harmonica.harmony.parse.HeaderWords.CONTENT_TYPES;
import static dev.harmonica.harmony.parse.LenientFeature.CONSTRAIN_FUNCTION_AS_RECIPIENT;
import static dev.harmonica.harmony.parse.LenientFeature.DROP_LEFTOVER_HEADER_WORDS;
import static dev.harmonica.harmony.parse.LenientFeature.NORMALISE_CHANNEL;
import static dev.harmonica.harmony.parse.LenientFeature.NORMALISE_ROLE;
import static dev.harmonica.harmony.parse.LenientFeature.SANITIZE_RECIPIENT;
import static dev.harmonica.harmony.parse.LenientFeature.STRIP_DUPLICATE_CHANNELS;

/**
 * The one header algorithm: openai/harmony v0.0.8 {@code parse_header_from_string} (openai/harmony v0.0.8 src/encoding.rs (StreamableParser)), ported
 * literally, with the lenient rules of docs/repairs.md as named hooks at its decision points. Under {@link Hooks#STRICT} every
 * hook is off and the result is harmony's, error for error: first {@code <|channel|>} only, Unicode-whitespace trim,
 * {@code <|constrain|>} spacing, ASCII-whitespace split, then role, recipient and content type. With a hook on, the
 * place where harmony would fail (or read the header in a way the model evidently did not mean) records a
 * {@link RepairCode} and goes on.
 */
final class HeaderParser {
    static final String CHANNEL = "<|channel|>";
    static final String CONSTRAIN = "<|constrain|>";

    private HeaderParser() {
    }

    /** The switches and the repair record of the parser this header belongs to. */
    interface Hooks {
        /** Every rule off: harmony's reading. */
        Hooks STRICT = new Hooks() {
            @Override
            public boolean on(LenientFeature f) {
                return false;
            }

            @Override
            public void repair(RepairCode code, int localOffset, String before, String after) {
                throw new IllegalStateException("a strict header records no repairs: " + code);
            }
        };

        boolean on(LenientFeature f);

        /** Records a repair at {@code localOffset} characters into the decoded header. */
        void repair(RepairCode code, int localOffset, String before, String after);
    }

    /** The header plus the leftover words joined by single spaces (null when none). */
    record Result(ParsedHeader header, String remaining) {
    }

    /** A header ended without {@code <|message|>} (L4): the header and the words that become the body. */
    record Salvage(ParsedHeader header, String content) {
    }

    /** The start role a parser is given (a prompt-supplied {@code <|start|>role}) must be a harmony role or null. */
    static String requireStartRole(String role) {
        if (role != null && !HeaderWords.isRole(role)) {
            throw new IllegalArgumentException("role must be one of user, assistant, system, developer, tool or null: " + role);
        }
        return role;
    }

    /** End index (exclusive) of a channel value starting at {@code from}: first Unicode whitespace or {@code <}. */
    static int channelValueEnd(String h, int from) {
        int i = from, n = h.length();
        while (i < n) {
            int c = h.codePointAt(i);
            if (c == '<' || RustText.isWhitespace(c)) break;
            i += Character.charCount(c);
        }
        return i;
    }

    /**
     * harmony's {@code parse_header_from_string(h, role, recipientAndType)}: {@code role} is the role a prompt or the
     * parser supplied (null: the header names it). Throws harmony's error where it fails and the hook is off.
     */
    static Result parse(String h, String role, boolean recipientAndType, Hooks hooks) throws HarmonyError {
        Draft d = new Draft(h, hooks);
        d.channel();
        d.words();
        d.role(role);
        if (!recipientAndType) return d.result(d.joinedParts());
        String remaining = d.recipientAndType();
        if (remaining != null) return d.result(remaining);
        d.sanitiseRecipient();
        d.bareWord();
        return d.result(null);
    }

    /**
     * L4 (lenient only): a header ended by a stop token or a new {@code <|start|>}. The role (or a channel word, or a
     * role glued to noise) and an optional {@code to=} recipient with its content type are read from the front; the
     * rest, with its spacing kept, is the body.
     */
    static Salvage salvage(String h, String role, Hooks hooks) throws HarmonyError {
        Draft d = new Draft(h, hooks);
        d.channel();
        String rest = RustText.trim(d.h);
        String w = HeaderWords.firstWord(rest);
        String[] rn;
        String normal;
        if (role != null) {
            d.role = role;
            if (w.equals(role)) rest = HeaderWords.afterFirstWord(rest);
        } else if (HeaderWords.isRole(w)) {
            d.role = w;
            d.name = w;
            rest = HeaderWords.afterFirstWord(rest);
        } else if ((rn = HeaderWords.roleWithName(w)) != null) {
            d.role = rn[0];
            d.name = rn[1];
            rest = HeaderWords.afterFirstWord(rest);
        } else if (CHANNELS.contains(w)) {
            d.role = "assistant";
            if (d.channel == null) d.channel = w;
            rest = HeaderWords.afterFirstWord(rest);
        } else if ((normal = HeaderWords.normalisedRole(w)) != null) {
            d.role = normal;
            rest = HeaderWords.afterFirstWord(rest);
        } else {
            if (!hooks.on(NORMALISE_ROLE)) throw HarmonyError.unknownRole(w);
            d.role = "assistant";
            hooks.repair(RepairCode.L6_MISSING_ROLE, 0, "", "assistant");
        }
        if (!"tool".equals(d.role)) d.name = null; // only a tool author keeps a name here
        return d.salvageRecipient(rest);
    }

    /** One header being read: harmony's steps in order, each a method. */
    private static final class Draft {
        private final String original;
        private final Hooks hooks;
        private String h;
        private List<String> parts;
        private String role, roleWord, name, channel, recipient, contentType;
        private boolean singleBare;

        Draft(String h, Hooks hooks) {
            this.original = h;
            this.h = h;
            this.hooks = hooks;
        }

        /** Step 1: the first {@code <|channel|>} (L8: empty value; L2: later markers; L8: punctuated value). */
        void channel() throws HarmonyError {
            int idx = h.indexOf(CHANNEL);
            if (idx < 0) return;
            int vs = idx + CHANNEL.length();
            int ve = channelValueEnd(h, vs);
            if (ve == vs) {
                if (!hooks.on(NORMALISE_CHANNEL)) throw HarmonyError.emptyChannel();
                hooks.repair(RepairCode.L8_EMPTY_CHANNEL, idx, CHANNEL, "");
            } else {
                channel = h.substring(vs, ve);
            }
            h = h.substring(0, idx) + h.substring(ve);
            if (hooks.on(STRIP_DUPLICATE_CHANNELS)) stripLaterChannels(idx);
            if (channel != null && !CHANNELS.contains(channel) && hooks.on(NORMALISE_CHANNEL)) normaliseChannel(idx);
        }

        /** L2 (harmony PR #97): keep the first channel, drop each later {@code <|channel|>VALUE}. */
        private void stripLaterChannels(int idx) {
            int origPos = idx;
            int j;
            while ((j = h.indexOf(CHANNEL)) >= 0) {
                int vs = j + CHANNEL.length();
                int ve = channelValueEnd(h, vs);
                String v = h.substring(vs, ve);
                int next = original.indexOf(CHANNEL, origPos + 1);
                origPos = next < 0 ? origPos : next;
                if (channel == null && !v.isEmpty()) {
                    channel = v;
                } else if (channel != null && !CHANNELS.contains(channel) && CHANNELS.contains(v)
                        && hooks.on(NORMALISE_CHANNEL)) {
                    // assistant<|channel|>bash<|channel|>commentary: prefer the real channel name (PR #114 census)
                    hooks.repair(RepairCode.L2_CONFLICTING_CHANNEL, idx, CHANNEL + channel, "");
                    hooks.repair(RepairCode.L8_CHANNEL_NORMALISED, idx, channel, v);
                    channel = v;
                } else {
                    RepairCode code = v.isEmpty() || v.equals(channel)
                            ? RepairCode.L2_DUPLICATE_CHANNEL : RepairCode.L2_CONFLICTING_CHANNEL;
                    hooks.repair(code, origPos, CHANNEL + v, "");
                }
                h = h.substring(0, j) + h.substring(ve);
            }
        }

        /** L8: {@code commentary?} is commentary; optionally {@code comment} is commentary. */
        private void normaliseChannel(int idx) {
            if (channel.equals("comment") && hooks.on(LenientFeature.COMMENT_CHANNEL_AS_COMMENTARY)) {
                hooks.repair(RepairCode.L8_COMMENT_AS_COMMENTARY, idx, channel, "commentary");
                channel = "commentary";
                return;
            }
            String normal = HeaderWords.channelWithPunctuation(channel);
            if (normal != null) {
                hooks.repair(RepairCode.L8_CHANNEL_NORMALISED, idx, channel, normal);
                channel = normal;
            }
        }

        /** Steps 2–4: trim, space before {@code <|constrain|>}, split on ASCII whitespace (L5: rejoin a lone marker). */
        void words() {
            h = RustText.trim(h);
            if (h.contains(CONSTRAIN)) h = RustText.trim(h.replace(CONSTRAIN, " " + CONSTRAIN));
            parts = RustText.splitAsciiWhitespace(h);
            if (!hooks.on(DROP_LEFTOVER_HEADER_WORDS)) return;
            for (int i = 0; i + 1 < parts.size(); i++) {
                if (parts.get(i).equals(CONSTRAIN) && !parts.get(i + 1).startsWith("<|")) {
                    String joined = CONSTRAIN + parts.remove(i + 1);
                    hooks.repair(RepairCode.L5_CONSTRAIN_JOINED, Math.max(0, original.indexOf(CONSTRAIN)),
                            CONSTRAIN + " " + joined.substring(CONSTRAIN.length()), joined);
                    parts.set(i, joined);
                }
            }
        }

        /** Steps 5, 6 and 8: the role (L6 where harmony fails or takes an unknown word for a tool), the author name. */
        void role(String supplied) throws HarmonyError {
            role = supplied;
            if (role == null) readRole();
            if (!parts.isEmpty() && parts.get(0).equals(role)) parts.remove(0);
            if ("tool".equals(role) && name == null) name = roleWord;
        }

        private void readRole() throws HarmonyError {
            if (parts.isEmpty()) {
                if (!hooks.on(NORMALISE_ROLE)) throw HarmonyError.missingRole();
                role = "assistant";
                hooks.repair(RepairCode.L6_MISSING_ROLE, 0, original, "assistant");
                return;
            }
            String r = parts.get(0);
            roleWord = r;
            if (HeaderWords.isRole(r)) {
                role = r;
            } else if (!(hooks.on(NORMALISE_ROLE) && normaliseRole(r))) {
                if (parts.size() > 1 || r.startsWith("to=")) {
                    parts.remove(0);
                    role = "tool";
                } else if (hooks.on(NORMALISE_ROLE)) {
                    parts.remove(0);
                    role = "tool";
                    hooks.repair(RepairCode.L6_TOOL_AUTHOR, 0, r, "tool " + r);
                } else {
                    throw HarmonyError.unknownRole(r);
                }
            }
        }

        /** L6: the first word is not a role but evidently names one. False when no rule applies. */
        private boolean normaliseRole(String r) {
            String[] rn = HeaderWords.roleWithName(r);
            String normal;
            if (rn != null) {
                role = rn[0];
                name = rn[1];
                roleWord = null;
                parts.remove(0);
                hooks.repair(RepairCode.L6_ROLE_WITH_NAME, 0, r, role);
            } else if (CHANNELS.contains(r)) {
                role = "assistant";
                if (channel == null) channel = r;
                parts.remove(0);
                hooks.repair(RepairCode.L6_CHANNEL_AS_ROLE, 0, r, "assistant" + CHANNEL + r);
            } else if (r.startsWith("to=")) {
                role = "assistant";
                hooks.repair(RepairCode.L6_RECIPIENT_WITHOUT_ROLE, 0, r, "assistant " + r);
            } else if ((normal = HeaderWords.normalisedRole(r)) != null) {
                role = normal;
                roleWord = normal;
                parts.remove(0);
                hooks.repair(RepairCode.L6_ROLE_NORMALISED, 0, r, normal);
            } else {
                return false;
            }
            return true;
        }

        /**
         * Step 7: harmony's recipient and content-type assignment from the last words. Returns the leftover words
         * (harmony's error) when there are some and L5 is off, else null.
         */
        String recipientAndType() {
            int n = parts.size();
            int recIdx = -1, ctIdx = -1;
            if (n > 0) {
                if (parts.get(n - 1).startsWith("to=")) {
                    recIdx = n - 1;
                } else if (n == 1) {
                    recIdx = 0;
                    singleBare = true;
                } else {
                    ctIdx = n - 1;
                    recIdx = n - 2;
                }
            }
            int used = (recIdx >= 0 ? 1 : 0) + (ctIdx >= 0 ? 1 : 0);
            if (n > used) {
                if (!hooks.on(DROP_LEFTOVER_HEADER_WORDS)) return String.join(" ", parts.subList(0, n - used));
                int[] chosen = new LeftoverWords(parts, original, hooks).resolve(recIdx, ctIdx);
                recIdx = chosen[0];
                ctIdx = chosen[1];
                singleBare = false;
            }
            if (recIdx >= 0) {
                String raw = parts.get(recIdx);
                recipient = raw.startsWith("to=") ? raw.substring(3) : raw;
            }
            if (ctIdx >= 0) contentType = parts.get(ctIdx);
            return null;
        }

        /** L3: a recipient that is a content type, a tool name after {@code <|constrain|>}, special-token tails. */
        void sanitiseRecipient() {
            if (recipient == null || !hooks.on(SANITIZE_RECIPIENT)) return;
            if (recipient.startsWith(CONSTRAIN) && contentType == null) {
                String x = recipient.substring(CONSTRAIN.length());
                if (hooks.on(CONSTRAIN_FUNCTION_AS_RECIPIENT) && x.startsWith("functions.") && HeaderWords.looksLikeName(x)) {
                    hooks.repair(RepairCode.L3_CONSTRAIN_FUNCTION_AS_RECIPIENT, 0, recipient, "to=" + x);
                    recipient = x;
                } else {
                    hooks.repair(RepairCode.L3_CONSTRAIN_AS_RECIPIENT, 0, recipient, "content type " + recipient);
                    contentType = recipient;
                    recipient = null;
                }
                singleBare = false;
            } else if (recipient.isEmpty() && contentType != null && contentType.startsWith(CONSTRAIN)
                    && contentType.indexOf('.') > 0 && HeaderWords.looksLikeName(contentType.substring(CONSTRAIN.length()))) {
                String x = contentType.substring(CONSTRAIN.length());
                hooks.repair(RepairCode.L3_RECIPIENT_AFTER_CONSTRAIN, 0, "to=" + contentType, "to=" + x);
                recipient = x;
                contentType = null;
            }
            if (recipient != null) cutSpecialTokenTail();
            if (recipient != null && recipient.isEmpty()) {
                hooks.repair(RepairCode.L3_INVALID_RECIPIENT_DROPPED, 0, "to=", "");
                recipient = null;
            }
            if ("assistant".equals(recipient) && "assistant".equals(role)) {
                hooks.repair(RepairCode.L3_ASSISTANT_RECIPIENT_DROPPED, 0, "to=assistant", "");
                recipient = null;
            }
        }

        private void cutSpecialTokenTail() {
            int cut = recipient.indexOf("<|");
            if (cut < 0) return;
            String clean = recipient.substring(0, cut);
            int e = clean.length();
            while (e > 0 && RustText.isWhitespace(clean.charAt(e - 1))) e--;
            clean = clean.substring(0, e);
            hooks.repair(RepairCode.L3_RECIPIENT_SPECIAL_TOKEN_TAIL, 0, recipient, clean);
            recipient = clean;
        }

        /** A lone header word, which harmony takes for the recipient: a channel name (L8) or garbage (L3). */
        void bareWord() {
            if (!singleBare || recipient == null) return;
            if (channel == null && CHANNELS.contains(recipient) && hooks.on(NORMALISE_CHANNEL)) {
                hooks.repair(RepairCode.L8_CHANNEL_WITHOUT_MARKER, 0, recipient, CHANNEL + recipient);
                channel = recipient;
                recipient = null;
            } else if (!HeaderWords.looksLikeName(recipient) && hooks.on(SANITIZE_RECIPIENT)) {
                hooks.repair(RepairCode.L3_INVALID_RECIPIENT_DROPPED, 0, recipient, "");
                recipient = null;
            }
        }

        /** L4's recipient: a leading {@code to=NAME} and an optional content type; the rest is the body. */
        Salvage salvageRecipient(String rest) {
            String w = HeaderWords.firstWord(rest);
            if (w.startsWith("to=") && w.length() > 3) {
                recipient = w.substring(3);
                int cut = recipient.indexOf("<|");
                if (cut >= 0 && hooks.on(SANITIZE_RECIPIENT)) {
                    String clean = recipient.substring(0, cut);
                    hooks.repair(RepairCode.L3_RECIPIENT_SPECIAL_TOKEN_TAIL, 0, recipient, clean);
                    recipient = clean.isEmpty() ? null : clean;
                }
                rest = HeaderWords.afterFirstWord(rest);
                String w2 = HeaderWords.firstWord(rest);
                if (w2.startsWith(CONSTRAIN) || CONTENT_TYPES.contains(w2)) {
                    contentType = w2;
                    rest = HeaderWords.afterFirstWord(rest);
                }
            }
            return new Salvage(header(), RustText.trim(rest));
        }

        String joinedParts() {
            return parts.isEmpty() ? null : String.join(" ", parts);
        }

        private ParsedHeader header() {
            return new ParsedHeader(role, "tool".equals(role) || name != null ? name : null, recipient, channel, contentType);
        }

        Result result(String remaining) {
            return new Result(header(), remaining);
        }
    }

    /** L5: the header has more words than harmony can place; choose the recipient and content type, drop the rest. */
    private record LeftoverWords(List<String> parts, String original, Hooks hooks) {
        /** {recipient index, content-type index} (-1 for none) after recording what was dropped or moved. */
        int[] resolve(int recIdx, int ctIdx) {
            int n = parts.size();
            int toIdx = -1, toCount = 0, cIdx = -1, firstConstrain = -1;
            for (int i = 0; i < n; i++) {
                String p = parts.get(i);
                if (p.startsWith("to=")) {
                    toCount++;
                    if (toIdx < 0) toIdx = i;
                } else if (p.startsWith(CONSTRAIN)) {
                    if (firstConstrain < 0) firstConstrain = i;
                    if (cIdx < 0 && HeaderWords.isContentTypeWord(p.substring(CONSTRAIN.length()))) cIdx = i;
                }
            }
            int newRec = toIdx >= 0 ? toIdx : (recIdx >= 0 && !parts.get(recIdx).startsWith(CONSTRAIN)
                    && HeaderWords.looksLikeName(parts.get(recIdx)) ? recIdx : -1);
            int newCt = cIdx >= 0 ? cIdx
                    : (ctIdx >= 0 && ctIdx != newRec && CONTENT_TYPES.contains(parts.get(ctIdx)) ? ctIdx : -1);
            if (toCount > 1) {
                hooks.repair(RepairCode.L5_RECIPIENT_REPEATED, 0, String.join(" ", parts), parts.get(toIdx));
            }
            recordDropped(newRec, newCt, firstConstrain, toCount);
            return new int[]{newRec, newCt};
        }

        private void recordDropped(int newRec, int newCt, int firstConstrain, int toCount) {
            int n = parts.size();
            String kept = newRec >= 0 ? parts.get(newRec) : null;
            List<String> constrainChannel = new ArrayList<>(), afterConstrain = new ArrayList<>(), other = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                if (i == newRec || i == newCt) continue;
                String p = parts.get(i);
                if (toCount > 1 && p.equals(kept)) continue; // the same recipient again: L5_RECIPIENT_REPEATED
                if (p.startsWith(CONSTRAIN) && CHANNELS.contains(p.substring(CONSTRAIN.length()))) {
                    constrainChannel.add(p);
                } else if (firstConstrain >= 0 && i >= firstConstrain && !(p.startsWith("to=") && toCount > 1)) {
                    afterConstrain.add(p);
                } else {
                    other.add(p);
                }
            }
            int off = Math.max(0, original.indexOf(parts.get(0)));
            if (!constrainChannel.isEmpty()) {
                hooks.repair(RepairCode.L5_CONSTRAIN_CHANNEL_DROPPED, off, String.join(" ", constrainChannel), "");
            }
            if (!afterConstrain.isEmpty()) {
                hooks.repair(RepairCode.L5_REASONING_AFTER_CONSTRAIN, off, String.join(" ", afterConstrain), "");
            }
            if (!other.isEmpty()) {
                hooks.repair(RepairCode.L5_LEFTOVER_WORDS_DROPPED, off, String.join(" ", other), "");
            }
            if (constrainChannel.isEmpty() && afterConstrain.isEmpty() && other.isEmpty() && toCount <= 1) {
                hooks.repair(RepairCode.L5_WORDS_REORDERED, off, String.join(" ", parts),
                        (newRec >= 0 ? parts.get(newRec) : "") + (newCt >= 0 ? " " + parts.get(newCt) : ""));
            }
        }
    }
}
