package io.lodestone.tracker;

import io.lodestone.types.InfoHash;

import java.util.List;
import java.util.Map;

/** One tracker protocol: blocking calls that return an answer or throw {@link TrackerException}. */
interface TrackerTransport {

    AnnounceResponse announce(String url, AnnounceRequest request);

    Map<InfoHash, ScrapeStats> scrape(String url, List<InfoHash> infoHashes);
}
