package io.lodestone.ops.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lodestone.crawler.HarvestSource;
import io.lodestone.crawler.ResolvedTorrent;
import io.lodestone.crawler.harvest.Harvest;
import io.lodestone.index.content.BlockRule;
import io.lodestone.types.InfoHash;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FleetCodecTest {

    private static final InfoHash HASH = InfoHash.fromHex("0123456789abcdef0123456789abcdef01234567");

    @Test
    void catalogRecordRoundTripsWithTheInfoDictByteForByte() {
        byte[] info = "d4:name3:abc12:piece lengthi16384e6:pieces20:aaaaaaaaaaaaaaaaaaaae".getBytes();
        ResolvedTorrent t = new ResolvedTorrent(HASH, info, Instant.ofEpochMilli(1_000), Instant.ofEpochMilli(2_000), 7, 5);
        ResolvedTorrent back = FleetCodec.decodeCatalog(FleetCodec.hashKey(HASH), FleetCodec.encodeCatalog(t));
        assertThat(back.infoHash()).isEqualTo(HASH);
        assertThat(back.infoDict()).isEqualTo(info);
        assertThat(back.firstSeen()).isEqualTo(t.firstSeen());
        assertThat(back.resolvedAt()).isEqualTo(t.resolvedAt());
        assertThat(back.seenCount()).isEqualTo(7);
        assertThat(back.sources()).isEqualTo(5);
    }

    @Test
    void harvestRecordsRoundTripForEverySource() throws Exception {
        InetSocketAddress peer = new InetSocketAddress(InetAddress.getByName("127.0.0.2"), 6881);
        InetSocketAddress holder = new InetSocketAddress(InetAddress.getByName("::1"), 51413);
        Harvest a = FleetCodec.decodeHarvest(HASH.bytes(), FleetCodec.encodeHarvest(HarvestSource.ANNOUNCE, peer, null), 9);
        assertThat(a).isEqualTo(new Harvest(HASH, HarvestSource.ANNOUNCE, peer, 9, null));
        Harvest s = FleetCodec.decodeHarvest(HASH.bytes(), FleetCodec.encodeHarvest(HarvestSource.SAMPLE, null, holder), 9);
        assertThat(s).isEqualTo(new Harvest(HASH, HarvestSource.SAMPLE, null, 9, holder));
        Harvest g = FleetCodec.decodeHarvest(HASH.bytes(), FleetCodec.encodeHarvest(HarvestSource.GET_PEERS, null, null), 9);
        assertThat(g).isEqualTo(new Harvest(HASH, HarvestSource.GET_PEERS, null, 9, null));
    }

    @Test
    void blockKeysRoundTrip() {
        FleetCodec.BlockKey k = FleetCodec.decodeBlockKey(FleetCodec.blockKey(BlockRule.Kind.PATTERN, "a:b c"));
        assertThat(k).isEqualTo(new FleetCodec.BlockKey(BlockRule.Kind.PATTERN, "a:b c"));
        assertThatThrownBy(() -> FleetCodec.decodeBlockKey("nokind".getBytes())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> FleetCodec.decodeBlockKey("weird:x".getBytes())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void badRecordsAreRefusedWithIllegalArgumentOnly() {
        assertThatThrownBy(() -> FleetCodec.decodeCatalog(new byte[19], new byte[40])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> FleetCodec.decodeCatalog(HASH.bytes(), new byte[29])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> FleetCodec.decodeHarvest(HASH.bytes(), null, 0)).isInstanceOf(IllegalArgumentException.class);
        // a get_peers record that claims a peer: the harvest itself refuses the mix
        byte[] mixed = FleetCodec.encodeHarvest(HarvestSource.ANNOUNCE, new InetSocketAddress("127.0.0.1", 1), null);
        mixed[1] = (byte) HarvestSource.GET_PEERS.ordinal();
        assertThatThrownBy(() -> FleetCodec.decodeHarvest(HASH.bytes(), mixed, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    /** Seeded fuzzing: random and mutated records decode or throw IllegalArgumentException, nothing else. */
    @Test
    void fuzzedRecordsNeverThrowAnythingElse() {
        Random rnd = new Random(15);
        byte[] good = FleetCodec.encodeCatalog(new ResolvedTorrent(HASH, new byte[64], Instant.EPOCH, Instant.EPOCH, 1, 1));
        byte[] harvest = FleetCodec.encodeHarvest(HarvestSource.ANNOUNCE, new InetSocketAddress("127.0.0.1", 1), null);
        for (int i = 0; i < 20_000; i++) {
            byte[] c = mutate(rnd, good);
            byte[] h = mutate(rnd, harvest);
            byte[] key = rnd.nextInt(10) == 0 ? new byte[rnd.nextInt(40)] : HASH.bytes();
            try {
                FleetCodec.decodeCatalog(key, c);
            } catch (IllegalArgumentException expected) {
                // refused
            }
            try {
                FleetCodec.decodeHarvest(key, h, 0);
            } catch (IllegalArgumentException expected) {
                // refused
            }
            try {
                FleetCodec.decodeBlockKey(h);
            } catch (IllegalArgumentException expected) {
                // refused
            }
        }
    }

    private static byte[] mutate(Random rnd, byte[] base) {
        byte[] b = java.util.Arrays.copyOf(base, Math.max(0, base.length + rnd.nextInt(9) - 4));
        for (int j = rnd.nextInt(4); j > 0 && b.length > 0; j--) {
            b[rnd.nextInt(b.length)] = (byte) rnd.nextInt(256);
        }
        return b;
    }
}
