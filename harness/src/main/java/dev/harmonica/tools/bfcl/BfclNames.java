package dev.harmonica.tools.bfcl;

import dev.harmonica.tools.bfcl.py.PyChars;

/**
 * BFCL's names for the backend instances a call string runs on, and its rewrite of the call string to use them,
 * exactly as bfcl-eval 2026.3.23 does it (docs/bfcl.md, "Instance names"). The names are visible in results:
 * the rewrite also changes {@code name(} inside string literals, so {@code echo(content='ls() here')} writes the
 * instance variable into the file.
 *
 * <p>Sources (ShishirPatil/gorilla, {@code berkeley-function-call-leaderboard/bfcl_eval/}):
 * {@code model_handler/base_handler.py} ({@code model_name_underline_replaced}, {@code registry_dir_name}),
 * {@code eval_checker/eval_runner.py} (the checker's {@code model_name} is the result folder's name),
 * {@code eval_checker/multi_turn_eval/multi_turn_utils.py} ({@code execute_multi_turn_func_call},
 * {@code _process_method_calls}); https://github.com/ShishirPatil/gorilla/tree/main/berkeley-function-call-leaderboard
 */
public final class BfclNames {
    private BfclNames() {
    }

    /**
     * The model name BFCL's inference loop passes to the executor: {@code model_name.replace("/", "_")
     * .replace("-", "_").replace(".", "_")} of the API model name ({@code base_handler.py}).
     */
    public static String inferenceModel(String apiModelName) {
        return apiModelName.replace("/", "_").replace("-", "_").replace(".", "_");
    }

    /**
     * The result folder of a model, {@code registry_name.replace("/", "_")} ({@code base_handler.py}); BFCL's checker
     * uses this folder's name as its {@code model_name} ({@code eval_runner.py}).
     */
    public static String resultFolder(String registryName) {
        return registryName.replace("/", "_");
    }

    /** The checker's model side: {@code execute_multi_turn_func_call(..., is_evaL_run=True)} appends {@code _eval}. */
    public static String checkerModelSide(String resultFolder) {
        return resultFolder + "_eval";
    }

    /** The checker's ground-truth side: {@code model_name + "_ground_truth"}, then {@code _eval}. */
    public static String checkerGroundTruthSide(String resultFolder) {
        return resultFolder + "_ground_truth_eval";
    }

    /**
     * The instance variable: {@code re.sub(r'[-./:]', '_', f"{model_name}_{test_entry_id}_{class_name}_instance")}.
     *
     * @param executorModelName the {@code model_name} inside the executor (with {@code _eval} on the checker's sides)
     */
    public static String instanceVariable(String executorModelName, String entryId, String className) {
        String raw = executorModelName + "_" + entryId + "_" + className + "_instance";
        StringBuilder sb = new StringBuilder(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            sb.append(c == '-' || c == '.' || c == '/' || c == ':' ? '_' : c);
        }
        return sb.toString();
    }

    /** Maps a method name to its instance variable, or null when the name is no public method of an instance. */
    @FunctionalInterface
    public interface MethodOwner {
        String variableOf(String methodName);
    }

    /**
     * {@code _process_method_calls}: {@code re.sub(r"\b([a-zA-Z_]\w*)\s*(?=\()", ...)} with Python's Unicode
     * {@code \w}, {@code \s} and {@code \b}. Every identifier that starts a word and is followed (after optional
     * whitespace) by {@code (} is replaced by {@code variable.name} when it is a method name, else by itself; the
     * whitespace before {@code (} is dropped either way. String literals are not skipped.
     */
    public static String rewrite(String call, MethodOwner owners) {
        StringBuilder sb = null;
        int last = 0;
        int n = call.length();
        int i = 0;
        while (i < n) {
            int cp = call.codePointAt(i);
            int next = i + Character.charCount(cp);
            boolean asciiStart = cp == '_' || (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z');
            if (!asciiStart || (i > 0 && PyChars.isWord(call.codePointBefore(i)))) {
                i = next;
                continue;
            }
            int end = next;
            while (end < n && PyChars.isWord(call.codePointAt(end))) end += Character.charCount(call.codePointAt(end));
            int after = end;
            while (after < n && PyChars.isSpace(call.codePointAt(after))) after += Character.charCount(call.codePointAt(after));
            if (after < n && call.charAt(after) == '(') {
                if (sb == null) sb = new StringBuilder(n + 64);
                String name = call.substring(i, end);
                String var = owners.variableOf(name);
                sb.append(call, last, i).append(var != null ? var + "." + name : name);
                last = after;
            }
            i = end;
        }
        if (sb == null) return call;
        return sb.append(call, last, n).toString();
    }
}
