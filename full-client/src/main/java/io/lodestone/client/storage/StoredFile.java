package io.lodestone.client.storage;

import java.nio.file.Path;
import java.util.List;

/**
 * One file of the torrent as the store handles it.
 *
 * @param index      position in the torrent's file list
 * @param location   where it lives: inside the download directory, checked; null for a pad file
 * @param offset     where it starts in the piece space
 * @param piecesRoot BEP 52 merkle root, or null (v1, empty files, pads)
 */
record StoredFile(int index, List<String> path, Path location, long offset, long size, boolean pad,
                  byte[] piecesRoot) {

    long end() {
        return offset + size;
    }
}
