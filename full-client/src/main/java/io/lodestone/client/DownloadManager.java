package io.lodestone.client;

import java.util.Collection;
import java.util.Optional;

/** Downloads started over HTTP; the target directory is configured, never chosen by the caller. */
public interface DownloadManager extends AutoCloseable {

    /**
     * Starts downloading a magnet, hash or .torrent given by URI and returns its id at once.
     *
     * @throws IllegalArgumentException when the URI is malformed
     * @throws TooManyDownloadsException when the running downloads are at their cap
     */
    String start(String uri);

    /** Refused because as many downloads run as are allowed; try again once one ends. */
    final class TooManyDownloadsException extends RuntimeException {
        public TooManyDownloadsException(String reason) {
            super(reason, null, false, false);
        }
    }

    Optional<DownloadStatus> status(String id);

    Collection<DownloadStatus> all();

    /** Stops and forgets a download; its files stay. False when unknown. */
    boolean cancel(String id);

    @Override
    void close();
}
