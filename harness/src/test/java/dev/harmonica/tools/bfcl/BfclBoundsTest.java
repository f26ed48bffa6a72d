package dev.harmonica.tools.bfcl;

import dev.harmonica.scenario.bfcl.BfclCategory;
import dev.harmonica.scenario.bfcl.BfclDataset;
import dev.harmonica.scenario.bfcl.BfclEntry;
import dev.harmonica.testing.SharedData;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * Calls that would make BFCL's Python hang or run out of memory end in a clear error within seconds, never a hang
 * or an OutOfMemoryError (docs/bfcl.md, "Bounds"). Where CPython itself fails (MemoryError, OverflowError,
 * RecursionError, the 4300-digit limit, the 200-bracket limit) the result is CPython's exact text (measured with
 * CPython 3.11.7); where it would compute for hours, Harmonica's bound says so.
 */
class BfclBoundsTest {
    private static BfclEntry entry;
    private static BfclRuntime runtime;

    @BeforeAll
    static void load() {
        Path dir = SharedData.require("bfcl/v4");
        runtime = new BfclRuntime(dir);
        entry = BfclDataset.load(dir, BfclCategory.BASE).get(0);
    }

    private static String run(String call) {
        BfclExecutor ex = BfclExecutor.modelSide(entry, "harmonica", runtime.factoryFor(entry));
        return assertTimeoutPreemptively(Duration.ofSeconds(20), () -> ex.execute(call));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            ls(a='a'*10**12)              | `Error during execution: `
            ls(a='a'*2**62)               | `Error during execution: `
            ls(a=[0]*10**11)              | `Error during execution: `
            ls(a=list(range(10**10)))     | `Error during execution: `
            ls(a='ab'*2**62)              | Error during execution: repeated string is too long
            ls(a='a'*10**20)              | Error during execution: cannot fit 'int' into an index-sized integer
            ls(a=10.0**400)               | Error during execution: (34, 'Numerical result out of range')
            ls(a=1e999999999999)          | `{"current_directory_content": ["document", "archive"]}`
            ls(a=float(10**400))          | Error during execution: int too large to convert to float
            ls(a=1 << 10**20)             | Error during execution: too many digits in integer
            str(10**5000)                 | Error during execution: Exceeds the limit (4300 digits) for integer string conversion; use sys.set_int_max_str_digits() to increase the limit
            10**5000                      | Error during execution: Exceeds the limit (4300 digits) for integer string conversion; use sys.set_int_max_str_digits() to increase the limit
            """)
    void pythonsOwnFailuresAreReproduced(String call, String expected) {
        assertThat(run(call)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            ls(a=9**9**9**9)                  | this power
            ls(a=2**10**10)                   | this power
            ls(a=1 << 10**9)                  | this shift
            ls(a='a'*10**9)                   | this repetition
            ls(a=list(range(10**8)))          | a list of range(0, 100000000)
            ls(a=[x for x in range(10**9)])   | evaluation steps
            ls(a=open('/etc/passwd'))         | open()
            ls(a=__import__('os'))            | __import__()
            ls(a=id(1))                       | id()
            """)
    void hangsAndHugeAllocationsStopAtADocumentedBound(String call, String what) {
        String r = run(call);
        assertThat(r).startsWith("Error during execution: Harmonica does not evaluate ").contains(what)
                .endsWith("(docs/bfcl.md, Bounds)");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            200 | [        | Error during execution: too many nested parentheses (<string>, line 1)
            100000 | -     | `Error during execution: `
            3000 | not     | Error during execution: maximum recursion depth exceeded during compilation
            2500 | -       | `{"current_directory_content": ["document", "archive"]}`
            """)
    void deepNestingEndsLikeCPython(int depth, String opener, String expected) {
        String open = opener.equals("not") ? "not " : opener;
        String close = opener.equals("[") ? "]" : "";
        assertThat(run("ls(a=" + open.repeat(depth) + "1" + close.repeat(depth) + ")")).isEqualTo(expected);
    }
}
