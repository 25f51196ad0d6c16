package io.lodestone.dht.krpc;

import java.util.Optional;

/**
 * A datagram that is not a KRPC message we accept, or a response without the fields its query
 * needs. The only exception {@link KrpcCodec#decode} and {@link ResponseMessage#typed} throw for
 * any input.
 *
 * <p>It carries what the server needs to decide whether to answer: BEP 5 answers a malformed
 * query with error 203 when it can echo the transaction id, and everything else is dropped
 * silently (answering junk would make us a reflector). No stack trace is captured, because hostile
 * traffic can make these as common as valid messages.
 */
public final class KrpcFormatException extends RuntimeException {

    /** Reasons may quote input (a bad key) and may be sent back in an error: keep them short. */
    public static final int MAX_REASON_LENGTH = 160;

    private final transient Tid tid;
    private final boolean query;

    public KrpcFormatException(String reason, Tid tid, boolean query) {
        super(oneLine(reason), null, false, false);
        this.tid = tid;
        this.query = query;
    }

    /** Control characters from quoted input become '?', so a reason is always one printable line. */
    private static String oneLine(String reason) {
        String r = reason == null || reason.isBlank() ? "malformed" : reason;
        if (r.length() > MAX_REASON_LENGTH) {
            r = r.substring(0, MAX_REASON_LENGTH - 3) + "...";
        }
        StringBuilder out = new StringBuilder(r.length());
        r.chars().forEach(c -> out.append(Character.isISOControl(c) ? '?' : (char) c));
        return out.toString();
    }

    /** One line saying what was wrong, fit to send back in an error 203. */
    public String reason() {
        return getMessage();
    }

    /** The transaction id, when {@code t} could be read. */
    public Optional<Tid> tid() {
        return Optional.ofNullable(tid);
    }

    /** Whether {@code y} said "q". */
    public boolean isQuery() {
        return query;
    }

    /** A malformed query whose transaction id we know: answer it with {@link KrpcError#protocol}. */
    public boolean answerable() {
        return query && tid != null;
    }
}
