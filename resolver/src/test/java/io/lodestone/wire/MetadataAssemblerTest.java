package io.lodestone.wire;

import io.lodestone.bencode.BDict;
import io.lodestone.bencode.BencodeEncoder;
import io.lodestone.magnet.MagnetUri;
import io.lodestone.metainfo.Metainfo;
import io.lodestone.metainfo.MetainfoParser;
import io.lodestone.types.InfoHash;
import io.lodestone.wire.MetadataAssembler.Duplicate;
import io.lodestone.wire.MetadataAssembler.Outcome;
import io.lodestone.wire.MetadataAssembler.Rejected;
import io.lodestone.wire.MetadataAssembler.Stored;
import io.lodestone.wire.MetadataAssembler.Verified;
import io.lodestone.wire.MetadataAssembler.VerificationFailed;
import io.lodestone.wire.MetadataMessage.Data;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import static io.lodestone.wire.MetadataMessage.PIECE_SIZE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Assembling and verifying an info dict from ut_metadata pieces. */
class MetadataAssemblerTest {

    /** A real v1 info dict over 1 MiB: 60,000 pieces of 16 KiB, so 1.2 MB of piece hashes. */
    private static byte[] info;
    private static InfoHash v1;
    private static InfoHash v2;

    @BeforeAll
    static void buildInfoDict() throws Exception {
        int pieces = 60_000;
        byte[] hashes = new byte[pieces * 20];
        new Random(9).nextBytes(hashes);
        info = BencodeEncoder.encode(BDict.builder().put("length", (long) pieces * PIECE_SIZE).put("name", "big.bin")
                .put("piece length", PIECE_SIZE).put("pieces", hashes).build());
        v1 = InfoHash.v1(MessageDigest.getInstance("SHA-1").digest(info));
        v2 = InfoHash.v2(MessageDigest.getInstance("SHA-256").digest(info));
    }

    private static List<Data> pieces(byte[] metadata) {
        List<Data> out = new ArrayList<>();
        for (int i = 0; i < MetadataMessage.pieceCount(metadata.length); i++) {
            int from = i * PIECE_SIZE;
            out.add(new Data(i, metadata.length, Arrays.copyOfRange(metadata, from, Math.min(metadata.length, from + PIECE_SIZE))));
        }
        return out;
    }

    @Test
    void metadataOverOneMebibyteFromThreePeersInAnyOrderIsVerified() {
        assertThat(info.length).isGreaterThan(1 << 20);
        MetadataAssembler<String> a = new MetadataAssembler<>(v1, null, info.length, MetadataMessage.DEFAULT_MAX_METADATA_SIZE);
        List<Data> ps = pieces(info);
        Collections.shuffle(ps, new Random(1));
        String[] peers = {"peer-a", "peer-b", "peer-c"};

        Outcome<String> last = null;
        for (int i = 0; i < ps.size(); i++) {
            // through the wire codec, as a session would see them
            byte[] payload = MetadataCodec.encode(ps.get(i));
            Data d = (Data) MetadataCodec.decode(payload, (long) info.length, MetadataMessage.DEFAULT_MAX_METADATA_SIZE);
            last = a.accept(peers[i % 3], d);
            if (i < ps.size() - 1) {
                assertThat(last).isEqualTo(new Stored<String>(d.piece(), i + 1, ps.size()));
            }
        }

        assertThat(last).isInstanceOf(Verified.class);
        byte[] metadata = ((Verified<String>) last).metadata();
        assertThat(metadata).isEqualTo(info);
        Metainfo m = MetainfoParser.parseInfo(metadata);
        assertThat(m.infoHashV1()).isEqualTo(v1);
        assertThat(m.name()).isEqualTo("big.bin");
        assertThat(a.isVerified()).isTrue();
        assertThat(a.nextMissing(0)).isEqualTo(-1);
        assertThat(a.accept("peer-d", ps.getFirst())).isInstanceOf(Duplicate.class);
    }

    @Test
    void v2OnlyAndHybridMagnetsVerifyEveryHashTheyGive() {
        MetadataAssembler<String> v2Only = MetadataAssembler.forMagnet(MagnetUri.of(v2), info.length);
        assertThat(feedAll(v2Only, info, "p")).isInstanceOf(Verified.class);

        MagnetUri hybrid = new MagnetUri(v1, v2, null, List.of(), List.of(), List.of(), List.of(), null);
        assertThat(feedAll(MetadataAssembler.forMagnet(hybrid, info.length), info, "p")).isInstanceOf(Verified.class);

        // a magnet whose btmh names another torrent: the btih matches, but the whole magnet does not
        byte[] otherV2 = v2.bytes();
        otherV2[31] ^= 1;
        MagnetUri mixed = new MagnetUri(v1, InfoHash.v2(otherV2), null, List.of(), List.of(), List.of(), List.of(), null);
        assertThat(feedAll(MetadataAssembler.forMagnet(mixed, info.length), info, "p")).isInstanceOf(VerificationFailed.class);
    }

    @Test
    void aBareTwentyByteHashMatchesTheTruncatedV2HashAsTheDhtNamesV2Torrents() {
        InfoHash truncated = InfoHash.v1(java.util.Arrays.copyOf(v2.bytes(), InfoHash.V1_LENGTH));
        assertThat(feedAll(MetadataAssembler.forMagnet(MagnetUri.of(truncated), info.length), info, "p"))
                .isInstanceOf(Verified.class);
        assertThat(feedAll(MetadataAssembler.forMagnet(MagnetUri.of(v1), info.length), info, "p"))
                .isInstanceOf(Verified.class);
        // the other 12 bytes do not make a match, nor does a hash off by one bit
        byte[] tail = java.util.Arrays.copyOfRange(v2.bytes(), 12, 32);
        byte[] flipped = truncated.bytes();
        flipped[19] ^= 1;
        for (byte[] wrong : List.of(tail, flipped)) {
            assertThat(feedAll(MetadataAssembler.forMagnet(MagnetUri.of(InfoHash.v1(wrong)), info.length), info, "p"))
                    .isInstanceOf(VerificationFailed.class);
        }
    }

    @Test
    void corruptPieceFailsVerificationResetsAndNamesTheContributors() {
        MetadataAssembler<String> a = new MetadataAssembler<>(v1, null, info.length, MetadataMessage.DEFAULT_MAX_METADATA_SIZE);
        List<Data> ps = pieces(info);
        Outcome<String> last = null;
        for (Data d : ps) {
            byte[] bytes = d.data();
            String peer = d.piece() == 7 ? "liar" : (d.piece() < 40 ? "honest-1" : "honest-2");
            if (d.piece() == 7) {
                bytes[100] ^= 1;
            }
            last = a.accept(peer, d.piece(), bytes);
        }

        assertThat(last).isInstanceOf(VerificationFailed.class);
        assertThat(((VerificationFailed<String>) last).contributors()).containsExactly("honest-1", "liar", "honest-2");
        assertThat(a.received()).isZero();
        assertThat(a.nextMissing(0)).isZero();
        assertThat(a.has(7)).isFalse();
        assertThat(a.isVerified()).isFalse();

        // the good pieces after the reset make it whole
        assertThat(feedAll(a, info, "honest-3")).isInstanceOf(Verified.class);
    }

    @Test
    void singlePieceMetadata() {
        byte[] small = Arrays.copyOf(info, 5000);
        InfoHash h = sha1(small);
        MetadataAssembler<Integer> a = new MetadataAssembler<>(h, null, small.length, 1 << 20);

        assertThat(a.pieceCount()).isEqualTo(1);
        Outcome<Integer> out = a.accept(1, 0, small);
        assertThat(out).isInstanceOf(Verified.class);
        assertThat(((Verified<Integer>) out).metadata()).isEqualTo(small);
    }

    @Test
    void badPiecesAreRejectedAndNotKept() {
        int total = 3 * PIECE_SIZE + 10;
        MetadataAssembler<String> a = new MetadataAssembler<>(v1, null, total, MetadataMessage.DEFAULT_MAX_METADATA_SIZE);

        assertThat(a.accept("p", 4, new byte[10])).isEqualTo(new Rejected<String>("piece 4 outside 0..3"));
        assertThat(a.accept("p", -1, new byte[10])).isEqualTo(new Rejected<String>("piece -1 outside 0..3"));
        assertThat(a.accept("p", 3, new byte[11])).isEqualTo(new Rejected<String>("piece 3 has 11 bytes, not 10"));
        assertThat(a.accept("p", 0, new byte[PIECE_SIZE + 1]))
                .isEqualTo(new Rejected<String>("piece 0 has 16385 bytes, not 16384"));
        assertThat(a.accept("p", new Data(0, total + 1, new byte[PIECE_SIZE])))
                .isEqualTo(new Rejected<String>("total_size 49163 differs from metadata size 49162"));
        assertThat(a.received()).isZero();

        byte[] piece = new byte[PIECE_SIZE];
        assertThat(a.accept("p", 1, piece)).isEqualTo(new Stored<String>(1, 1, 4));
        assertThat(a.accept("q", 1, piece.clone())).isEqualTo(new Duplicate<String>(1));
        piece[0] = 1;
        assertThat(a.accept("q", 1, piece)).isEqualTo(new Rejected<String>("piece 1 differs from the copy already held"));
        assertThat(a.received()).isEqualTo(1);
        assertThat(a.has(1)).isTrue();
        assertThat(a.nextMissing(0)).isZero();
        assertThat(a.nextMissing(1)).isEqualTo(2);
    }

    @Test
    void sizeAboveTheLimitIsRefusedBeforeAllocating() {
        assertThatThrownBy(() -> new MetadataAssembler<String>(v1, null, MetadataMessage.DEFAULT_MAX_METADATA_SIZE + 1L,
                MetadataMessage.DEFAULT_MAX_METADATA_SIZE))
                .isInstanceOf(WireFormatException.class).hasMessage("metadata size 31457281 outside 1..31457280");
        assertThatThrownBy(() -> new MetadataAssembler<String>(v1, null, Long.MAX_VALUE, Integer.MAX_VALUE))
                .isInstanceOf(WireFormatException.class);
        assertThatThrownBy(() -> new MetadataAssembler<String>(v1, null, 0, 100)).isInstanceOf(WireFormatException.class);

        // at the limit, only the piece table exists until pieces arrive
        MetadataAssembler<String> atLimit = new MetadataAssembler<>(v1, null, MetadataMessage.DEFAULT_MAX_METADATA_SIZE,
                MetadataMessage.DEFAULT_MAX_METADATA_SIZE);
        assertThat(atLimit.pieceCount()).isEqualTo(1920);
        assertThat(atLimit.received()).isZero();
    }

    @Test
    void hashesMustBeOfTheRightKind() {
        assertThatThrownBy(() -> new MetadataAssembler<String>(null, null, 10, 100)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new MetadataAssembler<String>(v2, null, 10, 100)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new MetadataAssembler<String>(null, v2.truncated(), 10, 100))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static <P> Outcome<P> feedAll(MetadataAssembler<P> a, byte[] metadata, P peer) {
        Outcome<P> last = null;
        for (Data d : pieces(metadata)) {
            last = a.accept(peer, d);
        }
        return last;
    }

    private static InfoHash sha1(byte[] b) {
        try {
            return InfoHash.v1(MessageDigest.getInstance("SHA-1").digest(b));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
