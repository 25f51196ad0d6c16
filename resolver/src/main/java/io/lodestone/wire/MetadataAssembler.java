package io.lodestone.wire;

import io.lodestone.magnet.MagnetUri;
import io.lodestone.types.InfoHash;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;

/**
 * Collects the ut_metadata pieces of one torrent's info dict, from one peer or many, and hands out
 * the bytes only once they hash to the info-hash: SHA-1 must equal the v1 hash ({@code btih}) and
 * SHA-256 the v2 hash ({@code btmh}); a hybrid magnet gives both and both must match, so the
 * result is the torrent the whole magnet names. A bare 20-byte hash also matches a v2 torrent
 * whose SHA-256 starts with it, since that is how the DHT names v2-only torrents. Pure state, no I/O, not thread-safe: confine it to
 * one thread or lock around it when peers share it.
 *
 * <p>Memory is bounded: a size above the limit is refused before anything is allocated, and
 * pieces are kept as they arrive, so a peer that only claims a large size costs nothing. When the
 * hash does not match, every piece is dropped and the peers that sent them are reported, so the
 * caller can ban them; the size stays, as it came from a handshake the caller chose to trust.
 *
 * @param <P> how the caller names a peer (an address, a connection id)
 */
public final class MetadataAssembler<P> {

    /** What one piece did. */
    public sealed interface Outcome<P> {
    }

    /** Kept; {@code received} of {@code pieceCount} pieces are in. */
    public record Stored<P>(int piece, int received, int pieceCount) implements Outcome<P> {
    }

    /** Already held with the same bytes, or the metadata is complete: nothing changed. */
    public record Duplicate<P>(int piece) implements Outcome<P> {
    }

    /** Not kept: out of range, wrong length, wrong total size, or other bytes than a piece held. */
    public record Rejected<P>(String reason) implements Outcome<P> {
    }

    /** Complete and hashes to every given info-hash: the exact info dict bytes (a copy). */
    public record Verified<P>(byte[] metadata) implements Outcome<P> {
        public Verified {
            metadata = metadata.clone();
        }

        @Override
        public byte[] metadata() {
            return metadata.clone();
        }
    }

    /**
     * Complete but the hash did not match; everything was dropped. These peers sent its pieces, in
     * piece order; at least one of them sent a bad one (with one piece, or one peer, exactly that).
     */
    public record VerificationFailed<P>(Set<P> contributors) implements Outcome<P> {
        public VerificationFailed {
            contributors = Collections.unmodifiableSet(new LinkedHashSet<>(contributors));
        }
    }

    private final InfoHash v1;
    private final InfoHash v2;
    private final int metadataSize;
    private final byte[][] pieces;
    private final Object[] sources;
    private int received;
    private boolean verified;

    /**
     * @param v1           the SHA-1 info-hash, 20 bytes, or null
     * @param v2           the full SHA-256 info-hash, 32 bytes, or null; not both null
     * @param metadataSize {@code metadata_size} from a peer's extension handshake
     */
    public MetadataAssembler(InfoHash v1, InfoHash v2, long metadataSize, int maxMetadataSize) {
        if (v1 == null && v2 == null) {
            throw new IllegalArgumentException("needs a v1 or a v2 info-hash to verify against");
        }
        if (v1 != null && v1.isV2()) {
            throw new IllegalArgumentException("the v1 info-hash has 20 bytes");
        }
        if (v2 != null && !v2.isV2()) {
            throw new IllegalArgumentException("the v2 info-hash has 32 bytes, not a truncated 20");
        }
        if (metadataSize < 1 || metadataSize > maxMetadataSize) {
            throw new WireFormatException("metadata size " + metadataSize + " outside 1.." + maxMetadataSize);
        }
        this.v1 = v1;
        this.v2 = v2;
        this.metadataSize = (int) metadataSize;
        int count = MetadataMessage.pieceCount(metadataSize);
        this.pieces = new byte[count][];
        this.sources = new Object[count];
    }

    /** For the hashes of a magnet, with the default size limit. */
    public static <P> MetadataAssembler<P> forMagnet(MagnetUri magnet, long metadataSize) {
        return new MetadataAssembler<>(magnet.infoHashV1(), magnet.infoHashV2(), metadataSize,
                MetadataMessage.DEFAULT_MAX_METADATA_SIZE);
    }

    public int metadataSize() {
        return metadataSize;
    }

    public int pieceCount() {
        return pieces.length;
    }

    public int received() {
        return received;
    }

    public boolean isVerified() {
        return verified;
    }

    public boolean has(int piece) {
        return verified || (piece >= 0 && piece < pieces.length && pieces[piece] != null);
    }

    /** The first piece at or after {@code from} still missing, or -1. */
    public int nextMissing(int from) {
        for (int i = Math.max(0, from); !verified && i < pieces.length; i++) {
            if (pieces[i] == null) {
                return i;
            }
        }
        return -1;
    }

    /** A decoded data message; its {@code total_size} must be this metadata's size. */
    public Outcome<P> accept(P peer, MetadataMessage.Data data) {
        if (data.totalSize() != metadataSize) {
            return new Rejected<>("total_size " + data.totalSize() + " differs from metadata size " + metadataSize);
        }
        return accept(peer, data.piece(), data.data());
    }

    /** {@code bytes} of {@code piece}, from {@code peer}. */
    public Outcome<P> accept(P peer, int piece, byte[] bytes) {
        Objects.requireNonNull(peer, "peer");
        if (piece < 0 || piece >= pieces.length) {
            return new Rejected<>("piece " + piece + " outside 0.." + (pieces.length - 1));
        }
        int expected = MetadataMessage.pieceLength(piece, metadataSize);
        if (bytes.length != expected) {
            return new Rejected<>("piece " + piece + " has " + bytes.length + " bytes, not " + expected);
        }
        if (verified) {
            return new Duplicate<>(piece);
        }
        if (pieces[piece] != null) {
            // one of the two senders lies; the hash check will tell which set of pieces is good
            return Arrays.equals(pieces[piece], bytes) ? new Duplicate<>(piece)
                    : new Rejected<>("piece " + piece + " differs from the copy already held");
        }
        pieces[piece] = bytes.clone();
        sources[piece] = peer;
        received++;
        return received < pieces.length ? new Stored<>(piece, received, pieces.length) : verify();
    }

    /** Drops every piece held. */
    public void reset() {
        Arrays.fill(pieces, null);
        Arrays.fill(sources, null);
        received = 0;
    }

    /** Hashes piece by piece, so a forgery costs no second copy; only verified bytes are joined. */
    private Outcome<P> verify() {
        if (v2 == null ? matchesV1OrTruncatedV2() : matches("SHA-1", v1) && matches("SHA-256", v2)) {
            byte[] all = new byte[metadataSize];
            for (int i = 0; i < pieces.length; i++) {
                System.arraycopy(pieces[i], 0, all, i * MetadataMessage.PIECE_SIZE, pieces[i].length);
            }
            reset();
            verified = true;
            return new Verified<>(all);
        }
        Set<P> contributors = new LinkedHashSet<>();
        for (Object s : sources) {
            @SuppressWarnings("unchecked") P p = (P) s;
            contributors.add(p);
        }
        reset();
        return new VerificationFailed<>(contributors);
    }

    /**
     * With only a 20-byte hash known, it may be a v1 hash or a v2 one truncated (BEP 52: the DHT and
     * the handshake carry v2 hashes truncated), so either digest may match it; both are collision
     * resistant at 160 bits.
     */
    private boolean matchesV1OrTruncatedV2() {
        try {
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            for (byte[] piece : pieces) {
                sha1.update(piece);
                sha256.update(piece);
            }
            byte[] expected = v1.bytes();
            return MessageDigest.isEqual(sha1.digest(), expected)
                    || MessageDigest.isEqual(java.util.Arrays.copyOf(sha256.digest(), InfoHash.V1_LENGTH), expected);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 and SHA-256 are required of every JDK", e);
        }
    }

    /** Whether the pieces, in order, hash to {@code expected}; true when there is nothing to check. */
    private boolean matches(String algorithm, InfoHash expected) {
        if (expected == null) {
            return true;
        }
        try {
            MessageDigest md = MessageDigest.getInstance(algorithm);
            for (byte[] piece : pieces) {
                md.update(piece);
            }
            return MessageDigest.isEqual(md.digest(), expected.bytes());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " is required of every JDK", e);
        }
    }
}
