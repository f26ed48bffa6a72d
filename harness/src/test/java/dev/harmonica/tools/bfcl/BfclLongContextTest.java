package dev.harmonica.tools.bfcl;

import dev.harmonica.tools.bfcl.backend.LongContextConstants;
import dev.harmonica.tools.bfcl.py.Py;
import dev.harmonica.testing.Prerequisites;
import dev.harmonica.testing.SharedData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** BFCL's long-context constants read in both forms: the JSON export and bfcl-eval's own {@code long_context.py}. */
class BfclLongContextTest {
    @Test
    void jsonFormOfTheDataFolder() throws Exception {
        Path dir = SharedData.require("bfcl/v4");
        LongContextConstants c = BfclLongContext.fromDataDir(dir);
        assertThat(c.source()).isEqualTo(dir.resolve(LongContextConstants.FILE_NAME));
        assertThat(c.keys()).containsAll(LongContextConstants.REQUIRED_KEYS);
    }

    @Test
    void pythonModuleAsBfclEvalShipsIt() throws Exception {
        Path module = installedModule();
        Path json = SharedData.require("bfcl/v4").resolve(LongContextConstants.FILE_NAME);
        LongContextConstants fromPy = BfclLongContext.loadModule(module);
        LongContextConstants fromJson = LongContextConstants.load(json);
        assertThat(fromPy.keys()).containsExactlyInAnyOrderElementsOf(fromJson.keys());
        for (String key : fromJson.keys()) {
            assertThat(Py.eq(fromPy.copyOf(key), fromJson.copyOf(key))).as("%s equal in %s and %s", key, module, json)
                    .isTrue();
        }
    }

    @Test
    void aDataFolderWithOnlyTheModuleUsesIt(@TempDir Path dir) throws Exception {
        StringBuilder py = new StringBuilder("# constants\n\n");
        for (String key : LongContextConstants.REQUIRED_KEYS) {
            py.append(key).append(" = {\n    'k': \"\"\"multi\nline\"\"\",  # comment\n\n    'n': [-1, 2.5, ...],\n}\n");
        }
        Files.writeString(dir.resolve(BfclLongContext.MODULE_NAME), py, StandardCharsets.UTF_8);
        LongContextConstants c = BfclLongContext.fromDataDir(dir);
        assertThat(c.source()).isEqualTo(dir.resolve(BfclLongContext.MODULE_NAME));
        assertThat(Py.repr(c.copyOf("INTERMEDIARY_CITIES"))).isEqualTo("{'k': 'multi\\nline', 'n': [-1, 2.5, Ellipsis]}");
        Files.writeString(dir.resolve(BfclLongContext.MODULE_NAME), "A = [1]\nB = foo()\n");
        assertThatThrownBy(() -> BfclLongContext.loadModule(dir.resolve(BfclLongContext.MODULE_NAME)))
                .hasMessageContaining("long_context.py:2: B is not a literal");
        Files.writeString(dir.resolve(BfclLongContext.MODULE_NAME), "A = [1\nimport os\n");
        assertThatThrownBy(() -> BfclLongContext.loadModule(dir.resolve(BfclLongContext.MODULE_NAME)))
                .hasMessageContaining("not a module of constant assignments");
    }

    /** The installed bfcl-eval's {@code long_context.py} (a skip, or a failure in CI, when there is none). */
    private static Path installedModule() throws Exception {
        String python = Prerequisites.python("bfcl-eval==2026.3.23");
        ProcessBuilder pb = new ProcessBuilder(python, "-c", "import importlib.util as u; "
                + "print(u.find_spec('bfcl_eval').submodule_search_locations[0])");
        pb.redirectErrorStream(true);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        boolean ok = p.waitFor(120, TimeUnit.SECONDS) && p.exitValue() == 0;
        Path module = ok ? Path.of(out, "eval_checker/multi_turn_eval/func_source_code", BfclLongContext.MODULE_NAME)
                : null;
        Prerequisites.require(module != null && Files.isRegularFile(module),
                () -> "bfcl-eval's long_context.py is not installed for " + python + " (" + out + ")");
        return module;
    }
}
