package io.lodestone.ops.cli;

import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * Waits for SIGTERM or SIGINT and turns it into a normal return, so a service stopped the usual
 * way shuts down cleanly and exits 0 (the JVM's default for SIGTERM is exit status 143).
 */
public final class Signals {
    private static final Logger LOG = LoggerFactory.getLogger(Signals.class);

    private Signals() {
    }

    /** Blocks until the process is asked to stop. */
    public static void awaitTermination() throws InterruptedException {
        CountDownLatch stop = new CountDownLatch(1);
        for (String name : new String[] {"TERM", "INT"}) {
            try {
                Signal.handle(new Signal(name), s -> {
                    LOG.info("SIG{} received, stopping", name);
                    stop.countDown();
                });
            } catch (IllegalArgumentException e) {
                LOG.debug("cannot handle SIG{}: {}", name, e.getMessage());
            }
        }
        stop.await();
    }
}
