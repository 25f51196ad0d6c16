package io.lodestone.ops.cli;

import io.lodestone.bencode.BencodeLimits;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads a .torrent file without trusting its size. */
final class TorrentFiles {
    private TorrentFiles() {
    }

    static byte[] read(Path file) throws IOException {
        if (Files.isDirectory(file)) {
            throw new BadInputException(file + " is a directory, not a .torrent file");
        }
        long size = Files.size(file);
        if (size > BencodeLimits.DEFAULT_MAX_INPUT_BYTES) {
            throw new BadInputException(file + ": " + size + " bytes is larger than any torrent file we accept ("
                    + BencodeLimits.DEFAULT_MAX_INPUT_BYTES + ")");
        }
        if (size == 0) {
            throw new BadInputException(file + " is empty");
        }
        return Files.readAllBytes(file);
    }
}
