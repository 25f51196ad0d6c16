package io.lodestone.metainfo;

import io.lodestone.bencode.BDict;
import io.lodestone.bencode.BList;
import io.lodestone.bencode.BString;

import java.util.ArrayList;
import java.util.List;

/**
 * The BEP 3 file layout: {@code length} for a single file named by the torrent, or a {@code files}
 * list whose paths sit under the torrent name. Pad files (BEP 47) are kept and flagged.
 */
final class V1Files {
    private V1Files() {
    }

    /** BitComet's pad files predate BEP 47 and carry no attr; libtorrent knows them by this name. */
    private static final String BITCOMET_PAD_PREFIX = "_____padding_file_";

    /** The files with v1 offsets, in list order. */
    static List<TorrentFile> parse(BDict info, String name) {
        boolean hasFiles = info.get("files") != null;
        boolean hasLength = info.get("length") != null;
        if (hasFiles && hasLength) {
            throw new MetainfoException("info has both files and length");
        }
        if (!hasFiles && !hasLength) {
            throw new MetainfoException("info has neither files nor length");
        }
        if (hasLength) {
            long size = Fields.size(info, "length", "info");
            if (Fields.hasAttr(info, 'p', "info")) {
                throw new MetainfoException("info.attr marks the only file as a pad file");
            }
            return List.of(new TorrentFile(List.of(name), size, false, null, 0));
        }
        return list(Fields.required(info, "files", BList.class, "info"), name);
    }

    private static List<TorrentFile> list(BList files, String name) {
        if (files.size() == 0) {
            throw new MetainfoException("info.files is empty");
        }
        if (files.size() > MetainfoLimits.MAX_FILES) {
            throw new MetainfoException("info.files has " + files.size() + " files, more than the limit of "
                    + MetainfoLimits.MAX_FILES);
        }
        List<TorrentFile> out = new ArrayList<>(files.size());
        long offset = 0;
        for (int i = 0; i < files.size(); i++) {
            String where = "info.files[" + i + "]";
            BDict f = Fields.item(files, i, BDict.class, "info.files");
            long size = Fields.size(f, "length", where);
            List<String> path = path(f, name, where);
            boolean pad = Fields.hasAttr(f, 'p', where) || path.getLast().startsWith(BITCOMET_PAD_PREFIX);
            if (size > MetainfoLimits.MAX_TOTAL_SIZE - offset) {
                throw new MetainfoException("info.files add up to more than the limit of "
                        + MetainfoLimits.MAX_TOTAL_SIZE + " bytes");
            }
            out.add(new TorrentFile(path, size, pad, null, offset));
            offset += size;
        }
        return out;
    }

    /** The torrent name followed by path.utf-8 when all of it is UTF-8, else by path. */
    private static List<String> path(BDict f, String name, String where) {
        BList utf8 = Fields.optional(f, "path.utf-8", BList.class, where);
        BList plain = Fields.optional(f, "path", BList.class, where);
        BList chosen = plain;
        String key = "path";
        if (utf8 != null && (plain == null || allUtf8(utf8, where + ".path.utf-8"))) {
            chosen = utf8;
            key = "path.utf-8";
        }
        String at = where + "." + key;
        if (chosen == null) {
            throw new MetainfoException(where + ".path is missing");
        }
        if (chosen.size() == 0) {
            throw new MetainfoException(at + " is empty");
        }
        if (chosen.size() + 1 > MetainfoLimits.MAX_PATH_DEPTH) {
            throw new MetainfoException(at + " has " + chosen.size() + " elements, more than the limit of "
                    + (MetainfoLimits.MAX_PATH_DEPTH - 1));
        }
        List<String> path = new ArrayList<>(chosen.size() + 1);
        path.add(name);
        for (int i = 0; i < chosen.size(); i++) {
            path.add(SafePath.component(Fields.item(chosen, i, BString.class, at).bytes(), at));
        }
        return path;
    }

    private static boolean allUtf8(BList list, String where) {
        for (int i = 0; i < list.size(); i++) {
            if (!Fields.item(list, i, BString.class, where).isValidUtf8()) {
                return false;
            }
        }
        return true;
    }
}
