package dev.harmonica.tools.bfcl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.harmonica.scenario.BadInputException;
import dev.harmonica.scenario.ExpectedCall;
import dev.harmonica.scenario.MultiTurnScenario;
import dev.harmonica.scenario.ToolBackend;
import dev.harmonica.scenario.bfcl.BfclCategory;
import dev.harmonica.scenario.bfcl.BfclDataException;
import dev.harmonica.scenario.bfcl.BfclDataset;
import dev.harmonica.scenario.bfcl.BfclEntry;
import dev.harmonica.scenario.bfcl.BfclMessage;
import dev.harmonica.tools.bfcl.backend.BfclClass;
import dev.harmonica.tools.bfcl.backend.Param;
import dev.harmonica.tools.bfcl.backend.PyMethod;
import dev.harmonica.tools.bfcl.call.PyExprParser;
import dev.harmonica.tools.bfcl.call.PyNode;
import dev.harmonica.tools.bfcl.call.PySyntaxError;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Adapter from BFCL-format folders (BFCL v4 data or our {@code datasets/bfcl}) to {@link MultiTurnScenario}s: tools
 * as BFCL's FC mode sends them, holdout docs released at their turn, ground-truth call strings converted to JSON
 * arguments (positional arguments bound to the backend method's parameter names) for the simulator's hint, the
 * real backends ({@link BfclToolBackend}) and BFCL's checker ({@link BfclChecker}).
 */
public final class BfclScenarios {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    static final String MODEL_NAME = BfclChecker.DEFAULT_MODEL_NAME;

    private BfclScenarios() {
    }

    /** The categories present in a folder, in BFCL's order, or just {@code category}. */
    static List<BfclCategory> categories(Path dir, String category) {
        if (category != null) {
            try {
                return List.of(BfclCategory.parse(category));
            } catch (IllegalArgumentException e) {
                throw new BadInputException("bfcl:" + dir + ":" + category + ": " + e.getMessage());
            }
        }
        List<BfclCategory> out = new ArrayList<>();
        for (BfclCategory c : BfclCategory.values()) {
            try {
                BfclDataset.questionFile(dir, c);
                out.add(c);
            } catch (BfclDataException e) {
                // absent category
            }
        }
        if (out.isEmpty()) {
            throw new BadInputException("bfcl:" + dir + ": no BFCL multi-turn question files (*_multi_turn_<category>.json) there");
        }
        return out;
    }

    public static List<MultiTurnScenario> load(Path dir, String category) {
        BfclRuntime runtime = new BfclRuntime(dir);
        List<MultiTurnScenario> out = new ArrayList<>();
        for (BfclCategory c : categories(dir, category)) {
            List<BfclEntry> entries;
            try {
                entries = BfclDataset.load(dir, c);
            } catch (BfclDataException e) {
                throw new BadInputException(e.getMessage(), e);
            }
            for (BfclEntry e : entries) out.add(toScenario(e, runtime));
        }
        return out;
    }

    public static List<Path> files(Path dir, String category) {
        List<Path> out = new ArrayList<>();
        for (BfclCategory c : categories(dir, category)) {
            Path q = BfclDataset.questionFile(dir, c);
            out.add(q);
            out.add(dir.resolve("possible_answer").resolve(q.getFileName().toString()));
        }
        Path docs = dir.resolve("multi_turn_func_doc");
        if (Files.isDirectory(docs)) {
            try (var s = Files.list(docs)) {
                s.filter(p -> p.toString().endsWith(".json")).sorted().forEach(out::add);
            } catch (IOException ignored) {
                // hashes are best effort
            }
        }
        return out;
    }

    static MultiTurnScenario toScenario(BfclEntry e, BfclRuntime runtime) {
        Map<String, List<Param>> params = methodParams(e, runtime);
        List<MultiTurnScenario.UserTurn> turns = new ArrayList<>();
        for (int t = 0; t < e.turnCount(); t++) {
            List<String> texts = new ArrayList<>();
            for (BfclMessage m : e.question().get(t)) texts.add(m.content());
            List<JsonNode> added = new ArrayList<>();
            List<JsonNode> held = e.heldOutDocs().get(t);
            if (held != null) BfclPrompts.openAiTools(held).forEach(added::add);
            List<ExpectedCall> gt = new ArrayList<>();
            for (String call : e.groundTruth().get(t)) gt.add(toExpectedCall(e.id(), call, params));
            turns.add(new MultiTurnScenario.UserTurn(texts, added, gt));
        }
        ArrayNode tools = BfclPrompts.openAiTools(e.functions());
        return new MultiTurnScenario(e.id(), "bfcl", e.category().key(), tools, turns, new BfclEnvironment(e, runtime));
    }

    /** Plays of one entry; without a model name, BFCL's instance names use {@link BfclChecker#DEFAULT_MODEL_NAME}. */
    private record BfclEnvironment(BfclEntry entry, BfclRuntime runtime) implements MultiTurnScenario.Environment {
        @Override
        public MultiTurnScenario.Play start() {
            return new BfclPlay(entry, runtime, MODEL_NAME, MODEL_NAME);
        }

        @Override
        public MultiTurnScenario.Play start(String modelName) {
            return new BfclPlay(entry, runtime, BfclNames.inferenceModel(modelName), BfclNames.resultFolder(modelName));
        }
    }

    /**
     * One play: the inference-side backend and the checker share one instance factory (BFCL's module state). The
     * backend's instances are named after {@code inferenceModel}, the checker's after {@code checkerFolder}, as in
     * BFCL's generation and evaluation ({@link BfclNames}).
     */
    private static final class BfclPlay implements MultiTurnScenario.Play {
        private final BfclEntry entry;
        private final BfclRuntime runtime;
        private final BfclInstanceFactory factory;
        private final BfclToolBackend backend;
        private final String checkerFolder;

        BfclPlay(BfclEntry entry, BfclRuntime runtime, String inferenceModel, String checkerFolder) {
            this.entry = entry;
            this.runtime = runtime;
            this.factory = runtime.factoryFor(entry);
            this.backend = new BfclToolBackend(entry, factory, inferenceModel);
            this.checkerFolder = checkerFolder;
        }

        @Override
        public ToolBackend backend() {
            return backend;
        }

        @Override
        public boolean decodes(List<ExpectedCall> stepCalls) {
            for (ExpectedCall c : stepCalls) {
                try {
                    BfclCalls.toCallString(c.name(), c.argumentsJson());
                } catch (BfclCalls.DecodeException ex) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public MultiTurnScenario.Verdict check(List<List<List<ExpectedCall>>> modelCalls) {
            List<List<List<String>>> decoded = new ArrayList<>();
            for (List<List<ExpectedCall>> turn : modelCalls) {
                List<List<String>> steps = new ArrayList<>();
                for (List<ExpectedCall> step : turn) {
                    List<String> s = new ArrayList<>();
                    try {
                        for (ExpectedCall c : step) s.add(BfclCalls.toCallString(c.name(), c.argumentsJson()));
                    } catch (BfclCalls.DecodeException ex) {
                        s = List.of(); // an undecodable step is dropped, as BFCL's re-decode drops it
                    }
                    steps.add(s);
                }
                decoded.add(steps);
            }
            BfclVerdict v = BfclChecker.check(entry, decoded, checkerFolder, factory);
            List<Boolean> perTurn = new ArrayList<>();
            try {
                // fresh instances from a new factory: the checks must not disturb the verdict's module state
                for (var t : BfclChecker.checkTurns(entry, decoded, checkerFolder, runtime.factoryFor(entry))) {
                    perTurn.add(t.passed());
                }
            } catch (RuntimeException e) {
                perTurn = null;
            }
            return new MultiTurnScenario.Verdict(v.valid(), v.errorType(), v.errorMessage(), v.turn(), perTurn);
        }
    }

    /** Method name → parameters, over the entry's involved classes. */
    private static Map<String, List<Param>> methodParams(BfclEntry e, BfclRuntime runtime) {
        Map<String, List<Param>> out = new HashMap<>();
        BfclInstanceFactory f = runtime.factoryFor(e);
        for (String cls : e.involvedClasses()) {
            BfclClass c = f.create(cls);
            for (PyMethod m : c.methods()) out.putIfAbsent(m.name(), m.params());
        }
        return out;
    }

    /** A ground-truth call string as a name and JSON arguments (positional arguments bound by parameter order). */
    static ExpectedCall toExpectedCall(String id, String call, Map<String, List<Param>> params) {
        PyNode.Call c;
        try {
            c = PyExprParser.parseCall(call);
        } catch (PySyntaxError ex) {
            throw new BadInputException("bfcl entry " + id + ": ground-truth call '" + call + "' does not parse: " + ex.getMessage());
        }
        String name = c.func() instanceof PyNode.Name n ? n.id()
                : c.func() instanceof PyNode.Attribute a ? a.attr() : null;
        if (name == null) throw new BadInputException("bfcl entry " + id + ": ground-truth call '" + call + "' has no function name");
        ObjectNode args = MAPPER.createObjectNode();
        List<Param> ps = params.get(name);
        for (int i = 0; i < c.args().size(); i++) {
            if (ps == null || i >= ps.size()) {
                throw new BadInputException("bfcl entry " + id + ": cannot bind positional argument " + i + " of '" + call + "'");
            }
            args.set(ps.get(i).name(), toJson(c.args().get(i), id, call));
        }
        for (PyNode.Keyword k : c.keywords()) args.set(k.name(), toJson(k.value(), id, call));
        return new ExpectedCall(name, args.toString());
    }

    private static JsonNode toJson(PyNode n, String id, String call) {
        JsonNodeFactory F = JsonNodeFactory.instance;
        if (n instanceof PyNode.Const k) {
            Object v = k.value();
            if (v == null) return F.nullNode();
            if (v instanceof Boolean b) return F.booleanNode(b);
            if (v instanceof Long l) return F.numberNode(l);
            if (v instanceof Integer i) return F.numberNode(i);
            if (v instanceof BigInteger b) return F.numberNode(b);
            if (v instanceof Double d) return F.numberNode(d);
            if (v instanceof String s) return F.textNode(s);
        }
        if (n instanceof PyNode.Unary u && u.op().equals("-") && u.operand() instanceof PyNode.Const k) {
            JsonNode inner = toJson(k, id, call);
            if (inner.isIntegralNumber()) return F.numberNode(inner.bigIntegerValue().negate());
            if (inner.isNumber()) return F.numberNode(-inner.doubleValue());
        }
        if (n instanceof PyNode.ListExpr l) return array(l.items(), id, call);
        if (n instanceof PyNode.TupleExpr t) return array(t.items(), id, call);
        if (n instanceof PyNode.DictExpr d) {
            ObjectNode o = F.objectNode();
            for (int i = 0; i < d.keys().size(); i++) {
                JsonNode key = toJson(d.keys().get(i), id, call);
                o.set(key.asText(), toJson(d.values().get(i), id, call));
            }
            return o;
        }
        throw new BadInputException("bfcl entry " + id + ": ground-truth call '" + call
                + "' has an argument that is not a JSON-representable literal");
    }

    private static ArrayNode array(List<PyNode> items, String id, String call) {
        ArrayNode a = JsonNodeFactory.instance.arrayNode();
        for (PyNode x : items) a.add(toJson(x, id, call));
        return a;
    }
}
