package dev.harmonica.harmony;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingRegistry;
import com.knuddels.jtokkit.api.GptBytePairEncodingParams;
import com.knuddels.jtokkit.api.IntArrayList;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code o200k_harmony} tokenizer: o200k_base BPE ranks plus harmony's special tokens with fixed ids
 * (reference: openai/harmony v0.0.8 src/tiktoken_ext/public_encodings.rs; openai/harmony {@code src/tiktoken_ext/public_encodings.rs}).
 *
 * <p>Immutable and thread-safe. Loading the rank table takes about half a second, so share one instance
 * ({@link #get()}); it is an immutable resource, not mutable global state.
 */
public final class HarmonyEncoding {
    public static final int START_OF_TEXT = 199998;
    public static final int END_OF_TEXT = 199999;
    public static final int RETURN = 200002;
    public static final int CONSTRAIN = 200003;
    public static final int CHANNEL = 200005;
    public static final int START = 200006;
    public static final int END = 200007;
    public static final int MESSAGE = 200008;
    public static final int CALL = 200012;
    /** First and last id of the special range (everything from 199998 up is special). */
    public static final int FIRST_SPECIAL = 199998;
    public static final int LAST_SPECIAL = 201088;

    /** Bundled jtokkit resource, byte-identical to the official o200k_base.tiktoken (sha256 446a95…1a2d). */
    static final String RANKS_RESOURCE = "/com/knuddels/jtokkit/o200k_base.tiktoken";

    private static final String O200K_PATTERN = String.join("|",
            "[^\\r\\n\\p{L}\\p{N}]?[\\p{Lu}\\p{Lt}\\p{Lm}\\p{Lo}\\p{M}]*[\\p{Ll}\\p{Lm}\\p{Lo}\\p{M}]+(?i:'s|'t|'re|'ve|'m|'ll|'d)?",
            "[^\\r\\n\\p{L}\\p{N}]?[\\p{Lu}\\p{Lt}\\p{Lm}\\p{Lo}\\p{M}]+[\\p{Ll}\\p{Lm}\\p{Lo}\\p{M}]*(?i:'s|'t|'re|'ve|'m|'ll|'d)?",
            "\\p{N}{1,3}",
            " ?[^\\s\\p{L}\\p{N}]+[\\r\\n/]*",
            "\\s*[\\r\\n]+",
            "\\s+(?!\\S)",
            "\\s+");

    private static volatile HarmonyEncoding shared;

    private final Encoding encoding;
    private final Map<String, Integer> specialIds;
    private final String[] specialNames; // index = id - FIRST_SPECIAL
    private final Pattern specialSplitter;
    private static final int MAX_MEMO_PIECE_LENGTH = 64;
    private static final int MAX_MEMO_PIECES = 200_000;
    /** Memoised piece encodings; only ever holds pure functions of the key, so sharing it is safe. */
    private final ConcurrentHashMap<String, int[]> pieceMemo = new ConcurrentHashMap<>();

    private HarmonyEncoding() {
        Map<String, Integer> specials = new HashMap<>();
        String[] names = new String[LAST_SPECIAL - FIRST_SPECIAL + 1];
        for (int id = FIRST_SPECIAL; id <= LAST_SPECIAL; id++) {
            String name = switch (id) {
                case START_OF_TEXT -> "<|startoftext|>";
                case END_OF_TEXT -> "<|endoftext|>";
                case RETURN -> "<|return|>";
                case CONSTRAIN -> "<|constrain|>";
                case CHANNEL -> "<|channel|>";
                case START -> "<|start|>";
                case END -> "<|end|>";
                case MESSAGE -> "<|message|>";
                case CALL -> "<|call|>";
                default -> "<|reserved_" + id + "|>";
            };
            names[id - FIRST_SPECIAL] = name;
            specials.put(name, id);
        }
        this.specialIds = Collections.unmodifiableMap(specials);
        this.specialNames = names;
        this.specialSplitter = Pattern.compile("<\\|(?:startoftext|endoftext|return|constrain|channel|start|end|message|call|reserved_\\d{6})\\|>");
        Pattern pattern = Pattern.compile(O200K_PATTERN, Pattern.UNICODE_CHARACTER_CLASS);
        EncodingRegistry registry = Encodings.newLazyEncodingRegistry();
        registry.registerGptBytePairEncoding(new GptBytePairEncodingParams("o200k_harmony", pattern, loadRanks(), specials));
        this.encoding = registry.getEncoding("o200k_harmony").orElseThrow();
    }

    /** The shared instance, loaded on first use. */
    public static HarmonyEncoding get() {
        HarmonyEncoding e = shared;
        if (e == null) {
            synchronized (HarmonyEncoding.class) {
                e = shared;
                if (e == null) {
                    e = new HarmonyEncoding();
                    shared = e;
                }
            }
        }
        return e;
    }

    private static Map<byte[], Integer> loadRanks() {
        Map<byte[], Integer> ranks = new HashMap<>(400_000);
        try (InputStream in = HarmonyEncoding.class.getResourceAsStream(RANKS_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("jtokkit resource " + RANKS_RESOURCE + " not found; is jtokkit 1.1.0 on the classpath?");
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII));
            Base64.Decoder b64 = Base64.getDecoder();
            String line;
            while ((line = reader.readLine()) != null) {
                int space = line.indexOf(' ');
                if (space <= 0) continue;
                ranks.put(b64.decode(line.substring(0, space)), Integer.parseInt(line.substring(space + 1).trim()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return ranks;
    }

    /**
     * Encodes text as ordinary BPE: special-token strings in it are plain text (harmony's encode_ordinary).
     * The text is split with {@link O200kPieces} (o200k's pre-tokenisation without java.util.regex) and each
     * piece's ids are memoised, as tokenizers do per word; the result equals {@link #encodeOrdinaryReference}.
     */
    public int[] encodeOrdinary(String text) {
        if (text.isEmpty()) return new int[0];
        IntList out = new IntList(Math.max(8, text.length() / 3));
        encodeOrdinary(text, out);
        return out.toArray();
    }

    /** Appends the ordinary encoding of {@code text} to {@code out}. */
    public void encodeOrdinary(String text, IntList out) {
        int n = text.length();
        int p = 0;
        while (p < n) {
            int e = O200kPieces.next(text, p);
            out.addAll(piece(text.substring(p, e)));
            p = e;
        }
    }

    /** The BPE ids of one pre-tokenised piece; short pieces are memoised (bounded: a full table is cleared). */
    private int[] piece(String piece) {
        if (piece.length() > MAX_MEMO_PIECE_LENGTH) return encoding.encodeOrdinary(piece).toArray();
        int[] ids = pieceMemo.get(piece);
        if (ids == null) {
            ids = encoding.encodeOrdinary(piece).toArray();
            if (pieceMemo.size() >= MAX_MEMO_PIECES) pieceMemo.clear();
            pieceMemo.put(piece, ids);
        }
        return ids;
    }

    /** jtokkit's regex-based encoding of the whole text: the reference {@link #encodeOrdinary} is tested against. */
    int[] encodeOrdinaryReference(String text) {
        if (text.isEmpty()) return new int[0];
        return encoding.encodeOrdinary(text).toArray();
    }

    /**
     * Encodes text with every special-token string recognised as its special token (tiktoken's
     * {@code allowed_special="all"}); the pieces in between are ordinary BPE.
     */
    public int[] encodeWithSpecials(String text) {
        IntList out = new IntList(Math.max(16, text.length() / 3));
        Matcher m = specialSplitter.matcher(text);
        int pos = 0;
        while (m.find()) {
            Integer id = specialIds.get(m.group());
            if (id == null) continue; // e.g. <|reserved_123456|> outside the range: plain text
            encodeOrdinary(text.substring(pos, m.start()), out);
            out.add(id);
            pos = m.end();
        }
        encodeOrdinary(text.substring(pos), out);
        return out.toArray();
    }

    /** Decodes ids to text; special ids decode to their literal names. Invalid UTF-8 is replaced (U+FFFD). */
    public String decode(int[] ids) {
        return decode(ids, 0, ids.length);
    }

    public String decode(int[] ids, int from, int to) {
        StringBuilder sb = new StringBuilder();
        IntArrayList run = new IntArrayList();
        for (int i = from; i < to; i++) {
            int id = ids[i];
            if (isSpecial(id)) {
                if (run.size() > 0) {
                    sb.append(new String(encoding.decodeBytes(run), StandardCharsets.UTF_8));
                    run.clear();
                }
                sb.append(specialNames[id - FIRST_SPECIAL]);
            } else {
                run.add(id);
            }
        }
        if (run.size() > 0) sb.append(new String(encoding.decodeBytes(run), StandardCharsets.UTF_8));
        return sb.toString();
    }

    /** The raw bytes of ordinary tokens (special ids contribute their names' bytes). */
    public byte[] decodeBytes(int[] ids, int from, int to) {
        IntArrayList run = new IntArrayList();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = from; i < to; i++) {
            int id = ids[i];
            if (isSpecial(id)) {
                if (run.size() > 0) {
                    out.writeBytes(encoding.decodeBytes(run));
                    run.clear();
                }
                out.writeBytes(specialNames[id - FIRST_SPECIAL].getBytes(StandardCharsets.UTF_8));
            } else {
                run.add(id);
            }
        }
        if (run.size() > 0) out.writeBytes(encoding.decodeBytes(run));
        return out.toByteArray();
    }

    public static boolean isSpecial(int id) {
        return id >= FIRST_SPECIAL && id <= LAST_SPECIAL;
    }

    /** The literal name of a special id, e.g. {@code <|start|>}; null if the id is not special. */
    public String specialName(int id) {
        return isSpecial(id) ? specialNames[id - FIRST_SPECIAL] : null;
    }

    /** The id of a special-token string such as {@code <|call|>}, or null. */
    public Integer specialId(String name) {
        return specialIds.get(name);
    }

    /** Whether {@code id} is a valid token id of this encoding (ordinary or special). */
    public static boolean isValidId(int id) {
        return id >= 0 && id <= LAST_SPECIAL;
    }

    /** All special-token names, in id order (for tests and documentation). */
    public List<String> specialNames() {
        List<String> list = new ArrayList<>(specialNames.length);
        Collections.addAll(list, specialNames);
        return list;
    }
}
