package dev.harmonica.harmony.parse;

import dev.harmonica.harmony.FailureMode;
import dev.harmonica.harmony.HarmonyEncoding;
import dev.harmonica.harmony.HarmonyParser;
import dev.harmonica.harmony.Message;
import dev.harmonica.harmony.ParseOutcome;
import dev.harmonica.harmony.Repair;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import static dev.harmonica.harmony.parse.HeaderParser.CHANNEL;
import static dev.harmonica.harmony.parse.HeaderParser.CONSTRAIN;
import static dev.harmonica.harmony.parse.LenientFeature.DROP_LEFTOVER_HEADER_WORDS;
import static dev.harmonica.harmony.parse.LenientFeature.KEEP_MESSAGES_BEFORE_ERROR;
import static dev.harmonica.harmony.parse.LenientFeature.NORMALISE_CHANNEL;
import static dev.harmonica.harmony.parse.LenientFeature.NORMALISE_ROLE;
import static dev.harmonica.harmony.parse.LenientFeature.RECOVER_MISSING_MESSAGE;
import static dev.harmonica.harmony.parse.LenientFeature.REPAIR_STREAM_STRUCTURE;
import static dev.harmonica.harmony.parse.LenientFeature.SANITIZE_RECIPIENT;
import static dev.harmonica.harmony.parse.LenientFeature.STRIP_DUPLICATE_CHANNELS;

/**
 * The LENIENT parser's state machine: STRICT (openai/harmony v0.0.8, {@link HarmonyStreamParser}) plus the recovery
 * rules L2–L10 of harmony-format.md §10, each behind a {@link LenientFeature} and each recorded as a {@link Repair}
 * with a {@link RepairCode}, the character offset in the decoded input and the before/after text.
 *
 * <p>Never throws on any token sequence: a failure it cannot recover is reported as the outcome's error (the strict
 * error text) together with the messages completed before it. Not thread-safe.
 */
public final class LenientStream implements HarmonyParser.Stream {
    private static final int EXPECT_START = 0, HEADER = 1, CONTENT = 2;
    private static final Set<String> CHANNELS = Set.of("analysis", "commentary", "final");
    private static final Set<String> CONTENT_TYPES = Set.of("json", "code", "text", "markdown", "yaml", "xml",
            "html", "python");

    private final TokenText text;
    private final LenientOptions options;
    private final TokenText.Buf buf = new TokenText.Buf();
    private final List<Message> messages = new ArrayList<>();
    private final List<Pending> pending = new ArrayList<>();
    private final EnumSet<FailureMode> modes = EnumSet.noneOf(FailureMode.class);
    private int droppedRepairs;

    private int[] tokens;
    private int size;
    private final boolean ownsTokens;

    private int state;
    private String headerRole;
    private int headerStart;
    private int contentStart;
    private ParsedHeader header;
    private int discardStart = -1;
    private boolean seenStart;
    private boolean lastEndedAtEos;
    private String error;
    private boolean finished;
    private ParseOutcome result;

    /** A repair before its token position is turned into a character offset. */
    private record Pending(RepairCode code, int token, int localOffset, String before, String after) {
    }

    public LenientStream(String role, LenientOptions options) {
        this(TokenText.get(), role, options, new int[64], 0, true);
    }

    private LenientStream(TokenText text, String role, LenientOptions options, int[] tokens, int size, boolean owns) {
        HeaderParser.requireStartRole(role);
        this.text = text;
        this.options = options;
        this.tokens = tokens;
        this.size = size;
        this.ownsTokens = owns;
        this.headerRole = role;
        this.state = role == null ? EXPECT_START : HEADER;
        this.seenStart = role != null;
    }

    static LenientStream runAll(int[] tokens, String role, LenientOptions options) {
        LenientStream s = new LenientStream(TokenText.get(), role, options, tokens, tokens.length, false);
        s.guarded(() -> {
            for (int i = 0; i < tokens.length && s.error == null; i++) s.step(i);
        });
        s.finish();
        return s;
    }

    @Override
    public void push(int token) {
        if (finished) throw new IllegalStateException("stream already finished");
        if (!ownsTokens) throw new IllegalStateException("not a streaming parser");
        if (size == tokens.length) tokens = Arrays.copyOf(tokens, tokens.length * 2);
        tokens[size++] = token;
        if (error == null) guarded(() -> step(size - 1));
    }

    @Override
    public ParseOutcome finish() {
        if (!finished) {
            finished = true;
            if (error == null) guarded(this::eos);
            List<Repair> repairs;
            try {
                repairs = resolveRepairs();
            } catch (RuntimeException e) {
                repairs = List.of();
            }
            List<Message> kept = error != null && !on(KEEP_MESSAGES_BEFORE_ERROR) ? List.of() : messages;
            result = new ParseOutcome(kept, error, repairs);
        }
        return result;
    }

    /** Failure modes seen while parsing (from repairs and from how STRICT would have read each repaired header). */
    public Set<FailureMode> failureModes() {
        return modes.isEmpty() ? EnumSet.noneOf(FailureMode.class) : EnumSet.copyOf(modes);
    }

    /** Whether the last message ended at the end of input rather than at a stop token. */
    public boolean lastMessageEndedAtEos() {
        return lastEndedAtEos;
    }

    /** Defence in depth: the rules are written not to throw, but a bug must never escape as an exception. */
    private void guarded(Runnable r) {
        try {
            r.run();
        } catch (RuntimeException | StackOverflowError e) {
            if (error == null) error = "internal error in lenient parser: " + e;
        }
    }

    private boolean on(LenientFeature f) {
        return options.enabled(f);
    }

    private static boolean isStop(int t) {
        return t == HarmonyEncoding.END || t == HarmonyEncoding.CALL || t == HarmonyEncoding.RETURN;
    }

    private void repair(RepairCode code, int token, int localOffset, String before, String after) {
        if (code.failureMode() != null) modes.add(code.failureMode());
        if (pending.size() < options.maxRepairs()) {
            pending.add(new Pending(code, token, localOffset, before, after));
        } else {
            droppedRepairs++;
        }
    }

    // ---------------------------------------------------------------- state machine

    private void step(int i) {
        int t = tokens[i];
        switch (state) {
            case EXPECT_START -> {
                if (t == HarmonyEncoding.START) {
                    closeDiscard(i);
                    seenStart = true;
                    state = HEADER;
                    headerStart = i + 1;
                } else if (t == HarmonyEncoding.CHANNEL && on(REPAIR_STREAM_STRUCTURE)) {
                    closeDiscard(i);
                    repair(RepairCode.L7_MISSING_START, i, 0, "", "<|start|>assistant");
                    seenStart = true;
                    state = HEADER;
                    headerStart = i;
                    headerRole = "assistant";
                } else if (on(REPAIR_STREAM_STRUCTURE)) {
                    if (discardStart < 0) discardStart = i;
                } else {
                    error = "Unexpected token " + Integer.toUnsignedString(t) + " while expecting start token "
                            + HarmonyEncoding.START;
                    modes.add(seenStart ? FailureMode.TEXT_AFTER_STOP : FailureMode.MISSING_START);
                }
            }
            case HEADER -> {
                if (t == HarmonyEncoding.MESSAGE) {
                    String h = decodeHeader(headerStart, i);
                    if (h == null) return;
                    try {
                        header = parseHeader(h, headerRole, headerStart);
                    } catch (HarmonyError e) {
                        error = e.getMessage();
                        return;
                    }
                    headerRole = null;
                    state = CONTENT;
                    contentStart = i + 1;
                } else if (t == HarmonyEncoding.START && on(REPAIR_STREAM_STRUCTURE) && i == headerStart) {
                    repair(RepairCode.L7_REPEATED_START, i, 0, "<|start|>", "");
                    headerStart = i + 1;
                } else if (t == HarmonyEncoding.START && on(REPAIR_STREAM_STRUCTURE) && isBareRole(headerStart, i)) {
                    // <|start|>assistant<|start|>assistant…: a repeated start after the role word
                    repair(RepairCode.L7_REPEATED_START, headerStart, 0,
                            text.decodeLossy(tokens, headerStart, i + 1), "");
                    headerStart = i + 1;
                } else if ((isStop(t) || (t == HarmonyEncoding.START && on(REPAIR_STREAM_STRUCTURE)))
                        && on(RECOVER_MISSING_MESSAGE)) {
                    if (!recoverMissingMessage(headerStart, i, t)) return;
                    headerRole = null;
                    if (t == HarmonyEncoding.START) {
                        headerStart = i + 1;
                    } else {
                        state = EXPECT_START;
                    }
                }
            }
            default -> {
                if (isStop(t)) {
                    finishMessage(i);
                    state = EXPECT_START;
                } else if (t == HarmonyEncoding.START && on(REPAIR_STREAM_STRUCTURE)) {
                    repair(RepairCode.L7_START_IN_CONTENT, i, 0, "<|start|>", "<|end|><|start|>");
                    finishMessage(i);
                    state = HEADER;
                    headerStart = i + 1;
                    headerRole = null;
                }
            }
        }
    }

    private boolean isBareRole(int from, int to) {
        if (to - from > 4) return false;
        String h = RustText.trim(text.decodeLossy(tokens, from, to));
        return HeaderParser.isRole(h);
    }

    private void eos() {
        switch (state) {
            case EXPECT_START -> closeDiscard(size);
            case HEADER -> {
                if (on(REPAIR_STREAM_STRUCTURE)) {
                    repair(RepairCode.L7_TRUNCATED_HEADER, headerStart, 0, text.decodeLossy(tokens, headerStart, size), "");
                } else {
                    error = "Unexpected EOS while waiting for message header to complete";
                    modes.add(FailureMode.TRUNCATED_HEADER);
                }
            }
            default -> {
                finishMessage(size);
                lastEndedAtEos = true;
            }
        }
        state = EXPECT_START;
    }

    private void finishMessage(int end) {
        messages.add(HarmonyStreamParser.message(header, text.contentText(tokens, contentStart, end, buf)));
        lastEndedAtEos = false;
    }

    private void closeDiscard(int end) {
        if (discardStart < 0) return;
        String dropped = text.decodeLossy(tokens, discardStart, end);
        repair(seenStart ? RepairCode.L7_TEXT_AFTER_STOP : RepairCode.L7_TEXT_BEFORE_START, discardStart, 0, dropped, "");
        discardStart = -1;
    }

    private String decodeHeader(int from, int to) {
        String h = text.decodeUtf8OrNull(tokens, from, to, buf);
        if (h != null) return h;
        if (!on(KEEP_MESSAGES_BEFORE_ERROR)) {
            error = "could not decode header";
            modes.add(FailureMode.UNDECODABLE_HEADER);
            return null;
        }
        h = text.decodeLossy(tokens, from, to);
        repair(RepairCode.L10_LOSSY_HEADER, from, 0, "(undecodable header)", h);
        return h;
    }

    /** L4: a header ended by a stop token (or a new start) without {@code <|message|>}. False when it failed. */
    private boolean recoverMissingMessage(int from, int to, int terminator) {
        String h = decodeHeader(from, to);
        if (h == null) return false;
        if (RustText.trim(h).isEmpty()) {
            repair(RepairCode.L7_TEXT_AFTER_STOP, to, 0, h + HarmonyEncoding.get().specialName(terminator), "");
            return true;
        }
        try {
            String[] ch = channelPass(h, from);
            String channel = ch[0];
            String rest = RustText.trim(ch[1]);
            String role = headerRole;
            String name = null;
            String w = firstWord(rest);
            if (role != null) {
                if (w.equals(role)) rest = afterFirstWord(rest);
            } else if (HeaderParser.isRole(w)) {
                role = w;
                if ("tool".equals(w)) name = w;
                rest = afterFirstWord(rest);
            } else if (roleWithName(w) != null) {
                String[] rn = roleWithName(w);
                role = rn[0];
                name = rn[1];
                rest = afterFirstWord(rest);
            } else if (CHANNELS.contains(w)) {
                role = "assistant";
                if (channel == null) channel = w;
                rest = afterFirstWord(rest);
            } else if (normalisedRole(w) != null) {
                role = normalisedRole(w);
                rest = afterFirstWord(rest);
            } else {
                role = "assistant";
                if (!on(NORMALISE_ROLE)) throw new HarmonyError("Unknown role: " + w);
                repair(RepairCode.L6_MISSING_ROLE, from, 0, "", "assistant");
            }
            String recipient = null, contentType = null;
            w = firstWord(rest);
            if (w.startsWith("to=") && w.length() > 3) {
                recipient = w.substring(3);
                int cut = recipient.indexOf("<|");
                if (cut >= 0 && on(SANITIZE_RECIPIENT)) {
                    String clean = recipient.substring(0, cut);
                    repair(RepairCode.L3_RECIPIENT_SPECIAL_TOKEN_TAIL, from, 0, recipient, clean);
                    recipient = clean.isEmpty() ? null : clean;
                }
                rest = afterFirstWord(rest);
                String w2 = firstWord(rest);
                if (w2.startsWith(CONSTRAIN) || CONTENT_TYPES.contains(w2)) {
                    contentType = w2;
                    rest = afterFirstWord(rest);
                }
            }
            String content = RustText.trim(rest);
            messages.add(HarmonyStreamParser.message(
                    new ParsedHeader(role, "tool".equals(role) ? name : null, recipient, channel, contentType), content));
            repair(RepairCode.L4_MISSING_MESSAGE, from, 0, h, content);
            lastEndedAtEos = false;
            return true;
        } catch (HarmonyError e) {
            error = e.getMessage();
            return false;
        }
    }

    private static String firstWord(String s) {
        int i = 0;
        while (i < s.length() && !RustText.isAsciiWhitespace(s.charAt(i))) i++;
        return s.substring(0, i);
    }

    private static String afterFirstWord(String s) {
        int i = 0;
        while (i < s.length() && !RustText.isAsciiWhitespace(s.charAt(i))) i++;
        return RustText.trim(s.substring(i));
    }

    // ---------------------------------------------------------------- header rules

    /** Channel extraction with L2 (duplicates) and L8 (empty / punctuated values). Returns {channel, rest}. */
    private String[] channelPass(String h, int token) throws HarmonyError {
        String original = h;
        String channel = null;
        int idx = h.indexOf(CHANNEL);
        if (idx < 0) return new String[]{null, h};
        int vs = idx + CHANNEL.length();
        int ve = HeaderParser.channelValueEnd(h, vs);
        if (ve == vs) {
            if (!on(NORMALISE_CHANNEL)) {
                modes.add(FailureMode.EMPTY_CHANNEL);
                throw new HarmonyError("channel marker present but no channel value found in header");
            }
            repair(RepairCode.L8_EMPTY_CHANNEL, token, idx, CHANNEL, "");
        } else {
            channel = h.substring(vs, ve);
        }
        h = h.substring(0, idx) + h.substring(ve);
        if (on(STRIP_DUPLICATE_CHANNELS)) {
            int origPos = idx;
            int j;
            while ((j = h.indexOf(CHANNEL)) >= 0) {
                int ovs = j + CHANNEL.length();
                int ove = HeaderParser.channelValueEnd(h, ovs);
                String v = h.substring(ovs, ove);
                int next = original.indexOf(CHANNEL, origPos + 1);
                origPos = next < 0 ? origPos : next;
                if (channel == null && !v.isEmpty()) {
                    channel = v;
                } else if (channel != null && !CHANNELS.contains(channel) && CHANNELS.contains(v)
                        && on(NORMALISE_CHANNEL)) {
                    // assistant<|channel|>bash<|channel|>commentary: prefer the real channel name (PR #114 census)
                    repair(RepairCode.L2_DUPLICATE_CHANNEL, token, idx, CHANNEL + channel, "");
                    repair(RepairCode.L8_CHANNEL_NORMALISED, token, idx, channel, v);
                    channel = v;
                } else {
                    repair(RepairCode.L2_DUPLICATE_CHANNEL, token, origPos, CHANNEL + v, "");
                }
                h = h.substring(0, j) + h.substring(ove);
            }
        }
        if (channel != null && !CHANNELS.contains(channel) && on(NORMALISE_CHANNEL)) {
            String normal = normaliseChannel(channel);
            if (normal != null) {
                repair(RepairCode.L8_CHANNEL_NORMALISED, token, idx, channel, normal);
                channel = normal;
            }
        }
        return new String[]{channel, h};
    }

    private String normaliseChannel(String c) {
        if (c.equals("comment") && on(LenientFeature.COMMENT_CHANNEL_AS_COMMENTARY)) return "commentary";
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

    private static String[] roleWithName(String w) {
        int colon = w.indexOf(':');
        if (colon <= 0 || colon == w.length() - 1) return null;
        String r = w.substring(0, colon);
        return HeaderParser.isRole(r) ? new String[]{r, w.substring(colon + 1)} : null;
    }

    /** A role glued to special-token text or repeated ({@code <|start|>assistant}, {@code assistantassistant}). */
    private static String normalisedRole(String w) {
        int special = w.indexOf("<|");
        if (special > 0 && HeaderParser.isRole(w.substring(0, special))) return w.substring(0, special);
        String stripped = w.replaceAll("<\\|[a-z_0-9]*\\|>", "");
        if (HeaderParser.isRole(stripped)) return stripped;
        for (String r : new String[]{"assistant", "user", "system", "developer", "tool"}) {
            if (stripped.length() > r.length() && stripped.length() % r.length() == 0
                    && stripped.equals(r.repeat(stripped.length() / r.length()))) {
                return r;
            }
        }
        return null;
    }

    private static boolean looksLikeName(String s) {
        if (s.isEmpty()) return false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(Character.isLetterOrDigit(c) || c == '_' || c == '-' || c == '.' || c == ':' || c == '/' || c == '@')) {
                return false;
            }
        }
        return true;
    }

    private static boolean isContentTypeWord(String x) {
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

    /** The lenient header algorithm: strict §5.3 with the L2/L3/L5/L6/L8 hooks. */
    private ParsedHeader parseHeader(String h0, String role, int token) throws HarmonyError {
        int repairsBefore = pending.size() + droppedRepairs;
        String[] ch = channelPass(h0, token);
        String channel = ch[0];
        String h = RustText.trim(ch[1]);
        if (h.contains(CONSTRAIN)) h = RustText.trim(h.replace(CONSTRAIN, " " + CONSTRAIN));
        List<String> parts = RustText.splitAsciiWhitespace(h);
        if (on(DROP_LEFTOVER_HEADER_WORDS)) {
            for (int i = 0; i + 1 < parts.size(); i++) {
                if (parts.get(i).equals(CONSTRAIN) && !parts.get(i + 1).startsWith("<|")) {
                    String joined = CONSTRAIN + parts.remove(i + 1);
                    repair(RepairCode.L5_CONSTRAIN_JOINED, token, Math.max(0, h0.indexOf(CONSTRAIN)), CONSTRAIN + " " + joined.substring(CONSTRAIN.length()), joined);
                    parts.set(i, joined);
                }
            }
        }
        String roleStr = null, name = null;
        if (role == null) {
            if (parts.isEmpty()) {
                if (!on(NORMALISE_ROLE)) {
                    modes.add(FailureMode.MISSING_ROLE);
                    throw new HarmonyError("message header did not contain a role");
                }
                role = "assistant";
                repair(RepairCode.L6_MISSING_ROLE, token, 0, h0, "assistant");
            } else {
                String r = parts.get(0);
                roleStr = r;
                String[] rn;
                String nr;
                if (HeaderParser.isRole(r)) {
                    role = r;
                } else if (on(NORMALISE_ROLE) && (rn = roleWithName(r)) != null) {
                    role = rn[0];
                    name = rn[1];
                    roleStr = null;
                    parts.remove(0);
                    repair(RepairCode.L6_ROLE_WITH_NAME, token, 0, r, role);
                } else if (on(NORMALISE_ROLE) && CHANNELS.contains(r)) {
                    role = "assistant";
                    if (channel == null) channel = r;
                    parts.remove(0);
                    repair(RepairCode.L6_CHANNEL_AS_ROLE, token, 0, r, "assistant" + CHANNEL + r);
                } else if (on(NORMALISE_ROLE) && r.startsWith("to=")) {
                    role = "assistant";
                    repair(RepairCode.L6_RECIPIENT_WITHOUT_ROLE, token, 0, r, "assistant " + r);
                } else if (on(NORMALISE_ROLE) && (nr = normalisedRole(r)) != null) {
                    role = nr;
                    roleStr = nr;
                    parts.remove(0);
                    repair(RepairCode.L6_ROLE_NORMALISED, token, 0, r, nr);
                } else if (parts.size() > 1 || r.startsWith("to=")) {
                    parts.remove(0);
                    role = "tool";
                } else if (on(NORMALISE_ROLE)) {
                    parts.remove(0);
                    role = "tool";
                    repair(RepairCode.L6_TOOL_AUTHOR, token, 0, r, "tool " + r);
                } else {
                    modes.add(FailureMode.UNKNOWN_ROLE);
                    throw new HarmonyError("Unknown role: " + r);
                }
            }
        }
        if (!parts.isEmpty() && parts.get(0).equals(role)) parts.remove(0);
        if ("tool".equals(role) && name == null) name = roleStr;
        if (!"tool".equals(role)) name = "user".equals(role) || "system".equals(role) || "developer".equals(role)
                || "assistant".equals(role) ? name : null;

        // strict recipient / content-type assignment
        String recipient = null, contentType = null;
        int n = parts.size();
        int recIdx = -1, ctIdx = -1;
        boolean singleBare = false;
        if (n > 0) {
            String last = parts.get(n - 1);
            if (last.startsWith("to=")) {
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
            if (!on(DROP_LEFTOVER_HEADER_WORDS)) {
                modes.add(FailureMode.LEFTOVER_HEADER_TOKENS);
                throw new HarmonyError("unexpected tokens remaining in message header: Some("
                        + RustText.debugQuoted(String.join(" ", parts.subList(0, n - used))) + ")");
            }
            int toIdx = -1, toCount = 0, cIdx = -1, firstConstrain = -1;
            for (int i = 0; i < n; i++) {
                String p = parts.get(i);
                if (p.startsWith("to=")) {
                    toCount++;
                    if (toIdx < 0) toIdx = i;
                } else if (p.startsWith(CONSTRAIN)) {
                    if (firstConstrain < 0) firstConstrain = i;
                    if (cIdx < 0 && isContentTypeWord(p.substring(CONSTRAIN.length()))) cIdx = i;
                }
            }
            int newRec = toIdx >= 0 ? toIdx : (recIdx >= 0 && !parts.get(recIdx).startsWith(CONSTRAIN)
                    && looksLikeName(parts.get(recIdx)) ? recIdx : -1);
            int newCt = cIdx >= 0 ? cIdx
                    : (ctIdx >= 0 && ctIdx != newRec && CONTENT_TYPES.contains(parts.get(ctIdx)) ? ctIdx : -1);
            if (toCount > 1) {
                repair(RepairCode.L5_RECIPIENT_REPEATED, token, 0, String.join(" ", parts), parts.get(toIdx));
            }
            List<String> constrainChannel = new ArrayList<>(), afterConstrain = new ArrayList<>(), other = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                if (i == newRec || i == newCt) continue;
                String p = parts.get(i);
                if (p.startsWith(CONSTRAIN) && CHANNELS.contains(p.substring(CONSTRAIN.length()))) {
                    constrainChannel.add(p);
                } else if (firstConstrain >= 0 && i >= firstConstrain && !(p.startsWith("to=") && toCount > 1)) {
                    afterConstrain.add(p);
                } else {
                    other.add(p);
                }
            }
            int off = Math.max(0, h0.indexOf(parts.get(0)));
            if (!constrainChannel.isEmpty()) {
                repair(RepairCode.L5_CONSTRAIN_CHANNEL_DROPPED, token, off, String.join(" ", constrainChannel), "");
            }
            if (!afterConstrain.isEmpty()) {
                repair(RepairCode.L5_REASONING_AFTER_CONSTRAIN, token, off, String.join(" ", afterConstrain), "");
            }
            if (!other.isEmpty()) {
                repair(RepairCode.L5_LEFTOVER_WORDS_DROPPED, token, off, String.join(" ", other), "");
            }
            if (constrainChannel.isEmpty() && afterConstrain.isEmpty() && other.isEmpty() && toCount <= 1) {
                repair(RepairCode.L5_WORDS_REORDERED, token, off, String.join(" ", parts),
                        (newRec >= 0 ? parts.get(newRec) : "") + (newCt >= 0 ? " " + parts.get(newCt) : ""));
            }
            recIdx = newRec;
            ctIdx = newCt;
            singleBare = false;
        }
        if (recIdx >= 0) {
            String raw = parts.get(recIdx);
            recipient = raw.startsWith("to=") ? raw.substring(3) : raw;
        }
        if (ctIdx >= 0) contentType = parts.get(ctIdx);

        // L3 recipient sanitising
        if (recipient != null && on(SANITIZE_RECIPIENT)) {
            if (recipient.startsWith(CONSTRAIN) && contentType == null) {
                String x = recipient.substring(CONSTRAIN.length());
                if (on(LenientFeature.CONSTRAIN_FUNCTION_AS_RECIPIENT) && x.startsWith("functions.") && looksLikeName(x)) {
                    repair(RepairCode.L3_CONSTRAIN_FUNCTION_AS_RECIPIENT, token, 0, recipient, "to=" + x);
                    recipient = x;
                } else {
                    repair(RepairCode.L3_CONSTRAIN_AS_RECIPIENT, token, 0, recipient, "content type " + recipient);
                    contentType = recipient;
                    recipient = null;
                }
                singleBare = false;
            } else if (recipient.isEmpty() && contentType != null && contentType.startsWith(CONSTRAIN)
                    && contentType.indexOf('.') > 0 && looksLikeName(contentType.substring(CONSTRAIN.length()))) {
                String x = contentType.substring(CONSTRAIN.length());
                repair(RepairCode.L3_RECIPIENT_AFTER_CONSTRAIN, token, 0, "to=" + contentType, "to=" + x);
                recipient = x;
                contentType = null;
            }
            if (recipient != null) {
                int cut = recipient.indexOf("<|");
                if (cut >= 0) {
                    String clean = recipient.substring(0, cut);
                    int e = clean.length();
                    while (e > 0 && RustText.isWhitespace(clean.charAt(e - 1))) e--;
                    clean = clean.substring(0, e);
                    repair(RepairCode.L3_RECIPIENT_SPECIAL_TOKEN_TAIL, token, 0, recipient, clean);
                    recipient = clean;
                }
            }
            if (recipient != null && recipient.isEmpty()) {
                repair(RepairCode.L3_INVALID_RECIPIENT_DROPPED, token, 0, "to=", "");
                recipient = null;
            }
            if ("assistant".equals(recipient) && "assistant".equals(role)) {
                repair(RepairCode.L3_ASSISTANT_RECIPIENT_DROPPED, token, 0, "to=assistant", "");
                recipient = null;
            }
        }
        if (singleBare && recipient != null) {
            if (channel == null && CHANNELS.contains(recipient) && on(NORMALISE_CHANNEL)) {
                repair(RepairCode.L8_CHANNEL_WITHOUT_MARKER, token, 0, recipient, CHANNEL + recipient);
                channel = recipient;
                recipient = null;
            } else if (!looksLikeName(recipient) && on(SANITIZE_RECIPIENT)) {
                repair(RepairCode.L3_INVALID_RECIPIENT_DROPPED, token, 0, recipient, "");
                recipient = null;
            }
        }
        if (pending.size() + droppedRepairs > repairsBefore) classifyStrictView(h0, role == null ? null : headerRole);
        return new ParsedHeader(role, "tool".equals(role) || name != null ? name : null, recipient, channel, contentType);
    }

    /** How STRICT reads a header the lenient parser repaired, so that each fault is named even after an error. */
    private void classifyStrictView(String h0, String suppliedRole) {
        try {
            HeaderParser.Result r = HeaderParser.parse(h0, suppliedRole, true);
            ParsedHeader ph = r.header();
            if (r.remaining() != null) modes.add(FailureMode.LEFTOVER_HEADER_TOKENS);
            if (ph.recipient() != null && ph.recipient().contains("<|")) modes.add(FailureMode.TOOL_NAME_LEAK);
            if (ph.name() != null && ph.name().contains("<|")) modes.add(FailureMode.UNKNOWN_ROLE);
        } catch (HarmonyError e) {
            String m = e.getMessage();
            if (m.startsWith("Unknown role")) modes.add(FailureMode.UNKNOWN_ROLE);
            else if (m.startsWith("channel marker")) modes.add(FailureMode.EMPTY_CHANNEL);
            else if (m.startsWith("message header did not")) modes.add(FailureMode.MISSING_ROLE);
        }
    }

    // ---------------------------------------------------------------- offsets

    private List<Repair> resolveRepairs() {
        if (pending.isEmpty()) return List.of();
        int[] order = new int[pending.size()];
        Integer[] idx = new Integer[pending.size()];
        for (int i = 0; i < idx.length; i++) idx[i] = i;
        Arrays.sort(idx, (a, b) -> Integer.compare(pending.get(a).token(), pending.get(b).token()));
        int[] charAt = new int[pending.size()];
        int tokenPos = 0, chars = 0;
        for (Integer k : idx) {
            int target = Math.min(Math.max(pending.get(k).token(), 0), size);
            if (target > tokenPos) {
                chars += text.decodeLossy(tokens, tokenPos, target).length();
                tokenPos = target;
            }
            charAt[k] = chars;
        }
        List<Repair> out = new ArrayList<>(pending.size() + 1);
        int last = 0;
        for (int i = 0; i < pending.size(); i++) {
            Pending p = pending.get(i);
            last = charAt[i] + p.localOffset();
            out.add(new Repair(p.code().name(), last, p.before(), p.after()));
        }
        if (droppedRepairs > 0) {
            out.add(new Repair(RepairCode.REPAIR_LIST_TRUNCATED.name(), last, "", droppedRepairs + " more"));
        }
        return out;
    }
}
