package io.lodestone.interop;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Every harness child process and temp dir of this JVM, so that a JVM shutdown (even after a
 * test forgot to close something) leaves no python process and no temp files behind.
 */
final class ChildProcesses {

    private static final Set<Process> PROCESSES = ConcurrentHashMap.newKeySet();
    private static final Set<Path> TEMP_DIRS = ConcurrentHashMap.newKeySet();

    static {
        Thread hook = new Thread(ChildProcesses::cleanUp, "libtorrent-harness-cleanup");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    private ChildProcesses() {
    }

    static void register(Process p) {
        PROCESSES.add(p);
    }

    static void unregister(Process p) {
        PROCESSES.remove(p);
    }

    static void registerTempDir(Path dir) {
        TEMP_DIRS.add(dir);
    }

    static void unregisterTempDir(Path dir) {
        TEMP_DIRS.remove(dir);
    }

    /** Kills a process and whatever it started: SIGTERM, then SIGKILL after {@code graceMillis}. */
    static void kill(Process p, long graceMillis) {
        List<ProcessHandle> children = new ArrayList<>(p.descendants().toList());
        p.destroy();
        children.forEach(ProcessHandle::destroy);
        try {
            if (!p.waitFor(graceMillis, TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                p.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        children.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }

    /** Deletes a directory tree; missing files are fine. */
    static void deleteTree(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException exc) throws IOException {
                    if (exc instanceof NoSuchFileException) {
                        return FileVisitResult.CONTINUE;
                    }
                    throw exc;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path d, IOException exc) throws IOException {
                    Files.deleteIfExists(d);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + dir, e);
        }
    }

    private static void cleanUp() {
        List<Process> live = new ArrayList<>(PROCESSES);
        for (Process p : live) {
            try {
                p.getOutputStream().close();   // stdin EOF: a testnet stops on its own
            } catch (IOException ignored) {
                // already closed
            }
        }
        waitAll(live, 3000);
        for (Process p : live) {
            if (p.isAlive()) {
                p.descendants().forEach(ProcessHandle::destroy);
                p.destroy();
            }
        }
        waitAll(live, 2000);
        for (Process p : live) {
            if (p.isAlive()) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
            }
        }
        for (Path dir : TEMP_DIRS) {
            try {
                deleteTree(dir);
            } catch (RuntimeException ignored) {
                // best effort while the JVM goes down
            }
        }
    }

    private static void waitAll(List<Process> processes, long millis) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        for (Process p : processes) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return;
            }
            try {
                p.waitFor(left, TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
