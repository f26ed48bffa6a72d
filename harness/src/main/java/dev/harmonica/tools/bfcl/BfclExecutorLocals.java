package dev.harmonica.tools.bfcl;

import com.fasterxml.jackson.databind.JsonNode;
import dev.harmonica.tools.bfcl.backend.BfclClass;
import dev.harmonica.tools.bfcl.backend.PyMethod;
import dev.harmonica.tools.bfcl.call.PyRuntime;
import dev.harmonica.tools.bfcl.py.Py;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The local variables of bfcl-eval's {@code execute_multi_turn_func_call} at the moment it calls {@code eval}, which
 * a call string can name ({@code model_name}, {@code test_entry_id}, {@code involved_classes}, ...): BFCL's
 * {@code eval(func_call)} runs in that frame. The per-call ones ({@code func_call}, {@code func_call_copy},
 * {@code func_call_list}, {@code execution_results}) are added by {@link BfclExecutor}. Not modelled: {@code module},
 * {@code class_} and {@code class_initial_config}, which exist only in the call that created the instances, and
 * {@code method} (a bound method whose text shows a memory address).
 */
final class BfclExecutorLocals {
    private BfclExecutorLocals() {
    }

    static Map<String, Object> fixed(List<String> involvedClasses, JsonNode initialConfig, boolean longContext,
                                     String modelName, String entryId, Map<String, BfclClass> instances,
                                     Map<String, BfclClass> byVariable, Map<String, String> methodToVariable) {
        Map<String, Object> l = new LinkedHashMap<>();
        l.put("initial_config", Py.fromJson(initialConfig));
        l.put("involved_classes", new ArrayList<Object>(involvedClasses));
        l.put("model_name", modelName);
        l.put("test_entry_id", entryId);
        l.put("long_context", longContext);
        l.put("is_evaL_run", modelName.endsWith("_eval"));
        l.put("class_method_name_mapping", new LinkedHashMap<Object, Object>(methodToVariable));
        l.put("involved_instances", new LinkedHashMap<Object, Object>(instances));
        if (!involvedClasses.isEmpty()) {
            String last = involvedClasses.get(involvedClasses.size() - 1);
            BfclClass inst = instances.get(last);
            l.put("class_name", last);
            l.put("module_name", PyRuntime.moduleOf(last));
            l.put("instance_name", BfclNames.instanceVariable(modelName, entryId, last));
            l.put("class_instance", inst);
            String lastMethod = null;
            for (PyMethod m : inst.methods()) {
                if (lastMethod == null || m.name().compareTo(lastMethod) > 0) lastMethod = m.name();
            }
            if (lastMethod != null) l.put("method_name", lastMethod);
        }
        return l;
    }
}
