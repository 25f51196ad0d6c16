package io.lodestone.ops.transfer;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/** Writes a database in magnetico's schema (its torrents and files tables), for import tests. */
public final class MagneticoFixture implements AutoCloseable {
    /** One file as magnetico keeps it: the path inside the torrent, without the torrent's name. */
    public record File(String path, long size) {
    }

    private final Connection db;
    private final PreparedStatement torrents;
    private final PreparedStatement files;

    private MagneticoFixture(Connection db) throws SQLException {
        this.db = db;
        db.setAutoCommit(false);
        try (Statement st = db.createStatement()) {
            st.execute("CREATE TABLE torrents (id INTEGER PRIMARY KEY, info_hash BLOB NOT NULL UNIQUE,"
                    + " name TEXT NOT NULL, total_size INTEGER NOT NULL CHECK(total_size > 0),"
                    + " discovered_on INTEGER NOT NULL CHECK(discovered_on > 0))");
            st.execute("CREATE TABLE files (id INTEGER PRIMARY KEY, torrent_id INTEGER REFERENCES torrents"
                    + " ON DELETE CASCADE ON UPDATE RESTRICT, size INTEGER NOT NULL, path TEXT NOT NULL)");
        }
        torrents = db.prepareStatement(
                "INSERT INTO torrents (id, info_hash, name, total_size, discovered_on) VALUES (?, ?, ?, ?, ?)");
        files = db.prepareStatement("INSERT INTO files (torrent_id, size, path) VALUES (?, ?, ?)");
    }

    public static MagneticoFixture create(Path file) throws SQLException {
        return new MagneticoFixture(DriverManager.getConnection("jdbc:sqlite:" + file));
    }

    public void add(long id, byte[] infoHash, String name, long totalSize, long discoveredOn, List<File> fileList)
            throws SQLException {
        torrents.setLong(1, id);
        torrents.setBytes(2, infoHash);
        torrents.setString(3, name);
        torrents.setLong(4, totalSize);
        torrents.setLong(5, discoveredOn);
        torrents.addBatch();
        for (File f : fileList) {
            files.setLong(1, id);
            files.setLong(2, f.size());
            files.setString(3, f.path());
            files.addBatch();
        }
    }

    /** Runs raw SQL (to plant bad rows). */
    public void execute(String sql) throws SQLException {
        flush();
        try (Statement st = db.createStatement()) {
            st.execute(sql);
        }
    }

    private void flush() throws SQLException {
        torrents.executeBatch();
        files.executeBatch();
    }

    @Override
    public void close() throws SQLException {
        try {
            flush();
            db.commit();
        } finally {
            db.close();
        }
    }
}
