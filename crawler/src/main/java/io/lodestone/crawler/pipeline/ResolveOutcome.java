package io.lodestone.crawler.pipeline;

import io.lodestone.resolve.ResolveResult;
import io.lodestone.types.InfoHash;
import java.util.List;
import java.util.Objects;

/** How one resolution attempt ended. */
public sealed interface ResolveOutcome {

    /**
     * Verified metadata.
     *
     * @param infoDict  the info dict exactly as received, verified against the hash asked for
     * @param otherKeys other DHT keys of the same torrent (a hybrid's second key), to stop chasing them
     */
    record Resolved(byte[] infoDict, List<InfoHash> otherKeys) implements ResolveOutcome {
        public Resolved {
            Objects.requireNonNull(infoDict, "infoDict");
            infoDict = infoDict.clone();
            otherKeys = List.copyOf(otherKeys);
        }

        @Override
        public byte[] infoDict() {
            return infoDict.clone();
        }
    }

    /** No metadata this time; {@code reason} is one line, {@code cause} its kind for the figures. */
    record Failed(String reason, ResolveResult.Cause cause) implements ResolveOutcome {
        public Failed {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(cause, "cause");
        }

        public Failed(String reason) {
            this(reason, ResolveResult.Cause.OTHER);
        }
    }
}
