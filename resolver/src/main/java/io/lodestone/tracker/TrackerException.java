package io.lodestone.tracker;

/**
 * A tracker exchange that did not yield an answer. The message is one line, prefixed with
 * {@code "tracker: "}, and quotes at most a short, escaped piece of what the tracker sent, so it is
 * safe to show a user or write to a log.
 */
public final class TrackerException extends RuntimeException {

    /** What went wrong, so callers can tell a refusal (try another tracker) from an outage (back off). */
    public enum Kind {
        /** The tracker answered with a BEP 3 {@code failure reason} or a BEP 15 error packet. */
        REFUSED,
        /** The tracker answered, but not with anything we could read. */
        MALFORMED,
        /** No usable answer: connection, timeout, HTTP status, redirects. */
        TRANSPORT,
        /** The tracker URL itself cannot be used (scheme, syntax, not scrapable). */
        BAD_URL
    }

    static final String PREFIX = "tracker: ";

    private final Kind kind;

    public TrackerException(Kind kind, String reason) {
        super(PREFIX + TrackerText.oneLine(reason, TrackerText.MAX_REASON_CHARS));
        this.kind = kind;
    }

    public TrackerException(Kind kind, String reason, Throwable cause) {
        this(kind, reason);
        initCause(cause);
    }

    public Kind kind() {
        return kind;
    }

    /** The message without its prefix. */
    public String reason() {
        return getMessage().substring(PREFIX.length());
    }
}
