package io.lodestone.wire;

import io.lodestone.metainfo.MerkleTree;
import io.lodestone.metainfo.MetainfoLimits;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * BEP 52's hash messages: {@code hash request} (id 21), {@code hashes} (id 22) and
 * {@code hash reject} (id 23), with which peers fetch a v2 file's merkle hashes (a v2 magnet's info
 * dict carries no piece layers). They are not {@link PeerMessage} records: on the wire they arrive
 * as {@link PeerMessage.UnknownMessage} and {@link HashMessageCodec} turns them into these.
 *
 * <p>Layers are counted up from the leaves (16 KiB block hashes, layer 0); a file's piece layer is
 * {@code log2(piece length / 16 KiB)}. Every record checks its components against the BEP and the
 * named limits here, so one that exists can be encoded; arrays are copied in and out.
 */
public sealed interface HashMessage {

    int HASH_REQUEST = 21;
    int HASHES = 22;
    int HASH_REJECT = 23;

    /** SHA-256, as every node of a v2 merkle tree. */
    int HASH_LENGTH = MerkleTree.HASH_LENGTH;
    /** BEP 52: a request names at least two hashes (its length is a power of two). */
    int MIN_HASHES = 2;
    /**
     * Most hashes one request may name: libtorrent's cap (validate_hash_request refuses more than
     * 8192, "a piece size of 128MB"). BEP 52 asks requesters to stay at or under 512.
     */
    int MAX_HASHES = 8192;
    /**
     * Layers above the leaves in the tallest tree: a file of {@link MetainfoLimits#MAX_TOTAL_SIZE}
     * bytes (2^50) has 2^36 blocks of 16 KiB. No layer index, and no proof, reaches past it.
     */
    int MAX_TREE_HEIGHT = Long.numberOfTrailingZeros(MetainfoLimits.MAX_TOTAL_SIZE / MerkleTree.BLOCK_SIZE);

    /** The range this message asks for, answers or refuses; a request is its own. */
    HashRequest request();

    /**
     * Uncle hashes a {@code hashes} answer carries: one per proof layer, but the first
     * {@code log2(length) - 1} are left out, since the requested hashes themselves give those
     * layers (BEP 52; libtorrent counts {@code max(0, proofLayers - log2(length) + 1)}).
     */
    static int uncleCount(int proofLayers, int length) {
        return Math.max(0, proofLayers - Integer.numberOfTrailingZeros(length) + 1);
    }

    /**
     * {@code length} hashes of {@code baseLayer} from {@code index} on, in the tree whose root is
     * {@code piecesRoot}, and enough uncle hashes to anchor them {@code proofLayers} layers up.
     */
    record HashRequest(byte[] piecesRoot, int baseLayer, int index, int length, int proofLayers)
            implements HashMessage {

        public HashRequest {
            Objects.requireNonNull(piecesRoot, "piecesRoot");
            if (piecesRoot.length != HASH_LENGTH) {
                throw new WireFormatException("pieces root of " + piecesRoot.length + " bytes, not " + HASH_LENGTH);
            }
            if (baseLayer < 0 || baseLayer >= MAX_TREE_HEIGHT) {
                throw new WireFormatException("hash base layer " + Integer.toUnsignedString(baseLayer) + " outside 0.."
                        + (MAX_TREE_HEIGHT - 1));
            }
            if (length < MIN_HASHES || length > MAX_HASHES || Integer.bitCount(length) != 1) {
                throw new WireFormatException("hash count " + Integer.toUnsignedString(length)
                        + " is not a power of two in " + MIN_HASHES + ".." + MAX_HASHES);
            }
            // the widest layer of the tallest tree: 2^(height - base) nodes
            long layerWidth = 1L << (MAX_TREE_HEIGHT - baseLayer);
            if (index < 0 || index % length != 0 || (long) index + length > layerWidth) {
                throw new WireFormatException("hash range " + Integer.toUnsignedString(index) + "+" + length
                        + " is not aligned to its length or exceeds a layer of " + layerWidth + " hashes");
            }
            if (proofLayers < 0 || proofLayers >= MAX_TREE_HEIGHT - baseLayer) {
                throw new WireFormatException("hash proof layers " + Integer.toUnsignedString(proofLayers) + " outside 0.."
                        + (MAX_TREE_HEIGHT - baseLayer - 1) + " above base layer " + baseLayer);
            }
            piecesRoot = piecesRoot.clone();
        }

        @Override
        public byte[] piecesRoot() {
            return piecesRoot.clone();
        }

        /** Whether {@code root} is this request's pieces root. */
        public boolean isFor(byte[] root) {
            return Arrays.equals(piecesRoot, root);
        }

        @Override
        public HashRequest request() {
            return this;
        }

        /** Uncle hashes the answer carries after the {@code length} hashes. */
        public int uncleCount() {
            return HashMessage.uncleCount(proofLayers, length);
        }

        /**
         * The layer an answer's hashes and uncles hash up to: the requested hashes' own subtree
         * root, or the layer above the highest proof layer, whichever is higher.
         */
        public int topLayer() {
            return baseLayer + Math.max(Integer.numberOfTrailingZeros(length), proofLayers + 1);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof HashRequest r && r.baseLayer == baseLayer && r.index == index && r.length == length
                    && r.proofLayers == proofLayers && Arrays.equals(piecesRoot, r.piecesRoot);
        }

        @Override
        public int hashCode() {
            return Objects.hash(Arrays.hashCode(piecesRoot), baseLayer, index, length, proofLayers);
        }

        @Override
        public String toString() {
            return "HashRequest[root=" + shortHex(piecesRoot) + ", base=" + baseLayer + ", index=" + index
                    + ", length=" + length + ", proofLayers=" + proofLayers + "]";
        }
    }

    /**
     * The answer to {@code request}: its {@code length} hashes of the base layer, concatenated, then
     * its {@link HashRequest#uncleCount()} uncle hashes, the one nearest the base first.
     */
    record Hashes(HashRequest request, byte[] hashes, byte[] proof) implements HashMessage {

        public Hashes {
            Objects.requireNonNull(request, "request");
            Objects.requireNonNull(hashes, "hashes");
            Objects.requireNonNull(proof, "proof");
            if (hashes.length != request.length() * HASH_LENGTH) {
                throw new WireFormatException("hashes carries " + hashes.length + " bytes of base hashes, not "
                        + request.length() + " hashes of " + HASH_LENGTH);
            }
            if (proof.length != request.uncleCount() * HASH_LENGTH) {
                throw new WireFormatException("hashes carries " + proof.length + " bytes of uncle hashes, not "
                        + request.uncleCount() + " hashes of " + HASH_LENGTH + " for " + request.proofLayers()
                        + " proof layers");
            }
            hashes = hashes.clone();
            proof = proof.clone();
        }

        @Override
        public byte[] hashes() {
            return hashes.clone();
        }

        @Override
        public byte[] proof() {
            return proof.clone();
        }

        /** Hash {@code i} of the base layer slice, {@code 0 <= i < request().length()}. */
        public byte[] hash(int i) {
            Objects.checkIndex(i, request.length());
            return Arrays.copyOfRange(hashes, i * HASH_LENGTH, (i + 1) * HASH_LENGTH);
        }

        /** Uncle hash {@code i}, the one nearest the base layer being 0. */
        public byte[] uncle(int i) {
            Objects.checkIndex(i, request.uncleCount());
            return Arrays.copyOfRange(proof, i * HASH_LENGTH, (i + 1) * HASH_LENGTH);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Hashes h && h.request.equals(request) && Arrays.equals(hashes, h.hashes)
                    && Arrays.equals(proof, h.proof);
        }

        @Override
        public int hashCode() {
            return 31 * (31 * request.hashCode() + Arrays.hashCode(hashes)) + Arrays.hashCode(proof);
        }

        @Override
        public String toString() {
            return "Hashes[" + request + ", " + request.length() + " hashes, " + request.uncleCount() + " uncles]";
        }
    }

    /** The peer will not answer {@code request}; the same payload as the request. */
    record HashReject(HashRequest request) implements HashMessage {
        public HashReject {
            Objects.requireNonNull(request, "request");
        }
    }

    private static String shortHex(byte[] hash) {
        return HexFormat.of().formatHex(hash, 0, 8) + "...";
    }
}
