package io.lodestone.client.session;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/** Generated torrent content for tests: seeded random bytes in nested, non-ASCII paths. */
final class Content {

    private Content() {
    }

    /**
     * A multi-file tree under {@code root/name}: nested directories, non-ASCII names, an empty
     * file; sizes chosen so files straddle pieces. Returns relative path to size.
     */
    static Map<String, Long> multiFile(Path root, String name, long totalSize, long seed) throws IOException {
        Map<String, Long> files = new LinkedHashMap<>();
        files.put("README.txt", 1000L);
        files.put("data/part 1.bin", totalSize / 3 + 12_345);
        files.put("Ünïcödé/文件 🎵.bin", totalSize / 4 + 777);
        files.put("zero/empty.dat", 0L);
        long used = files.values().stream().mapToLong(Long::longValue).sum();
        files.put("data/deep/er/part-2 ü.bin", Math.max(1, totalSize - used));
        SplittableRandom random = new SplittableRandom(seed);
        for (Map.Entry<String, Long> f : files.entrySet()) {
            write(root.resolve(name).resolve(f.getKey()), f.getValue(), random);
        }
        return files;
    }

    static void write(Path file, long size, SplittableRandom random) throws IOException {
        Files.createDirectories(file.getParent());
        byte[] buf = new byte[64 * 1024];
        try (OutputStream out = Files.newOutputStream(file)) {
            for (long left = size; left > 0; ) {
                random.nextBytes(buf);
                int n = (int) Math.min(buf.length, left);
                out.write(buf, 0, n);
                left -= n;
            }
        }
    }
}
