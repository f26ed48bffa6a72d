package dev.harmonica.tools.bfcl.call;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * CPython 3.11's {@code str(e)} for the call strings models get wrong, as BFCL prints them after
 * {@code Error during execution: }. Every expected text was measured with CPython 3.11.7 ({@code compile(s,
 * '<string>', 'eval')}); the differential suite ({@code BfclReferenceDifferentialTest}) checks thousands more.
 * In the sources, {@code \n} stands for a newline.
 */
class PySyntaxErrorsTest {
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            ls(a=1                          | '(' was never closed (<string>, line 1)
            [ls(a=1)                        | '[' was never closed (<string>, line 1)
            ls(\\na=1 b=2                   | '(' was never closed (<string>, line 1)
            ls(a=1 b=2)                     | invalid syntax. Perhaps you forgot a comma? (<string>, line 1)
            ls(a b=1)                       | invalid syntax. Perhaps you forgot a comma? (<string>, line 1)
            ls(c d=1)                       | invalid syntax (<string>, line 1)
            ls(a=1.2.3)                     | invalid syntax. Perhaps you forgot a comma? (<string>, line 1)
            ls(a=1) ls(b=2)                 | invalid syntax (<string>, line 1)
            ls(a=1)\\nls(b=2)               | invalid syntax (<string>, line 2)
            f(g(x \\n0.0)                   | invalid syntax. Perhaps you forgot a comma? (<string>, line 1)
            f(g(x \\n0.0) 1                 | '(' was never closed (<string>, line 1)
            ls(pass=1)                      | invalid syntax (<string>, line 1)
            ls(class=1, b=2)                | invalid syntax (<string>, line 1)
            ls(True=1)                      | cannot assign to True (<string>, line 1)
            ls(1=2)                         | expression cannot contain assignment, perhaps you meant "=="? (<string>, line 1)
            ls(a=1, 2)                      | positional argument follows keyword argument (<string>, line 1)
            ls(a=1, a=2)                    | keyword argument repeated: a (<string>, line 1)
            f(**k, *a)                      | iterable argument unpacking follows keyword argument unpacking (<string>, line 1)
            f(a, *)                         | invalid syntax (<string>, line 1)
            ls(x for x in y, 1)             | Generator expression must be parenthesized (<string>, line 1)
            ls(a='x)                        | unterminated string literal (detected at line 1) (<string>, line 1)
            ls(a='''x)                      | unterminated triple-quoted string literal (detected at line 1) (<string>, line 1)
            ls(\\n\\n'x                     | unterminated string literal (detected at line 3) (<string>, line 3)
            ls(a=1x)                        | invalid decimal literal (<string>, line 1)
            ls(a=1_)                        | invalid decimal literal (<string>, line 1)
            ls(a=1e)                        | invalid decimal literal (<string>, line 1)
            x(o 1order_id 1)                | invalid decimal literal (<string>, line 1)
            ls(a=0x)                        | invalid hexadecimal literal (<string>, line 1)
            ls(a=0b12)                      | invalid digit '2' in binary literal (<string>, line 1)
            ls(a=0o8)                       | invalid digit '8' in octal literal (<string>, line 1)
            ls(a=01)                        | leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers (<string>, line 1)
            ls(a=1)]                        | unmatched ']' (<string>, line 1)
            ls(a=[1)                        | closing parenthesis ')' does not match opening parenthesis '[' (<string>, line 1)
            (\\n1]                          | closing parenthesis ']' does not match opening parenthesis '(' on line 1 (<string>, line 2)
            ls(a=€)                         | invalid character '€' (U+20AC) (<string>, line 1)
            ls(a=\u200b1)                   | invalid non-printable character U+200B (<string>, line 1)
            ls(a=1\u00a0)                   | invalid non-printable character U+00A0 (<string>, line 1)
            ls(a=$)                         | invalid syntax (<string>, line 1)
            ls(a=1)\\                       | unexpected character after line continuation character (<string>, line 1)
            ls(a=1)\\\\n                    | unexpected EOF while parsing (<string>, line 1)
            ` ls(a=1)`                      | unexpected indent (<string>, line 1)
            ``                              | invalid syntax (<string>, line 0)
            ls(a=1 if 2)                    | expected 'else' after 'if' expression (<string>, line 1)
            ls(a=print 1)                   | Missing parentheses in call to 'print'. Did you mean print(...)? (<string>, line 1)
            ls(a={'x': })                   | expression expected after dictionary key and ':' (<string>, line 1)
            f({'a': 1, 'b' 2})              | ':' expected after dictionary key (<string>, line 1)
            f({'a': 1 'b': 2})              | invalid syntax. Perhaps you forgot a comma? (<string>, line 1)
            (a=1)                           | invalid syntax. Maybe you meant '==' or ':=' instead of '='? (<string>, line 1)
            [x for 1 in y]                  | cannot assign to literal (<string>, line 1)
            ls(a='\\x1')                    | (unicode error) 'unicodeescape' codec can't decode bytes in position 0-2: truncated \\xXX escape (<string>, line 1)
            ls(a='é\\x1')                   | (unicode error) 'unicodeescape' codec can't decode bytes in position 10-12: truncated \\xXX escape (<string>, line 1)
            ls(a=b'\\x1')                   | (value error) invalid \\x escape at position 0 (<string>, line 1)
            f(a=b'é')                       | bytes can only contain ASCII literal characters (<string>, line 1)
            f(a='x' b'y')                   | cannot mix bytes and nonbytes literals (<string>, line 1)
            ls(a=f'{x')                     | f-string: expecting '}' (<string>, line 1)
            f'{:1}'                         | f-string: expression required before ':' (<string>, line 1)
            f'{1 2}'                        | f-string: invalid syntax. Perhaps you forgot a comma? (<string>, line 1)
            (yield)                         | 'yield' outside function (<string>, line 1)
            lambda x, x: 1                  | duplicate argument 'x' in function definition (<string>, line 1)
            """)
    void messagesAreCPythons(String source, String expected) {
        String src = source.replace("\\n", "\n").replace("\\\\", "\\");
        PySyntaxError e = catchThrowableOfType(() -> PyExprParser.parse(src), PySyntaxError.class);
        assertThat(e).as("no error for %s", source).isNotNull();
        assertThat(e.getMessage()).isEqualTo(expected.replace("\\\\", "\\"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            ls(a=\\u0000)     | SYNTAX_ERROR          | source code string cannot contain null bytes
            ls(a=\\ud800)     | UNICODE_ENCODE_ERROR  | 'utf-8' codec can't encode character '\\ud800' in position 5: surrogates not allowed
            """)
    void errorsWithoutALocation(String source, PySyntaxError.Type type, String expected) {
        String src = source.replace("\\u0000", "\u0000").replace("\\ud800", "\ud800");
        PySyntaxError e = catchThrowableOfType(() -> PyExprParser.parse(src), PySyntaxError.class);
        assertThat(e.type()).isEqualTo(type);
        assertThat(e.getMessage()).isEqualTo(expected.replace("\\\\", "\\"));
    }
}
