package io.lodestone.crawler;

import io.lodestone.crawler.harvest.Harvest;
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

    /**
     * The crawler took {@code harvest} from its queue (the same instance that was queued).
     * {@code pending}: its hash now waits in this crawler for a resolution, and leaves only
     * through a batch written to the sink (resolved or abandoned); otherwise the harvest is done
     * with (already indexed, blocked, ignored, or no room).
     */
    default void onHarvestHandled(Harvest harvest, boolean pending) {
    }

    /** Both listeners, {@code first} first. */
    static OutcomeListener both(OutcomeListener first, OutcomeListener second) {
        return new OutcomeListener() {
            @Override
            public void onResolved(InfoHash infoHash) {
                first.onResolved(infoHash);
                second.onResolved(infoHash);
            }

            @Override
            public void onFailed(InfoHash infoHash) {
                first.onFailed(infoHash);
                second.onFailed(infoHash);
            }

            @Override
            public void onHarvestHandled(Harvest harvest, boolean pending) {
                first.onHarvestHandled(harvest, pending);
                second.onHarvestHandled(harvest, pending);
            }
        };
    }
}
