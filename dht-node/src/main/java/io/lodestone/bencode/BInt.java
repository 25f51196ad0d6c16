package io.lodestone.bencode;

/** A bencoded integer; values outside the range of a {@code long} are rejected by the decoder. */
public final class BInt implements BValue {
    private final long value;
    private final Span span;

    BInt(long value, Span span) {
        this.value = value;
        this.span = span;
    }

    public static BInt of(long value) {
        return new BInt(value, null);
    }

    public long value() {
        return value;
    }

    @Override
    public byte[] encoded() {
        return span != null ? span.copy() : BencodeEncoder.encode(this);
    }

    @Override
    public Span span() {
        return span;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BInt i && i.value == value;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(value);
    }

    @Override
    public String toString() {
        return Long.toString(value);
    }
}
