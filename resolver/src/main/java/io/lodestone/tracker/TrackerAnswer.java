package io.lodestone.tracker;

import java.util.Objects;

/** The answer to an announce over an {@link AnnounceList}, and which tracker gave it. */
public record TrackerAnswer(String url, AnnounceResponse response) {
    public TrackerAnswer {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(response, "response");
    }
}
