package io.lodestone.index.classify;

import java.util.List;
import java.util.Objects;

/**
 * What the name says about the release; every field is null (or an empty list) when the name is silent.
 *
 * @param resolution   e.g. 2160p, 1080p, 720p, 480p
 * @param source       e.g. BluRay, WEB-DL, WEBRip, HDTV, DVD
 * @param videoCodec   e.g. H.264, H.265, AV1, XviD
 * @param seasonFrom   first season; with seasonTo for multi-season packs
 * @param seasonTo     last season (equal to seasonFrom for one season)
 * @param episodeFrom  first episode; null for a season pack
 * @param episodeTo    last episode (equal to episodeFrom for one episode)
 * @param absoluteEpisode the episode number counts from the series' start (anime style), not within a season
 * @param year         release year
 * @param languages    languages the name names
 * @param audio        audio formats the name names (AAC, AC3, DTS, FLAC, Atmos, …)
 */
public record MediaAttributes(String resolution, String source, String videoCodec,
                              Integer seasonFrom, Integer seasonTo, Integer episodeFrom, Integer episodeTo,
                              boolean absoluteEpisode, Integer year, List<String> languages, List<String> audio) {
    public MediaAttributes {
        languages = List.copyOf(Objects.requireNonNull(languages, "languages"));
        audio = List.copyOf(Objects.requireNonNull(audio, "audio"));
    }

    /** Season as written in the corpus: "3", "1-4" or null. */
    public String seasonLabel() {
        return range(seasonFrom, seasonTo);
    }

    /** Episode as written in the corpus: "5", "5-6", "a1087" for absolute numbering, or null. */
    public String episodeLabel() {
        String r = range(episodeFrom, episodeTo);
        return r != null && absoluteEpisode ? "a" + r : r;
    }

    private static String range(Integer from, Integer to) {
        if (from == null) {
            return null;
        }
        return to == null || to.equals(from) ? from.toString() : from + "-" + to;
    }
}
