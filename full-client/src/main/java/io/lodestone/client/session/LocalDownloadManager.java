package io.lodestone.client.session;

import io.lodestone.client.DownloadManager;
import io.lodestone.client.DownloadState;
import io.lodestone.client.DownloadStatus;
import io.lodestone.magnet.MagnetException;
import io.lodestone.magnet.MagnetUri;
import io.lodestone.metainfo.Metainfo;
import io.lodestone.metainfo.MetainfoException;
import io.lodestone.metainfo.MetainfoParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Downloads started over HTTP: magnets and info-hashes only (a local .torrent path from a web
 * request would let callers read this machine's files). Each download gets its own new folder
 * under the configured directory, named by its random id, so two downloads never share a file.
 * The running ones are capped ({@link TooManyDownloadsException}), their total size and the disk's
 * free space are checked once the metadata is known ({@link DownloadQuota}), and the list is kept
 * on disk ({@link DownloadList}): after a restart, unfinished downloads resume from what verifies
 * on disk and completed ones seed again when seeding is on. Finished downloads are remembered
 * for their status up to a bound. Thread-safe.
 */
public final class LocalDownloadManager implements DownloadManager {

    private static final Logger LOG = LoggerFactory.getLogger(LocalDownloadManager.class);
    /** Finished downloads kept for status queries; the oldest are forgotten first. */
    public static final int MAX_REMEMBERED = 256;
    static final int ID_BYTES = 8;

    private final DownloadServices services;
    private final DownloadsConfig config;
    private final Path directory;
    private final DownloadList list;
    private final DownloadQuota quota;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Download> downloads = new LinkedHashMap<>();
    private final Map<String, MagnetUri> magnets = new HashMap<>();
    private volatile boolean closing;

    /**
     * @param dataDir the index's directory: the download directory may neither be it, lie inside
     *                it nor contain it (a torrent could otherwise overwrite the index)
     * @throws IllegalArgumentException when the directories overlap
     */
    public LocalDownloadManager(DownloadServices services, DownloadsConfig config, Path dataDir) throws IOException {
        this.services = Objects.requireNonNull(services, "services");
        this.config = config;
        Files.createDirectories(config.directory());
        this.directory = config.directory().toRealPath();
        if (dataDir != null) {
            Files.createDirectories(dataDir);
            Path data = dataDir.toRealPath();
            if (directory.startsWith(data) || data.startsWith(directory)) {
                throw new IllegalArgumentException("the download directory " + directory
                        + " overlaps the data directory " + data + "; give them separate places");
            }
        }
        this.list = config.stateDir() == null ? null : DownloadList.open(config.stateDir());
        this.quota = new DownloadQuota(directory, config.maxTotalBytes(), config.minFreeBytes());
    }

    /** Starts again every download the list remembers; returns how many. */
    public int resumeAll() {
        if (list == null) {
            return 0;
        }
        int n = 0;
        for (DownloadList.Entry e : list.entries()) {
            if (e.complete() && !config.seedAfter()) {
                continue;
            }
            try {
                MagnetUri magnet = MagnetUri.parseAny(e.uri());
                Metainfo meta = null;
                byte[] torrent = list.metadata(e.id());
                if (torrent != null) {
                    meta = MetainfoParser.parseTorrent(torrent);
                }
                Path folder = directory.resolve(e.id());
                if (Files.isSymbolicLink(folder)) {
                    throw new IOException(folder + " is a symbolic link");
                }
                Files.createDirectories(folder);
                launch(e.id(), magnet, meta, folder);
                n++;
            } catch (MagnetException | MetainfoException | IOException | IllegalArgumentException ex) {
                LOG.warn("cannot resume download {}: {}", e.id(), ex.toString());
            }
        }
        return n;
    }

    @Override
    public String start(String uri) {
        MagnetUri magnet;
        try {
            magnet = MagnetUri.parseAny(Objects.requireNonNull(uri, "uri"));
        } catch (MagnetException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        String id;
        Path folder;
        synchronized (this) {
            long running = downloads.values().stream().filter(x -> !x.finished().isDone()).count();
            if (running >= config.maxRunning()) {
                throw new TooManyDownloadsException(config.maxRunning() + " downloads are running already");
            }
            byte[] raw = new byte[ID_BYTES];
            random.nextBytes(raw);
            id = HexFormat.of().formatHex(raw);
            folder = directory.resolve(id);
            try {
                Files.createDirectory(folder); // exclusive: a folder that exists is not ours
                if (list != null) {
                    list.put(new DownloadList.Entry(id, false, magnet.toUri()));
                }
            } catch (IOException e) {
                throw new IllegalStateException("cannot create the download's folder: " + e.getMessage(), e);
            }
        }
        launch(id, magnet, null, folder);
        return id;
    }

    private void launch(String id, MagnetUri magnet, Metainfo meta, Path folder) {
        List<java.net.InetSocketAddress> peers = new ArrayList<>();
        magnet.peers().forEach(hp -> {
            if (hp.isLiteral()) {
                peers.add(hp.toSocketAddress());
            }
        });
        DownloadRequest request = meta == null
                ? new DownloadRequest(magnet, null, folder, List.of(), List.of(), config.seedAfter(), config.timeout())
                : new DownloadRequest(null, meta, folder, peers, magnet.trackers(), config.seedAfter(), config.timeout());
        Download d = new Download(id, request, services, hooks(id, magnet));
        synchronized (this) {
            forgetOldFinished();
            downloads.put(id, d);
            magnets.put(id, magnet);
        }
        d.finished().thenRun(() -> ended(d));
        d.start();
    }

    private Download.Hooks hooks(String id, MagnetUri magnet) {
        return new Download.Hooks() {
            @Override
            public String admit(Metainfo meta) {
                String refusal = quota.admit(id, meta.totalSize(), directory.resolve(id));
                if (refusal == null && list != null) {
                    try {
                        list.saveMetadata(id, meta);
                    } catch (IOException e) {
                        LOG.warn("download {}: cannot keep its metadata for a restart: {}", id, e.toString());
                    }
                }
                return refusal;
            }

            @Override
            public void completed() {
                if (list == null) {
                    return;
                }
                try {
                    if (config.seedAfter()) {
                        list.put(new DownloadList.Entry(id, true, magnet.toUri()));
                    } else {
                        list.remove(id);
                    }
                } catch (IOException e) {
                    LOG.warn("download {}: cannot update the download list: {}", id, e.toString());
                }
            }
        };
    }

    /** A download stopped: unless the server is shutting down, it leaves the list (and the quota). */
    private void ended(Download d) {
        if (closing) {
            return;
        }
        DownloadState s = d.state();
        boolean keep = s == DownloadState.COMPLETE && config.seedAfter() && !d.cancelledByUser();
        if (!keep) {
            forget(d.id());
        }
    }

    private void forget(String id) {
        quota.release(id);
        if (list != null) {
            try {
                list.remove(id);
            } catch (IOException e) {
                LOG.warn("download {}: cannot update the download list: {}", id, e.toString());
            }
        }
    }

    private void forgetOldFinished() {
        if (downloads.size() < MAX_REMEMBERED) {
            return;
        }
        downloads.values().stream().filter(x -> x.finished().isDone()).findFirst()
                .ifPresent(x -> {
                    downloads.remove(x.id());
                    magnets.remove(x.id());
                });
    }

    @Override
    public synchronized Optional<DownloadStatus> status(String id) {
        Download d = downloads.get(id);
        return d == null ? Optional.empty() : Optional.of(d.status());
    }

    @Override
    public synchronized Collection<DownloadStatus> all() {
        List<DownloadStatus> out = new ArrayList<>();
        downloads.values().forEach(d -> out.add(d.status()));
        return out;
    }

    @Override
    public boolean cancel(String id) {
        Download d;
        synchronized (this) {
            d = downloads.remove(id);
            magnets.remove(id);
        }
        if (d == null) {
            return false;
        }
        d.cancelByUser();
        forget(id); // at once: a restart right now must not bring it back
        return true;
    }

    /**
     * Stops every download for a shutdown and waits a little for each to close its files; the
     * list on disk keeps them, so the next start resumes them.
     */
    @Override
    public void close() {
        closing = true;
        List<Download> all;
        synchronized (this) {
            all = new ArrayList<>(downloads.values());
            downloads.clear();
        }
        all.forEach(Download::cancel);
        for (Download d : all) {
            try {
                d.finished().get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                // closing anyway; a stuck download's files are closed with the process
            }
        }
    }
}
