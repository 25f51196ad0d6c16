package io.lodestone.crawler;

import io.lodestone.types.InfoHash;

/**
 * Told how each of the crawl's resolve attempts ended, for figures kept outside the crawler (the
 * health page credits each outcome to the farm node that heard the hash). Called on the
 * crawler's thread: keep it short; what it throws is ignored.
 */
public interface OutcomeListener {

    /** Listens to nothing. */
    OutcomeListener NONE = new OutcomeListener() {
    };

    /** {@code infoHash} was resolved and goes to the index. */
    default void onResolved(InfoHash infoHash) {
    }

    /** An attempt at {@code infoHash} failed (it is retried later, or abandoned after the last). */
    default void onFailed(InfoHash infoHash) {
    }
}
