package dev.harmonica.fuzz;

import dev.harmonica.tools.bfcl.call.PyExprParser;
import dev.harmonica.tools.bfcl.call.PySyntaxError;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzzing BFCL's Python call parser ({@link PyExprParser#parseCall}, called as it is): generated call strings built
 * from Python's tokens (names, brackets, operators, every string prefix and escape, numbers in every base and
 * exponent, keywords, line continuations, Unicode, lone surrogates, bracket runs beyond CPython's nesting limit),
 * and character-level
 * mutations of valid calls. The only documented failure is {@link PySyntaxError} (with a line inside the input, or none);
 * nothing else may escape, and no try may hang ({@link Guard}).
 */
class PyCallFuzzTest {
    static final int TOKEN_TRIES = 4000;
    static final int MUTATION_TRIES = 2000;
    /** Runs of brackets deeper than CPython's nesting limit (the parser refuses them like CPython, never overflows). */
    private static final List<String> DEEP = List.of("(".repeat(150), "[".repeat(199), "{".repeat(201), "(".repeat(5000),
            "[1, ".repeat(300), ")".repeat(150));

    private static final List<String> PIECES = List.of("f", "get_weather", "api.v2.call", "_x", "\u00e9t\u00e9", "x1",
            "(", ")", "[", "]", "{", "}", ",", "=", ":", ".", "-", "+", "*", "**", "/", "%", "~", "not ", " and ", " or ",
            " if ", " else ", " for ", " in ", "lambda", "lambda x: x", "True", "False", "None", "...", "@", "!", "$", "?",
            "'a'", "\"b\"", "'''t'''", "\"\"\"t\"\"\"", "r'\\d'", "b'x'", "f'{x}'", "u'x'", "rb'x'", "'\\x4'", "'\\x41'",
            "'\\u00e9'", "'\\U0001F600'", "'\\N{BULLET}'", "'\\N{'", "'\\777'", "'\\q'", "'unterminated", "\"", "'",
            "'\\'", "0", "-1", "1_000", "1__0", "0x1F", "0o17", "0b101", "0b2", "08", "1e309", "-1e-400", "1.", ".5", "1e",
            "1j", "0xg", "99999999999999999999999999999999", "nan", "inf", " ", "\t", "\n", "\\\n", "\\", "#c", "\u0000",
            "\u00a0", "\u2028", "\ufeff", "\ud800", "\udfff", "\u001b");

    static String tokens(SplittableRandom r) {
        StringBuilder sb = new StringBuilder();
        for (int i = r.nextInt(60); i > 0; i--) {
            sb.append(r.nextInt(40) == 0 ? DEEP.get(r.nextInt(DEEP.size())) : PIECES.get(r.nextInt(PIECES.size())));
        }
        return r.nextBoolean() ? "f(" + sb + ")" : sb.toString();
    }

    private static final List<String> VALID = List.of(
            "get_weather(location='Berlin', unit=\"celsius\")",
            "f('a', -1, x=[1, 2.0, -3e-2], y={'k': (True, None)}, z=())",
            "cd(folder='docs')", "mv(source='a.txt', destination=\"b/\")",
            "post_tweet(content='Hi \\u00e9\\n', tags=['#a', '#b'], mentions=[])",
            "api.get(n=0x1F, m=1_000, s=r'\\d+', t='''x''')");

    static String mutated(SplittableRandom r) {
        StringBuilder sb = new StringBuilder(VALID.get(r.nextInt(VALID.size())));
        String alphabet = "()[]{},=:'\"\\.-+0123456789eExjbrfuN_ \n\t\u00e9\ud800#";
        for (int i = 1 + r.nextInt(5); i > 0; i--) {
            int at = r.nextInt(sb.length() + 1);
            char c = alphabet.charAt(r.nextInt(alphabet.length()));
            switch (r.nextInt(3)) {
                case 0 -> { if (at < sb.length()) sb.deleteCharAt(at); }
                case 1 -> sb.insert(at, c);
                default -> { if (at < sb.length()) sb.setCharAt(at, c); }
            }
        }
        return sb.toString();
    }

    private static void parseOnlyFailsWithSyntaxError(String source) throws Throwable {
        Guard.within(source, () -> {
            try {
                assertThat(PyExprParser.parseCall(source)).isNotNull();
            } catch (PySyntaxError e) {
                assertThat(e.line()).as("line on %s", Guard.describe(source)).isBetween(-1, source.length() + 1);
            } catch (RuntimeException | StackOverflowError e) {
                throw new AssertionError("undocumented " + e + " on " + Guard.describe(source), e);
            }
            return null;
        });
    }

    @Property(tries = TOKEN_TRIES)
    void generatedCallsFailOnlyWithASyntaxError(@ForAll long seed) throws Throwable {
        parseOnlyFailsWithSyntaxError(tokens(new SplittableRandom(seed)));
    }

    @Property(tries = MUTATION_TRIES)
    void mutatedCallsFailOnlyWithASyntaxError(@ForAll long seed) throws Throwable {
        parseOnlyFailsWithSyntaxError(mutated(new SplittableRandom(seed)));
    }
}
