package dev.harmonica.cli;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code harmonica import --out} creates its file with the process umask, like every other output (POSIX only). */
class ImportOutputModeTest {
    @TempDir
    Path dir;

    @Test
    void theImportedFileHasTheModeOfAnyNewFile() throws Exception {
        Assumptions.assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"), "skipped: not a POSIX file system");
        Path trajectory = resource("/swe/openhands_parallel.json");
        Path out = dir.resolve("scenarios.jsonl");
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(new StringWriter()), new PrintWriter(err), "import", trajectory.toString(), "--out", out.toString());
        assertThat(code).as(err.toString()).isZero();

        Path reference = Files.createFile(dir.resolve("reference")); // 0666 less the umask
        Set<PosixFilePermission> expected = Files.getPosixFilePermissions(reference);
        Assumptions.assumeFalse(expected.equals(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE)),
                "skipped: umask 077 makes every new file 0600, the mode this test tells apart");
        assertThat(Files.getPosixFilePermissions(out)).isEqualTo(expected);
        try (var left = Files.list(dir)) {
            assertThat(left.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("scenarios.jsonl", "reference");
        }
    }

    private static Path resource(String name) throws URISyntaxException {
        return Path.of(ImportOutputModeTest.class.getResource(name).toURI());
    }
}
