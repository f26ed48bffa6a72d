package dev.harmonica.harmony.render;

import java.nio.file.Path;

/** Where the harmony-oracle's generated render cases are (never committed; tests skip when absent). */
public final class OracleFiles {
    private OracleFiles() {
    }

    /** {@code -Dharmonica.oracleRender=FILE}, {@code HARMONICA_ORACLE_RENDER}, or /tmp/harmony-oracle/oracle_render.jsonl. */
    public static Path render() {
        String p = System.getProperty("harmonica.oracleRender");
        if (p == null || p.isBlank()) p = System.getenv("HARMONICA_ORACLE_RENDER");
        if (p == null || p.isBlank()) p = "/tmp/harmony-oracle/oracle_render.jsonl";
        return Path.of(p);
    }
}
