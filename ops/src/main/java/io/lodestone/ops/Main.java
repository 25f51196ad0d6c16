package io.lodestone.ops;

import io.lodestone.ops.cli.LodestoneCommand;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Entry point of the runnable jar. */
public final class Main {
    /** Held so the level set below is not lost when java.util.logging drops unreferenced loggers. */
    private static final Logger LUCENE_VECTORS = Logger.getLogger("org.apache.lucene.internal.vectorization");

    private Main() {
    }

    public static void main(String[] args) {
        quietStart();
        JitDirectives.installInBackground();
        System.exit(LodestoneCommand.run(args, System.out, System.err));
    }

    /**
     * Every command starts without JVM warnings. LMDB's native binding (jffi) and lmdbjava reach
     * for sun.misc.Unsafe, which JDK 24+ warns about on first use; both have a supported switch to
     * their plain JNI / ByteBuffer paths. Lucene says at WARNING level that it runs without the
     * incubating Vector API: we choose not to enable an incubator module, so that is expected.
     * Netty registers its allocator's flight-recorder events on its first allocation, which loads
     * the recorder's metadata in the middle of a download's first second; nobody records them
     * unless profiling, and then {@code -Dio.netty.jfr.enabled=true} brings them back.
     */
    static void quietStart() {
        setIfAbsent("jffi.unsafe.disabled", "true");
        setIfAbsent("lmdbjava.disable.unsafe", "true");
        setIfAbsent("io.netty.jfr.enabled", "false");
        LUCENE_VECTORS.setLevel(Level.SEVERE);
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }
}
