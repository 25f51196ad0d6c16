package io.lodestone.client.engine.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The policy packages are pure: neither their sources nor their compiled classes name anything of
 * Netty (a class file names every type it uses in its constant pool, so the bytecode scan also
 * catches fully qualified uses the source scan might miss).
 */
class PolicyImportsNoNettyTest {

    @ParameterizedTest
    @ValueSource(strings = {"io/lodestone/client/engine/policy", "io/lodestone/client/picker",
            "io/lodestone/client/choker"})
    void noSourceNamesNetty(String pkg) throws IOException {
        Path dir = Path.of("src/main/java").resolve(pkg);
        List<Path> sources = files(dir, ".java");
        assertThat(sources).as("sources of %s", pkg).isNotEmpty();
        List<String> offenders = new ArrayList<>();
        for (Path s : sources) {
            if (Files.readString(s).contains("io.netty")) {
                offenders.add(s.toString());
            }
        }
        assertThat(offenders).as("policy sources that name io.netty").isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"io/lodestone/client/engine/policy", "io/lodestone/client/picker",
            "io/lodestone/client/choker"})
    void noClassReferencesNetty(String pkg) throws IOException, URISyntaxException {
        Path root = Path.of(TorrentPolicy.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<Path> classes = files(root.resolve(pkg), ".class");
        assertThat(classes).as("classes of %s", pkg).isNotEmpty();
        assertThat(netty(classes)).as("policy classes that reference io/netty").isEmpty();
    }

    @Test
    void theScanFindsNettyWhereItIs() throws IOException, URISyntaxException {
        // the control: the same scans over the adapter package, which is Netty's side
        Path root = Path.of(TorrentPolicy.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        assertThat(netty(files(root.resolve("io/lodestone/client/engine"), ".class"))).contains("PeerWire.class");
        assertThat(Files.readString(Path.of("src/main/java/io/lodestone/client/engine/PeerWire.java")))
                .contains("io.netty");
    }

    /** The names of the class files whose constant pool names a Netty type. */
    private static List<String> netty(List<Path> classes) throws IOException {
        List<String> found = new ArrayList<>();
        for (Path c : classes) {
            if (new String(Files.readAllBytes(c), StandardCharsets.ISO_8859_1).contains("io/netty/")) {
                found.add(c.getFileName().toString());
            }
        }
        return found;
    }

    private static List<Path> files(Path dir, String suffix) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.toString().endsWith(suffix)).toList();
        }
    }
}
