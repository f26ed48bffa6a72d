package dev.harmonica.tools.bfcl;

import dev.harmonica.scenario.ToolBackend;
import dev.harmonica.scenario.bfcl.BfclEntry;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * The runner's tool backend for one BFCL entry (one per entry × side): decodes each FC call into BFCL's call string
 * ({@link BfclCalls#toCallString}) and executes it on persistent instances, returning exactly the result string BFCL's
 * FC mode would put in the {@code tool} message. Keeps the executed call strings for the checker. Not thread-safe.
 */
public final class BfclToolBackend implements ToolBackend {
    private final BfclEntry entry;
    private final BfclExecutor executor;
    private final List<String> executedCalls = new ArrayList<>();

    /**
     * @param entry     the entry
     * @param factory   creates its instances (see {@link BfclRuntime#factoryFor(BfclEntry)})
     * @param modelName BFCL's instance-variable model name during inference (any stable name)
     */
    public BfclToolBackend(BfclEntry entry, BfclInstanceFactory factory, String modelName) {
        this.entry = entry;
        this.executor = BfclExecutor.inferenceSide(entry, modelName, factory);
    }

    /** A backend for one inference run of an entry, with fresh instances and the default model name. */
    public static BfclToolBackend create(BfclEntry entry, BfclRuntime runtime) {
        return new BfclToolBackend(entry, runtime.factoryFor(entry), BfclChecker.DEFAULT_MODEL_NAME);
    }

    /** {@inheritDoc} Undecodable arguments give an {@code Error during execution: …} string and run nothing. */
    @Override
    public String execute(String name, String argumentsJson) {
        String call;
        try {
            call = BfclCalls.toCallString(name, argumentsJson);
        } catch (BfclCalls.DecodeException e) {
            return BfclExecutor.ERROR_PREFIX + e.getMessage();
        }
        executedCalls.add(call);
        return executor.execute(call);
    }

    /** Executes an already decoded call string (prompting mode). */
    public String executeCall(String call) {
        executedCalls.add(call);
        return executor.execute(call);
    }

    /** The call strings executed so far, in order. */
    public List<String> executedCalls() {
        return Collections.unmodifiableList(executedCalls);
    }

    public BfclEntry entry() {
        return entry;
    }

    /** The live instances (class name → instance). */
    public BfclExecutor executor() {
        return executor;
    }

    /** The current state in the fixture encoding (class → attribute → value). */
    public Map<Object, Object> stateSnapshot() {
        return BfclState.snapshot(executor.instances());
    }
}
