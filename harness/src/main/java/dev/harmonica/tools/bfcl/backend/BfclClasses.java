package dev.harmonica.tools.bfcl.backend;

import java.util.List;
import java.util.Objects;

/** Registry of the eight BFCL backend classes. Owned by the backends work. */
public final class BfclClasses {
    /** The classes, in BFCL's {@code CLASS_FILE_PATH_MAPPING} order. */
    public static final List<String> NAMES = List.of("GorillaFileSystem", "MathAPI", "MessageAPI", "TwitterAPI",
            "TicketAPI", "TradingBot", "TravelAPI", "VehicleControlAPI");

    /** {@code STATELESS_CLASSES}: never loaded from initial_config. */
    public static final List<String> STATELESS = List.of("MathAPI");

    private BfclClasses() {
    }

    /**
     * A fresh instance of the named class (not yet loaded), with its own module state and no long-context data:
     * loading it with {@code longContext=true} fails. Use {@link #create(String, BfclModules)} for BFCL parity.
     */
    public static BfclClass create(String className) {
        return create(className, new BfclModules());
    }

    /**
     * A fresh instance of the named class (not yet loaded) sharing {@code modules} (long-context constants, mutable
     * module globals and mutable defaults) with every other instance created with it. For BFCL parity pass one
     * {@link BfclModules} per entry to both the model side and the ground-truth side.
     *
     * @throws IllegalArgumentException for a name not in {@link #NAMES}
     */
    public static BfclClass create(String className, BfclModules modules) {
        Objects.requireNonNull(modules, "modules");
        return switch (String.valueOf(className)) {
            case "GorillaFileSystem" -> new GorillaFileSystem(modules);
            case "MathAPI" -> new MathAPI();
            case "MessageAPI" -> new MessageAPI(modules);
            case "TwitterAPI" -> new TwitterAPI(modules);
            case "TicketAPI" -> new TicketAPI(modules);
            case "TradingBot" -> new TradingBot(modules);
            case "TravelAPI" -> new TravelAPI(modules);
            case "VehicleControlAPI" -> new VehicleControlAPI(modules);
            default -> throw new IllegalArgumentException("unknown BFCL class '" + className + "'; known classes: "
                    + String.join(", ", NAMES));
        };
    }
}
