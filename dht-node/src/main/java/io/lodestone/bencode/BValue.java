package io.lodestone.bencode;

/**
 * A bencoded value. Values decoded from bytes remember the exact span they were read from, so a
 * hash over {@link #encoded()} is a hash over the bytes as received (an info dict's info-hash).
 */
public sealed interface BValue permits BString, BInt, BList, BDict {

    /** The encoded bytes: the span as received for a decoded value, canonical form otherwise. */
    byte[] encoded();

    /** Where a decoded value came from; {@code null} for values built in code. */
    Span span();

    /** A region of a source buffer. The buffer is shared, never copied, and never written to. */
    record Span(byte[] source, int offset, int length) {
        public byte[] copy() {
            return java.util.Arrays.copyOfRange(source, offset, offset + length);
        }
    }
}
