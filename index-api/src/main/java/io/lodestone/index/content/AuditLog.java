package io.lodestone.index.content;

import io.lodestone.index.json.TorrentJson;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import tools.jackson.databind.node.ObjectNode;

/**
 * Every delete and block, one JSON object per line in the data directory's {@value #FILE_NAME}:
 * {@code {"at", "by", "action", "target", "count"}}. Appended and forced to disk before the
 * change is reported done; rolled over to {@code audit.log.1} past {@link #MAX_BYTES}.
 */
public final class AuditLog {

    public static final String FILE_NAME = "audit.log";
    public static final long MAX_BYTES = 64L << 20;

    private final Path file;

    public AuditLog(Path dataDir) {
        this.file = dataDir.resolve(FILE_NAME);
    }

    public Path path() {
        return file;
    }

    /** Records one action; {@code target} is a hash, a rule or a query. */
    public synchronized void record(String by, String action, String target, long count) throws IOException {
        ObjectNode o = TorrentJson.MAPPER.createObjectNode()
                .put("at", Instant.now().toString())
                .put("by", by)
                .put("action", action)
                .put("target", target)
                .put("count", count);
        byte[] line = (TorrentJson.write(o) + "\n").getBytes(StandardCharsets.UTF_8);
        if (Files.exists(file) && Files.size(file) + line.length > MAX_BYTES) {
            Files.move(file, file.resolveSibling(FILE_NAME + ".1"), StandardCopyOption.REPLACE_EXISTING);
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND)) {
            java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(line);
            while (b.hasRemaining()) {
                ch.write(b);
            }
            ch.force(false);
        }
    }
}
