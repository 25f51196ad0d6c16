package io.lodestone.wire;

/**
 * Bytes from a peer that are not a peer-wire message we accept, or a value that could not be put
 * on the wire. The only exception the decoders in this package throw, whatever the input.
 *
 * <p>It is an {@link IllegalArgumentException} so that the records, which validate their own
 * components, throw the same type whether a decoder or a caller built them. The message is one
 * printable line; no stack trace is captured, because hostile peers can make these as common as
 * valid messages.
 */
public final class WireFormatException extends IllegalArgumentException {

    /** Reasons may quote peer input: keep them short enough for one log line. */
    public static final int MAX_REASON_LENGTH = 200;

    public WireFormatException(String reason) {
        super(oneLine(reason));
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
        return this;
    }

    /** Control characters become '?', and long reasons are cut, so a reason is always one line. */
    static String oneLine(String reason) {
        String r = reason == null || reason.isBlank() ? "malformed" : reason;
        if (r.length() > MAX_REASON_LENGTH) {
            r = r.substring(0, MAX_REASON_LENGTH - 3) + "...";
        }
        StringBuilder out = new StringBuilder(r.length());
        r.chars().forEach(c -> out.append(Character.isISOControl(c) ? '?' : (char) c));
        return out.toString();
    }
}
