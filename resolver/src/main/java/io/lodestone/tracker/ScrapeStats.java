package io.lodestone.tracker;

/**
 * One torrent's counts from a scrape (BEP 48 over HTTP, BEP 15 over UDP).
 *
 * @param complete   seeders
 * @param downloaded how many times the tracker saw the torrent completed
 * @param incomplete leechers
 */
public record ScrapeStats(int complete, int downloaded, int incomplete) {
    public ScrapeStats {
        if (complete < 0 || downloaded < 0 || incomplete < 0) {
            throw new IllegalArgumentException("scrape counts cannot be negative");
        }
    }
}
