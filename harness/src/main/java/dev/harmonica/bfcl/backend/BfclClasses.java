package dev.harmonica.bfcl.backend;

import java.util.List;

/** Registry of the eight BFCL backend classes. Owned by the backends work. */
public final class BfclClasses {
    /** The classes, in BFCL's {@code CLASS_FILE_PATH_MAPPING} order. */
    public static final List<String> NAMES = List.of("GorillaFileSystem", "MathAPI", "MessageAPI", "TwitterAPI",
            "TicketAPI", "TradingBot", "TravelAPI", "VehicleControlAPI");

    /** {@code STATELESS_CLASSES}: never loaded from initial_config. */
    public static final List<String> STATELESS = List.of("MathAPI");

    private BfclClasses() {
    }

    /** A fresh instance of the named class (not yet loaded). */
    public static BfclClass create(String className) {
        throw new IllegalArgumentException("BFCL class not implemented yet: " + className);
    }
}
