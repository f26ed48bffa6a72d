package dev.harmonica.harmony.parse;

import dev.harmonica.harmony.FailureMode;
import dev.harmonica.harmony.Repair;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * What one parse found: the lenient repairs (bounded, jsoup style, with the overflow counted in one
 * {@code REPAIR_LIST_TRUNCATED} entry that keeps whether any unlisted repair was lossy) and the failure modes seen.
 * A repair's position is a token index until {@link #resolve}, which turns it into a character offset in the decoded
 * input once.
 */
final class RepairLog {
    private final int max;
    private final List<Pending> pending = new ArrayList<>();
    private final EnumSet<FailureMode> modes = EnumSet.noneOf(FailureMode.class);
    private int dropped;
    private boolean droppedLossy;

    /** A repair before its token position is turned into a character offset. */
    private record Pending(RepairCode code, int token, int localOffset, String before, String after) {
    }

    RepairLog(int maxRepairs) {
        this.max = maxRepairs;
    }

    void add(RepairCode code, int token, int localOffset, String before, String after) {
        mode(code.failureMode());
        if (pending.size() < max) {
            pending.add(new Pending(code, token, localOffset, before, after));
        } else {
            dropped++;
            droppedLossy |= !code.lossless();
        }
    }

    void mode(FailureMode m) {
        if (m != null) modes.add(m);
    }

    /** Repairs recorded so far, listed or not. */
    int count() {
        return pending.size() + dropped;
    }

    Set<FailureMode> modes() {
        return modes.isEmpty() ? EnumSet.noneOf(FailureMode.class) : EnumSet.copyOf(modes);
    }

    /** The repairs with character offsets into the lossy decoding of {@code tokens[0, size)}. */
    List<Repair> resolve(TokenText text, int[] tokens, int size) {
        if (pending.isEmpty() && dropped == 0) return List.of();
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
            out.add(new Repair(p.code().name(), last, p.before(), p.after(), !p.code().lossless()));
        }
        if (dropped > 0) {
            out.add(new Repair(RepairCode.REPAIR_LIST_TRUNCATED.name(), last, "", dropped + " more", droppedLossy));
        }
        return out;
    }
}
