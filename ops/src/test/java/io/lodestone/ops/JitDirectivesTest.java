package io.lodestone.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JitDirectivesTest {

    /** The file the launcher passes, from the module's own directory (where Maven runs the tests). */
    private static final Path SHIPPED = Path.of("jvm", "compiler-directives.json");

    @Test
    void theShippedFileParsesAndInstallsItsTwoDirectives() {
        assertThat(SHIPPED).isRegularFile();
        assertThat(JitDirectives.install(SHIPPED)).isEqualTo("2 compiler directives added");
    }

    @Test
    void aBrokenFileIsRefusedWithTheParsersReasonAndNothingThrows(@TempDir Path dir) throws Exception {
        Path bad = Files.writeString(dir.resolve("bad.json"), "[ { match: \"*.*\", c2: { Exclude: maybe } } ]");
        assertThat(JitDirectives.install(bad)).doesNotContain("directives added").isNotBlank();
    }

    @Test
    void aMissingFileIsSkipped(@TempDir Path dir) {
        assertThat(JitDirectives.install(dir.resolve("none.json"))).isEqualTo("no file");
    }
}
