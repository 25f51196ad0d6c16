package io.lodestone.client.session;

import io.lodestone.interop.TestnetManifest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/** SHA-256 of downloaded files, to compare with what the seeders hold. */
final class Checksums {

    private Checksums() {
    }

    static String sha256(Path file) throws IOException {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        byte[] buf = new byte[1 << 20];
        try (InputStream in = Files.newInputStream(file)) {
            int n;
            while ((n = in.read(buf)) > 0) {
                md.update(buf, 0, n);
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }

    /** For every file of the torrent: its path to "expected sha256 -> actual sha256 (or missing)". */
    static Map<String, String> mismatches(TestnetManifest.Torrent t, Path downloadDir) throws IOException {
        Map<String, String> bad = new LinkedHashMap<>();
        for (TestnetManifest.FileEntry f : t.files()) {
            Path p = downloadDir.resolve(f.path());
            if (!Files.isRegularFile(p)) {
                bad.put(f.path(), "missing");
            } else if (Files.size(p) != f.size()) {
                bad.put(f.path(), "size " + Files.size(p) + " instead of " + f.size());
            } else if (!sha256(p).equals(f.sha256())) {
                bad.put(f.path(), "content differs");
            }
        }
        return bad;
    }

    /** Regular files under {@code dir}, however deep. */
    static long countFiles(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).count();
        }
    }
}
