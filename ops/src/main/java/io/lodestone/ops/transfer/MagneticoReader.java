package io.lodestone.ops.transfer;

import io.lodestone.metainfo.TorrentSummary.FileEntry;
import io.lodestone.types.InfoHash;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * Reads a magnetico database (SQLite): {@code torrents(id, info_hash BLOB, name, total_size,
 * discovered_on)} and {@code files(id, torrent_id, size, path)}, read-only. Rows stream in id order,
 * files joined by walking both tables in torrent order, so memory stays at one torrent's files.
 * magnetico keeps a file's path without the torrent's name; a single-file torrent has one file
 * whose path is the name.
 */
final class MagneticoReader implements AutoCloseable {
    /** Files kept per torrent; magnetico has no limit, the index shows at most this many. */
    static final int MAX_FILES = io.lodestone.index.store.SideCodec.MAX_BARE_FILES;

    /** One magnetico torrent, or the reason its row is refused. */
    record Row(long id, InfoHash hash, String name, long totalSize, Instant discoveredOn, List<FileEntry> files,
               io.lodestone.index.SwarmCounts swarm, String refused) {
    }

    private final Connection db;
    private final Statement torrentsQuery;
    private final Statement filesQuery;
    private final ResultSet torrents;
    private final ResultSet files;
    private boolean filesLeft;
    private final boolean swarmColumns;

    private MagneticoReader(Connection db) throws SQLException {
        this.db = db;
        this.torrentsQuery = db.createStatement();
        this.filesQuery = db.createStatement();
        // schema version 2 added tracker-less swarm counts (n_seeders, n_leechers, updated_on): kept when there
        this.swarmColumns = hasColumns(db, "n_seeders", "n_leechers", "updated_on");
        this.torrents = torrentsQuery.executeQuery("SELECT id, info_hash, name, total_size, discovered_on"
                + (swarmColumns ? ", n_seeders, n_leechers, updated_on" : "") + " FROM torrents ORDER BY id");
        this.files = filesQuery.executeQuery("SELECT torrent_id, size, path FROM files ORDER BY torrent_id, id");
        this.filesLeft = files.next();
    }

    /** Opens {@code file} read-only; {@link IllegalArgumentException} when it is not a magnetico database. */
    static MagneticoReader open(Path file) throws SQLException {
        Properties p = new Properties();
        p.setProperty("open_mode", "1"); // SQLITE_OPEN_READONLY: an import never changes the source
        Connection c = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath(), p);
        try {
            for (String table : List.of("torrents", "files")) {
                try (var st = c.prepareStatement("SELECT 1 FROM sqlite_master WHERE type='table' AND name=?")) {
                    st.setString(1, table);
                    try (ResultSet r = st.executeQuery()) {
                        if (!r.next()) {
                            throw new IllegalArgumentException(file + " is not a magnetico database (no table " + table + ")");
                        }
                    }
                }
            }
            return new MagneticoReader(c);
        } catch (SQLException | RuntimeException e) {
            c.close();
            throw e;
        }
    }

    static long count(Path file) throws SQLException {
        try (MagneticoReader r = open(file); Statement st = r.db.createStatement();
             ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM torrents")) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }

    /** The next torrent with its files, or null at the end. */
    Row next() throws SQLException {
        if (!torrents.next()) {
            return null;
        }
        long id = torrents.getLong(1);
        byte[] hash = torrents.getBytes(2);
        String name = torrents.getString(3);
        long size = torrents.getLong(4);
        long discovered = torrents.getLong(5);
        List<String> paths = new ArrayList<>();
        List<Long> sizes = new ArrayList<>();
        while (filesLeft && files.getLong(1) <= id) {
            if (files.getLong(1) == id && paths.size() < MAX_FILES) {
                paths.add(files.getString(3));
                sizes.add(files.getLong(2));
            }
            filesLeft = files.next();
        }
        String refused = refusal(hash, name, size, discovered, paths, sizes);
        if (refused != null) {
            return new Row(id, null, name, size, null, List.of(), null, refused);
        }
        return new Row(id, InfoHash.v1(hash), name, size, Instant.ofEpochSecond(discovered),
                shownFiles(name, paths, sizes), swarm(), null);
    }

    /** The row's swarm counts when the schema has them and they were set and sane, else none. */
    private io.lodestone.index.SwarmCounts swarm() throws SQLException {
        if (!swarmColumns) {
            return io.lodestone.index.SwarmCounts.NONE;
        }
        long seeders = torrents.getLong(6);
        long leechers = torrents.getLong(7);
        long updated = torrents.getLong(8);
        if (torrents.wasNull() || updated <= 0 || updated > 253_402_300_799L || seeders < 0 || leechers < 0
                || seeders > Integer.MAX_VALUE || leechers > Integer.MAX_VALUE) {
            return io.lodestone.index.SwarmCounts.NONE;
        }
        return new io.lodestone.index.SwarmCounts((int) seeders, (int) leechers, Instant.ofEpochSecond(updated), 0);
    }

    private static boolean hasColumns(Connection db, String... names) throws SQLException {
        java.util.Set<String> have = new java.util.HashSet<>();
        try (Statement st = db.createStatement(); ResultSet r = st.executeQuery("PRAGMA table_info(torrents)")) {
            while (r.next()) {
                have.add(r.getString("name"));
            }
        }
        return have.containsAll(List.of(names));
    }

    private static String refusal(byte[] hash, String name, long size, long discovered, List<String> paths,
                                  List<Long> sizes) {
        if (hash == null || hash.length != InfoHash.V1_LENGTH) {
            return "info_hash is not 20 bytes";
        }
        if (name == null || name.isBlank()) {
            return "no name";
        }
        if (size < 0 || discovered <= 0 || discovered > 253_402_300_799L) {
            return "total_size or discovered_on out of range";
        }
        for (int i = 0; i < paths.size(); i++) {
            if (paths.get(i) == null || paths.get(i).isEmpty() || sizes.get(i) < 0) {
                return "a file without path or with a negative size";
            }
        }
        return null;
    }

    /** Paths as the index shows them: where the file lands under a download directory. */
    static List<FileEntry> shownFiles(String name, List<String> paths, List<Long> sizes) {
        List<FileEntry> out = new ArrayList<>(paths.size());
        boolean single = paths.size() == 1 && paths.get(0).equals(name);
        for (int i = 0; i < paths.size(); i++) {
            out.add(new FileEntry(single ? name : name + "/" + paths.get(i), sizes.get(i)));
        }
        return out;
    }

    @Override
    public void close() throws SQLException {
        try {
            torrentsQuery.close();
            filesQuery.close();
        } finally {
            db.close();
        }
    }
}
