package dev.harmonica.scenario.bfcl;

import java.util.Locale;

/** The four scored BFCL multi-turn categories (ShishirPatil/gorilla bfcl_eval data/). */
public enum BfclCategory {
    BASE("base", "Base"),
    MISS_FUNC("miss_func", "Miss Func"),
    MISS_PARAM("miss_param", "Miss Param"),
    LONG_CONTEXT("long_context", "Long Context");

    private final String key;
    private final String column;

    BfclCategory(String key, String column) {
        this.key = key;
        this.column = column;
    }

    /** The short name used on the command line and in file names: {@code base}, {@code miss_func}, … */
    public String key() {
        return key;
    }

    /** BFCL's test-category name, e.g. {@code multi_turn_base}. */
    public String testCategory() {
        return "multi_turn_" + key;
    }

    /** The column header in BFCL's {@code data_multi_turn.csv}. */
    public String csvColumn() {
        return column;
    }

    /** Whether backends load with {@code long_context=True} (BFCL: the category name contains "long_context"). */
    public boolean longContext() {
        return this == LONG_CONTEXT;
    }

    /** Parses {@code base}, {@code multi_turn_base}, {@code MISS_FUNC}, … */
    public static BfclCategory parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (t.startsWith("multi_turn_")) t = t.substring("multi_turn_".length());
        for (BfclCategory c : values()) if (c.key.equals(t)) return c;
        throw new IllegalArgumentException("unknown BFCL multi-turn category '" + text
                + "'; use one of base, miss_func, miss_param, long_context");
    }

    /** The category of an entry id such as {@code multi_turn_miss_func_46} or {@code harmonica_multi_turn_base_0}. */
    public static BfclCategory ofId(String id) {
        int cut = id.lastIndexOf('_');
        String cat = cut < 0 ? id : id.substring(0, cut);
        int mt = cat.indexOf("multi_turn_");
        if (mt < 0) throw new IllegalArgumentException("not a BFCL multi-turn id: '" + id + "'");
        return parse(cat.substring(mt));
    }
}
