package dev.harmonica.tools.bfcl.backend;

import dev.harmonica.testing.SharedData;
import dev.harmonica.tools.bfcl.BfclExecutor;
import dev.harmonica.tools.bfcl.py.Py;
import dev.harmonica.tools.bfcl.py.PyException;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Behaviours of BFCL's Python backends that a faithful port reproduces (ShishirPatil/gorilla bfcl_eval eval_checker/multi_turn_eval/func_source_code/; ShishirPatil/gorilla bfcl_eval func_source_code (Python semantics); ShishirPatil/gorilla bfcl_eval eval_checker/multi_turn_eval/multi_turn_utils.py), each
 * checked against values observed by running BFCL's own Python code.
 */
class BackendBehaviourTest {

    /** Calls a method like Python: positional arguments, then defaults; returns BFCL's result string. */
    static String call(BfclClass c, String method, Object... args) {
        PyMethod m = c.methods().stream().filter(x -> x.name().equals(method)).findFirst().orElseThrow();
        Object[] bound = new Object[m.params().size()];
        for (int i = 0; i < bound.length; i++) {
            bound[i] = i < args.length ? args[i] : m.params().get(i).defaultValue();
        }
        try {
            return BfclExecutor.stringify(m.invoke(bound));
        } catch (PyException e) {
            return "Error during execution: " + e.pyStr();
        }
    }

    static BfclClass load(String cls, Map<String, Object> config) {
        BfclClass c = BfclClasses.create(cls);
        c.loadScenario(config, false);
        return c;
    }

    static Map<String, Object> fsConfig() {
        // {"root": {"ws": {"type": "directory", "contents": {a: {x: {}}, b: {}, "f.txt": file}}}}
        Map<Object, Object> x = Py.dict("type", "directory", "contents", Py.dict());
        Map<Object, Object> contents = Py.dict(
                "a", Py.dict("type", "directory", "contents", Py.dict("x", x)),
                "b", Py.dict("type", "directory", "contents", Py.dict("f.txt", Py.dict("type", "file", "content", "old"))),
                "f.txt", Py.dict("type", "file", "content", "line b\nline a\nline c"));
        Map<String, Object> cfg = new LinkedHashMap<>();
        cfg.put("root", Py.dict("ws", Py.dict("type", "directory", "contents", contents)));
        return cfg;
    }

    // ------------------------------------------------------------------ GorillaFileSystem

    @Test
    void fileSystemPwdIncludesRootNameAndCdUpReturnsEmptyDict() {
        BfclClass fs = load("GorillaFileSystem", fsConfig());
        assertThat(call(fs, "pwd")).isEqualTo("{\"current_working_directory\": \"/ws\"}");
        assertThat(call(fs, "cd", "a")).isEqualTo("{\"current_working_directory\": \"a\"}");
        assertThat(call(fs, "pwd")).isEqualTo("{\"current_working_directory\": \"/ws/a\"}");
        assertThat(call(fs, "cd", "..")).isEqualTo("{}");
        assertThat(call(fs, "cd", "..")).isEqualTo("{\"error\": \"Current directory is already the root. Cannot go back.\"}");
        assertThat(call(fs, "cd", "a/x")).contains("Unsupported path");
        assertThat(fs.publicState().keySet()).containsExactly("long_context", "root");
    }

    @Test
    void fileSystemCopyIntoDirectoryHoldingTheNameRaisesValueError() {
        BfclClass fs = load("GorillaFileSystem", fsConfig());
        assertThat(call(fs, "cp", "f.txt", "b"))
                .isEqualTo("Error during execution: File 'f.txt' already exists in directory 'b'.");
        assertThat(call(fs, "echo", "hi", "new.txt"))
                .isEqualTo("{\"error\": \"echo: cannot write to 'new.txt': No such file\"}");
        assertThat(call(fs, "touch", "a/b")).isEqualTo("{\"error\": \"touch: cannot touch 'a/b': Invalid character\"}");
        assertThat(call(fs, "sort", "f.txt")).isEqualTo("{\"sorted_content\": \"line a\\nline b\\nline c\"}");
        assertThat(call(fs, "tail", "f.txt", 0L)).isEqualTo("{\"last_lines\": \"line b\\nline a\\nline c\"}");
        assertThat(call(fs, "wc", "f.txt", "w")).isEqualTo("{\"count\": 6, \"type\": \"words\"}");
        assertThat(call(fs, "du", true)).isEqualTo("{\"disk_usage\": \"23.00 B\"}");
    }

    @Test
    void fileSystemMovedDirectoryKeepsChildrenParentPointers() {
        BfclClass fs = load("GorillaFileSystem", fsConfig());
        assertThat(call(fs, "mv", "a", "b")).isEqualTo("{\"result\": \"'a' moved to 'b/a'\"}");
        call(fs, "cd", "b");
        call(fs, "cd", "a");
        call(fs, "cd", "x");
        // x's parent is still the old 'a' object, whose parent is the root (observed in BFCL: '/ws/a/x')
        assertThat(call(fs, "pwd")).isEqualTo("{\"current_working_directory\": \"/ws/a/x\"}");
        FsDirectory root = (FsDirectory) fs.publicState().get("root");
        assertThat(root.pyRepr()).startsWith("<Directory: ws, Parent: None, Contents: {'b': <Directory: b, Parent: ws, "
                + "Contents: {'f.txt': <<File: f.txt, Content: old>>, 'a': <Directory: a, Parent: b, Contents: {'x': "
                + "<Directory: x, Parent: a, Contents: {}>}>}>");
    }

    @Test
    void fileSystemWrongTypesFailLikePython() {
        BfclClass fs = load("GorillaFileSystem", fsConfig());
        assertThat(call(fs, "mkdir", 5L)).isEqualTo("Error during execution: argument of type 'int' is not iterable");
        assertThat(call(fs, "cd", 5L)).isEqualTo("Error during execution: 'int' object has no attribute 'rstrip'");
        assertThat(call(fs, "touch", List.of("x"))).isEqualTo("Error during execution: unhashable type: 'list'");
        assertThat(call(fs, "tail", "f.txt", "3"))
                .isEqualTo("Error during execution: '>' not supported between instances of 'str' and 'int'");
        assertThat(call(fs, "grep", "f.txt", 1L))
                .isEqualTo("Error during execution: 'in <string>' requires string as left operand, not int");
    }

    @Test
    void directoryEqualityIsStructural() {
        BfclClass a = load("GorillaFileSystem", fsConfig());
        BfclClass b = load("GorillaFileSystem", fsConfig());
        assertThat(Py.eq(a.publicState().get("root"), b.publicState().get("root"))).isTrue();
        call(b, "touch", "new");
        assertThat(Py.eq(a.publicState().get("root"), b.publicState().get("root"))).isFalse();
    }

    // ------------------------------------------------------------------ MathAPI

    @Test
    void mathLogarithmPrintsMpmathReprs() {
        BfclClass m = BfclClasses.create("MathAPI");
        assertThat(call(m, "logarithm", 20L, 10L, 2L)).isEqualTo("{'result': mpf('1.3027')}");
        assertThat(call(m, "logarithm", 36.0, 6.0, 4L)).isEqualTo("{'result': mpf('2.0')}");
        assertThat(call(m, "logarithm", 980.0, 20L, 10L)).isEqualTo("{'result': mpf('2.299121531134')}");
        // outside the ground-truth table (values observed with mpmath 1.3)
        assertThat(call(m, "logarithm", 20000.0, 6.0, 2L)).isEqualTo("{'result': mpf('5.5313')}");
        assertThat(call(m, "logarithm", 0.1, 10L, 2L)).isEqualTo("{'result': mpf('-1.0')}");
        assertThat(call(m, "logarithm", -2.5, 2L, 2L)).isEqualTo("{'result': mpc(real='1.3203', imag='4.5313')}");
        assertThat(call(m, "logarithm", 5L, 1L, 3L)).isEqualTo("{\"error\": \"\"}");
        assertThat(call(m, "logarithm", "on", 10L, 3L)).isEqualTo("{\"error\": \"cannot create mpf from 'on'\"}");
    }

    @Test
    void mathDecimalAndTypeErrors() {
        BfclClass m = BfclClasses.create("MathAPI");
        assertThat(call(m, "square_root", 16L, 5L)).isEqualTo("{'result': Decimal('4')}");
        assertThat(call(m, "square_root", 8763.0, 7L)).isEqualTo("{'result': Decimal('93.61090')}");
        assertThat(call(m, "mean", List.of(3L, 16L, 60L))).isEqualTo("{\"result\": 26.333333333333332}");
        assertThat(call(m, "mean", List.of("a"))).isEqualTo("{\"error\": \"All elements in the list must be numbers\"}");
        assertThat(call(m, "add", "a", 1L)).isEqualTo("{\"error\": \"Both inputs must be numbers\"}");
        assertThat(call(m, "round_number", 2.675, 2L)).isEqualTo("{\"result\": 2.67}");
        assertThat(call(m, "divide", 1L, 0L)).isEqualTo("{\"error\": \"Cannot divide by zero\"}");
        assertThat(call(m, "power", 0L, -1L))
                .isEqualTo("Error during execution: 0.0 cannot be raised to a negative power");
    }

    // ------------------------------------------------------------------ MessageAPI, TwitterAPI, TicketAPI

    @Test
    void messageIdsComeFromTheSeededGenerator() {
        BfclClass m = load("MessageAPI", new LinkedHashMap<>());
        call(m, "message_login", "USR001");
        assertThat(call(m, "send_message", "USR002", "hi")).isEqualTo("{\"sent_status\": true, \"message_id\": "
                + "{\"new_id\": 67410}, \"message\": \"Message sent to 'USR002' successfully.\"}");
        assertThat(m.publicState().get("generated_ids")).isEqualTo(new LinkedHashSet<>(List.of(67410L)));
        assertThat(m.publicState().keySet()).containsExactly("generated_ids", "user_count", "user_map", "inbox",
                "message_count", "current_user");
    }

    @Test
    void twitterDefaultListsAreSharedThroughTheModules() {
        BfclModules modules = new BfclModules();
        Map<String, Object> cfg = new LinkedHashMap<>(Map.of("authenticated", true));
        BfclClass model = BfclClasses.create("TwitterAPI", modules);
        BfclClass truth = BfclClasses.create("TwitterAPI", modules);
        model.loadScenario(cfg, false);
        truth.loadScenario(cfg, false);
        call(model, "post_tweet", "x");
        call(model, "mention", 0L, new ArrayList<>(List.of("@extra_user")));
        // the ground-truth side's post_tweet now stores the same mutated default list (Python evaluates a mutable default once)
        assertThat(call(truth, "post_tweet", "y")).isEqualTo("{\"id\": 0, \"username\": \"john\", \"content\": \"y\", "
                + "\"tags\": [], \"mentions\": [\"@extra_user\"]}");
        // int tweet keys accept 0.0 like a Python dict
        assertThat(call(truth, "get_tweet", 0.0)).contains("\"content\": \"y\"");
        assertThat(call(truth, "get_tweet", "0")).isEqualTo("{\"error\": \"Tweet with ID 0 not found.\"}");
    }

    @Test
    void ticketQuirks() {
        Map<String, Object> cfg = new LinkedHashMap<>();
        cfg.put("ticket_queue", new ArrayList<>(List.of(Py.dict("title", "no id"))));
        BfclClass t = load("TicketAPI", cfg);
        assertThat(call(t, "get_ticket", 1L)).isEqualTo("Error during execution: 'id'");
        assertThat(call(t, "get_user_tickets")).isEqualTo(
                "[{'error': 'User not authenticated. Please log in to view tickets.'}]");
    }

    // ------------------------------------------------------------------ TradingBot, TravelAPI, VehicleControlAPI

    @Test
    void tradingTimestampsUseUtcByDefault() {
        Map<String, Object> cfg = new LinkedHashMap<>(Map.of("market_status", "Open"));
        BfclClass t = load("TradingBot", cfg);
        assertThat(call(t, "get_watchlist")).isEqualTo(
                "['Error: User not authenticated. Please log in to view the watchlist.']");
        call(t, "trading_login", "u", "p");
        assertThat(call(t, "fund_account", 100L))
                .isEqualTo("{\"status\": \"Account funded successfully\", \"new_balance\": 10100.0}");
        call(t, "withdraw_funds", 50.5);
        assertThat(Py.repr(t.publicState().get("transaction_history"))).isEqualTo("[{'type': 'deposit', 'amount': 100, "
                + "'timestamp': '2024-09-02 05:40:15'}, {'type': 'withdrawal', 'amount': 50.5, "
                + "'timestamp': '2024-09-01 12:26:34'}]");
        assertThat(call(t, "get_transaction_history", "2024-09-02", null)).contains("05:40:15").doesNotContain("12:26");
        assertThat(call(t, "get_current_time")).isEqualTo("{\"current_time\": \"10:30 AM\"}");
    }

    @Test
    void travelIdsErrorsAndMessages() {
        BfclClass t = load("TravelAPI", new LinkedHashMap<>());
        assertThat(call(t, "authenticate_travel", "id", "secret", "refresh", "read_write", "Michael", "Thompson"))
                .contains("\"access_token\": \"251675\"");
        assertThat(call(t, "get_flight_cost", "SFO", "XXX", "2024-01-01", "economy"))
                .isEqualTo("Error during execution: No available route for the given airports.");
        assertThat(call(t, "compute_exchange_rate", "EUR", "USD", 100L)).isEqualTo("{\"exchanged_value\": 125.0}");
        assertThat(call(t, "list_all_airports")).startsWith("['RMS', 'SBK', ");
        Map<String, Object> cfg = new LinkedHashMap<>();
        cfg.put("credit_card_list", Py.dict("c1", Py.dict("balance", 5000.0)));
        cfg.put("access_token", "tok");
        cfg.put("token_expires_in", 2L);
        BfclClass t2 = load("TravelAPI", cfg);
        assertThat(call(t2, "book_flight", "tok", "c1", "2024-01-01", "SFO", "LAX", "Economy")).isEqualTo(
                "{\"booking_status\": false, \"error\": \"Invalid travel class. Must be one of "
                        + "{'first', 'business', 'economy'}\"}");
    }

    @Test
    void vehicleConfigRenamesAndRandomDraws() {
        Map<String, Object> cfg = new LinkedHashMap<>();
        cfg.put("engineState", "running");
        cfg.put("remainingUnlockedDoors", 4L);
        cfg.put("doorStatus", Py.dict("driver", "locked", "passenger", "unlocked", "rear_left", "locked",
                "rear_right", "locked"));
        BfclClass v = load("VehicleControlAPI", cfg);
        assertThat(v.publicState().get("engine_state")).isEqualTo("running");
        assertThat(v.publicState().get("remainingUnlockedDoors")).isEqualTo(1L);
        assertThat(v.publicState()).doesNotContainKeys("_parkingBrakeForce", "brakePedalForce");
        BfclClass fresh = load("VehicleControlAPI", new LinkedHashMap<>());
        assertThat(call(fresh, "get_current_speed")).isEqualTo("{\"currentSpeed\": 111.92365689097284}");
        assertThat(call(fresh, "get_outside_temperature_from_google"))
                .isEqualTo("{\"outsideTemperature\": 31.29968928699752}");
        assertThat(call(fresh, "set_navigation", 5L)).isEqualTo(
                "Error during execution: can only concatenate str (not \"int\") to str");
        assertThat(fresh.publicState().get("destination")).isEqualTo(5L);
    }

    // ------------------------------------------------------------------ registry and long-context data

    @Test
    void registryCreatesEveryClassWithBfclsMethodCounts() {
        Map<String, Integer> expected = Map.of("GorillaFileSystem", 18, "MathAPI", 17, "MessageAPI", 10,
                "TwitterAPI", 14, "TicketAPI", 9, "TradingBot", 20, "TravelAPI", 18, "VehicleControlAPI", 22);
        for (String name : BfclClasses.NAMES) {
            BfclClass c = BfclClasses.create(name);
            assertThat(c.className()).isEqualTo(name);
            assertThat(c.methods()).hasSize(expected.get(name));
        }
        assertThatThrownBy(() -> BfclClasses.create("Nope")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("GorillaFileSystem");
    }

    @Test
    void longContextWithoutConstantsFailsClearly() {
        BfclClass c = BfclClasses.create("TradingBot");
        assertThatThrownBy(() -> c.loadScenario(new LinkedHashMap<>(), true))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("LongContextConstants");
    }

    @Test
    void longContextConstantsFileErrorsNameTheFileAndKey(@org.junit.jupiter.api.io.TempDir Path dir)
            throws IOException {
        assertThatThrownBy(() -> LongContextConstants.fromDataDir(dir)).isInstanceOf(IOException.class)
                .hasMessageContaining(LongContextConstants.FILE_NAME);
        Files.writeString(dir.resolve(LongContextConstants.FILE_NAME), "{\"FILES_TAIL_USED\": []}");
        assertThatThrownBy(() -> LongContextConstants.fromDataDir(dir)).isInstanceOf(IOException.class)
                .hasMessageContaining("missing key \"FILE_CONTENT_EXTENSION\"");
    }

    @Test
    void longContextBehaviourFromTheSharedConstants() throws IOException {
        Path v4 = SharedData.require("bfcl/v4/long_context_constants.json").getParent();
        BfclModules modules = new BfclModules(LongContextConstants.fromDataDir(v4));
        BfclClass t = BfclClasses.create("TradingBot", modules);
        t.loadScenario(new LinkedHashMap<>(Map.of("authenticated", true)), true);
        String watch = call(t, "get_watchlist");
        assertThat(watch).startsWith("['NVDA', ").endsWith(", Ellipsis]");
        BfclClass v = BfclClasses.create("VehicleControlAPI", modules);
        v.loadScenario(new LinkedHashMap<>(), true);
        String weather = call(v, "get_outside_temperature_from_google");
        assertThat(weather).contains("\"-1_day\"").contains("\"outsideTemperature\": ");
        // the module-level dict was mutated in place and returned, as in BFCL
        Object temperature = modules.longWeatherExtension.get("outsideTemperature");
        assertThat(temperature).isInstanceOf(Double.class);
        assertThat(weather).contains("\"outsideTemperature\": " + Py.repr(temperature));
    }
}
