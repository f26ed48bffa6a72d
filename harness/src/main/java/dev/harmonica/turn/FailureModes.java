package dev.harmonica.turn;

import dev.harmonica.harmony.FailureMode;

import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/** Conversions between failure-mode codes (journal text) and {@link FailureMode}s. */
final class FailureModes {
    private FailureModes() {
    }

    /** The mode of a code produced by Harmonica itself; an unknown code is a bug. */
    static FailureMode of(String code) {
        FailureMode m = FailureMode.byCode(code);
        if (m == null) throw new IllegalStateException("unknown failure mode code '" + code + "'");
        return m;
    }

    static Set<FailureMode> of(Collection<String> codes) {
        Set<FailureMode> out = EnumSet.noneOf(FailureMode.class);
        for (String c : codes) out.add(of(c));
        return out;
    }

    /** Codes in {@link FailureMode} declaration order. */
    static List<String> codes(Set<FailureMode> modes) {
        List<String> out = new ArrayList<>(modes.size());
        for (FailureMode m : modes) out.add(m.code());
        return out;
    }
}
