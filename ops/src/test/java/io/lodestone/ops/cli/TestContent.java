package io.lodestone.ops.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/** Content to make torrents of: deterministic bytes, awkward names, nested folders, empty files. */
final class TestContent {
    private TestContent() {
    }

    static Path singleFile(Path dir, String name, int size, long seed) throws IOException {
        Files.createDirectories(dir);
        return Files.write(dir.resolve(name), bytes(size, seed));
    }

    /** A tree with nested non-ASCII folders, a zero-length file and sizes that straddle pieces. */
    static Path tree(Path dir, String name, long seed) throws IOException {
        Path root = Files.createDirectories(dir.resolve(name));
        write(root.resolve("README.txt"), 1000, seed);
        write(root.resolve("Ünïcödé dir/ファイル ✓.bin"), 700_001, seed + 1);
        write(root.resolve("Ünïcödé dir/deeper/nested/leaf.dat"), 65_536, seed + 2);
        write(root.resolve("Ünïcödé dir/deeper/empty.txt"), 0, seed + 3);
        write(root.resolve("z last/big part.bin"), 1_234_567, seed + 4);
        write(root.resolve("z last/emoji 🎵.txt"), 17, seed + 5);
        return root;
    }

    private static void write(Path file, int size, long seed) throws IOException {
        Files.createDirectories(file.getParent());
        Files.write(file, bytes(size, seed));
    }

    static byte[] bytes(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }
}
