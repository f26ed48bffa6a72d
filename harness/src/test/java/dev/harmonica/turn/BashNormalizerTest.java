package dev.harmonica.turn;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class BashNormalizerTest {

    @ParameterizedTest(name = "[{0}] == [{1}]")
    @CsvSource(delimiter = '¦', quoteCharacter = '~', value = {
            "ls  -la \"foo\"¦ls -la foo",
            "ls -la 'foo'¦ls -la foo",
            "  ls -la foo  ¦ls -la foo",
            "ls\t-la foo¦ls -la foo",
            "cd /repo&&python -m pytest -q¦cd /repo && python -m pytest -q",
            "cat a.txt|grep x¦cat a.txt | grep x",
            "echo hi;ls¦echo hi ; ls",
            "echo hi;¦echo hi",
            "grep -rn 'def  foo' src¦grep -rn \"def  foo\" src",
            "echo \"a\\\"b\"¦echo 'a\"b'",
            "ls foo\\ bar¦ls 'foo bar'",
            "python x.py 2>&1¦python x.py 2>&1",
            "python x.py 2> err.txt¦python x.py 2>err.txt",
            "ls # list files¦ls",
    })
    void equivalent(String a, String b) {
        assertThat(BashNormalizer.equivalent(a, b)).as(a + " vs " + b).isTrue();
    }

    @ParameterizedTest(name = "[{0}] != [{1}]")
    @CsvSource(delimiter = '¦', quoteCharacter = '~', value = {
            "ls -la foo¦ls -l foo",
            "grep 'a b' f¦grep a b f",
            "echo 'x  y'¦echo 'x y'",
            "rm -rf build¦rm -rf build dist",
            "cat a && cat b¦cat a || cat b",
            "python x.py 2>&1¦python x.py 2 >&1",
            "cat a | grep x¦cat a grep x",
    })
    void different(String a, String b) {
        assertThat(BashNormalizer.equivalent(a, b)).as(a + " vs " + b).isFalse();
    }

    @Test
    void lineContinuationIsRemoved() {
        assertThat(BashNormalizer.equivalent("ls \\\n  -la", "ls -la")).isTrue();
    }

    @Test
    void newlinesAreSeparators() {
        assertThat(BashNormalizer.equivalent("cd /repo\nls", "cd /repo; ls")).isTrue();
        assertThat(BashNormalizer.equivalent("cd /repo\n\n\nls\n", "cd /repo ; ls")).isTrue();
    }

    @Test
    void hereDocumentBodiesAreKeptVerbatim() {
        String a = "cat <<'EOF' > f.py\nx = 'a  b'\n  print(x)\nEOF";
        String b = "cat <<EOF >f.py\nx = 'a  b'\n  print(x)\nEOF";
        String c = "cat <<'EOF' > f.py\nx = 'a b'\n  print(x)\nEOF";
        assertThat(BashNormalizer.equivalent(a, b)).isTrue();
        assertThat(BashNormalizer.equivalent(a, c)).as("body whitespace matters").isFalse();
        assertThat(BashNormalizer.normalize(a).tokens()).containsExactly("cat", "<<", "EOF", ">", "f.py",
                "<<body:x = 'a  b'\n  print(x)\n");
    }

    @Test
    void unclosedQuoteFallsBackToWhitespaceCollapsing() {
        BashNormalizer.Normalized n = BashNormalizer.normalize("echo 'oops   there");
        assertThat(n.tokenized()).isFalse();
        assertThat(n.text()).isEqualTo("echo 'oops there");
        assertThat(BashNormalizer.equivalent("echo 'oops   there", "echo  'oops there")).isTrue();
    }

    @Test
    void programSkipsAssignments() {
        assertThat(BashNormalizer.normalize("FOO=1 BAR=x python -m pytest").program()).isEqualTo("python");
        assertThat(BashNormalizer.normalize("'grep' -rn x").program()).isEqualTo("grep");
        assertThat(BashNormalizer.normalize("").program()).isEmpty();
    }

    @Test
    void displayFormQuotesOnlyWhatNeedsIt() {
        assertThat(BashNormalizer.normalize("ls  -la \"foo\"").text()).isEqualTo("ls -la foo");
        assertThat(BashNormalizer.normalize("grep \"a b\" f").text()).isEqualTo("grep 'a b' f");
    }

    @Property(tries = 300)
    void normalisationIsIdempotentOnItsDisplayForm(@ForAll @StringLength(max = 40) String s) {
        BashNormalizer.Normalized n = BashNormalizer.normalize(s);
        if (n.tokenized() && n.tokens().stream().noneMatch(t -> t.startsWith("<<body:"))) {
            assertThat(BashNormalizer.normalize(n.text()).tokens()).isEqualTo(n.tokens());
        }
    }

    @Property(tries = 300)
    void extraBlanksBetweenWordsNeverMatter(@ForAll("words") List<String> words) {
        String single = String.join(" ", words);
        String spaced = "  " + String.join("   \t ", words) + " ";
        assertThat(BashNormalizer.equivalent(single, spaced)).isTrue();
    }

    @net.jqwik.api.Provide
    net.jqwik.api.Arbitrary<List<String>> words() {
        return net.jqwik.api.Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(6)
                .list().ofMinSize(1).ofMaxSize(6);
    }
}
