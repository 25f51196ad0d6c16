package io.lodestone.client.session;

import io.lodestone.client.DownloadManager;
import io.lodestone.client.DownloadStatus;
import io.lodestone.magnet.MagnetException;
import io.lodestone.magnet.MagnetUri;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Downloads started over HTTP: magnets and info-hashes only (a local .torrent path from a web
 * request would let callers read this machine's files), every one into the configured directory
 * under its torrent's name, each with the configured time limit. Finished downloads are
 * remembered for their status up to a bound. Thread-safe.
 */
public final class LocalDownloadManager implements DownloadManager {

    /** Downloads running at once; more is refused until one ends. */
    public static final int MAX_RUNNING = 32;
    /** Finished downloads kept for status queries; the oldest are forgotten first. */
    public static final int MAX_REMEMBERED = 256;
    static final int ID_BYTES = 8;

    private final DownloadServices services;
    private final Path directory;
    private final Duration timeout;
    private final boolean seedAfter;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Download> downloads = new LinkedHashMap<>();

    /**
     * @param directory where every download's files go
     * @param timeout   time each download has to complete
     * @param seedAfter keep serving completed downloads until cancelled
     */
    public LocalDownloadManager(DownloadServices services, Path directory, Duration timeout, boolean seedAfter) {
        this.services = Objects.requireNonNull(services, "services");
        this.directory = directory.toAbsolutePath().normalize();
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.seedAfter = seedAfter;
    }

    @Override
    public String start(String uri) {
        MagnetUri magnet;
        try {
            magnet = MagnetUri.parseAny(Objects.requireNonNull(uri, "uri"));
        } catch (MagnetException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        Download d;
        synchronized (this) {
            long running = downloads.values().stream().filter(x -> !x.finished().isDone()).count();
            if (running >= MAX_RUNNING) {
                throw new IllegalStateException(MAX_RUNNING + " downloads are running already");
            }
            forgetOldFinished();
            byte[] id = new byte[ID_BYTES];
            random.nextBytes(id);
            d = new Download(HexFormat.of().formatHex(id),
                    new DownloadRequest(magnet, null, directory, List.of(), List.of(), seedAfter, timeout), services);
            downloads.put(d.id(), d);
        }
        d.start();
        return d.id();
    }

    private void forgetOldFinished() {
        if (downloads.size() < MAX_REMEMBERED) {
            return;
        }
        downloads.values().stream().filter(x -> x.finished().isDone()).findFirst()
                .ifPresent(x -> downloads.remove(x.id()));
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
        }
        if (d == null) {
            return false;
        }
        d.cancel();
        return true;
    }

    /** Cancels every download and waits a little for each to close its files. */
    @Override
    public void close() {
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
