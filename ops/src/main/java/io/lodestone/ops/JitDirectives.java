package io.lodestone.ops;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.management.JMException;
import javax.management.ObjectName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Installs the HotSpot compiler directives file the launcher names in {@value #PROPERTY} (which of
 * our code C2 compiles; the file says why). Installed through the JVM's own diagnostic command
 * rather than {@code -XX:CompilerDirectivesFile}, which prints a line on every start; on a thread
 * of its own, so no command waits for it. A JVM without the command runs on as it would anyway.
 */
final class JitDirectives {

    static final String PROPERTY = "lodestone.jit.directives";
    private static final Logger LOG = LoggerFactory.getLogger(JitDirectives.class);

    private JitDirectives() {
    }

    /** Starts installing the file named by {@value #PROPERTY}, if any; returns at once. */
    static void installInBackground() {
        String file = System.getProperty(PROPERTY);
        if (file == null || file.isBlank()) {
            return;
        }
        Thread t = new Thread(() -> install(Path.of(file)), "jit-directives");
        t.setDaemon(true);
        t.start();
    }

    /** The command's answer ("N compiler directives added", or the parser's complaint). */
    static String install(Path file) {
        if (!Files.isRegularFile(file)) {
            LOG.debug("no compiler directives at {}", file);
            return "no file";
        }
        try {
            Object answer = ManagementFactory.getPlatformMBeanServer().invoke(
                    new ObjectName("com.sun.management:type=DiagnosticCommand"), "compilerDirectivesAdd",
                    new Object[] {new String[] {file.toString()}}, new String[] {String[].class.getName()});
            String said = String.valueOf(answer).strip();
            LOG.debug("compiler directives from {}: {}", file, said);
            return said;
        } catch (JMException | RuntimeException e) {
            LOG.debug("compiler directives from {} not installed", file, e);
            return "not installed: " + e;
        }
    }
}
