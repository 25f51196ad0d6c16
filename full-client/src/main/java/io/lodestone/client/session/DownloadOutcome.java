package io.lodestone.client.session;

import io.lodestone.client.engine.TorrentStats;

/** How a download ended (or, with seeding, reached completion). */
public sealed interface DownloadOutcome {

    /** Every piece verified. */
    record Complete(TorrentStats stats) implements DownloadOutcome {
    }

    /** The time ran out before the metadata or the pieces were all in. */
    record TimedOut(String reason, TorrentStats stats) implements DownloadOutcome {
    }

    /** The torrent, its paths or the request were refused. */
    record BadInput(String reason) implements DownloadOutcome {
    }

    /** Something broke (disk full, a bug). */
    record Failed(String reason) implements DownloadOutcome {
    }

    record Cancelled() implements DownloadOutcome {
    }
}
