package io.lodestone.ops.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.lodestone.ops.cli.LodestoneCommand;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The build's training run, as the build makes it: {@code bench train} from the shaded jar with
 * {@code -XX:AOTCacheOutput} writes a cache, and the next JVM started with it (as the launcher
 * starts one) maps it. The
 * training itself fails the test when any resolve or download of it fails.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class AotTrainingIT {

    /** The launcher's JIT option beside the cache; a cache is only used with matching options. */
    static final String JIT = "-XX:CompileThresholdScaling=0.05";

    @Test
    void trainingResolvesAndDownloadsEverythingAndWritesACacheTheNextRunMaps(@TempDir Path dir) throws Exception {
        Path jar = runnableJar();
        Result plain = run(dir, List.of(), jar, "bench", "train");
        assertThat(plain.exit()).as(plain.out()).isZero();
        assertThat(plain.out()).containsPattern("trained: 144 magnets resolved over the DHT, \\d+ bytes downloaded");

        // the cache is a JDK 25 feature; the launcher uses it only there
        Assumptions.assumeTrue(Runtime.version().feature() >= 25, "an ahead-of-time cache needs JDK 25+");
        Path cache = dir.resolve("lodestone.aot");
        Result trained = run(dir, List.of("-XX:AOTCacheOutput=" + cache, JIT), jar, "bench", "train");
        assertThat(trained.exit()).as(trained.out()).isZero();
        assertThat(cache).exists();
        assertThat(Files.size(cache)).as("cache bytes").isGreaterThan(1 << 20);

        Result used = run(dir, List.of("-XX:AOTCache=" + cache, JIT, "-Xlog:aot=info"), jar, "--version");
        assertThat(used.exit()).as(used.out()).isZero();
        assertThat(used.out()).contains("Opened AOT cache").contains("lodestone ");
    }

    record Result(int exit, String out) {
    }

    private static Result run(Path dir, List<String> jvm, Path jar, String... args)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        cmd.addAll(jvm);
        cmd.addAll(List.of("-jar", jar.toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(3, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("did not exit: " + out);
        }
        return new Result(p.exitValue(), out);
    }

    /** The shaded jar beside this module's classes (failsafe runs after package). */
    private static Path runnableJar() throws Exception {
        Path classes = Path.of(LodestoneCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path jar = classes.getParent().resolve("lodestone.jar");
        assertThat(jar).as("the runnable jar (built by package before the ITs run)").exists();
        return jar;
    }
}
