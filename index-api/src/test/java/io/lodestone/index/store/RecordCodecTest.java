package io.lodestone.index.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lodestone.crawler.PendingHash;
import io.lodestone.fuzz.ByteMutator;
import io.lodestone.types.InfoHash;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RecordCodecTest {
    private static final StoredTorrent TORRENT = new StoredTorrent(42, Instant.parse("2025-01-02T03:04:05.123456789Z"),
            Instant.parse("2025-01-02T03:05:00Z"), 9, 0b11, 123_456_789L, 3, "進撃の巨人 S01 [1080p]");

    @Test
    void torrentRecordsRoundTrip() {
        assertThat(RecordCodec.decodeTorrent(RecordCodec.encodeTorrent(TORRENT))).isEqualTo(TORRENT);
        StoredTorrent empty = new StoredTorrent(0, Instant.EPOCH, Instant.EPOCH, 0, 0, 0, 0, "");
        assertThat(RecordCodec.decodeTorrent(RecordCodec.encodeTorrent(empty))).isEqualTo(empty);
    }

    @Test
    void pendingRecordsRoundTrip() {
        byte[] hash = new byte[20];
        hash[0] = 7;
        PendingHash p = new PendingHash(InfoHash.v1(hash), Instant.parse("2025-01-02T03:04:05Z"), 12, 5, 2,
                Instant.parse("2025-01-02T04:00:00.5Z"));
        assertThat(RecordCodec.decodePending(hash, RecordCodec.encodePending(p))).isEqualTo(p);
    }

    @Test
    void sequenceKeysSortAsNumbers() {
        assertThat(Arrays.compareUnsigned(RecordCodec.sequenceKey(255), RecordCodec.sequenceKey(256))).isNegative();
        assertThat(RecordCodec.sequenceOf(RecordCodec.sequenceKey(1L << 40))).isEqualTo(1L << 40);
    }

    @Test
    void truncatedOrAlteredRecordsAreReportedNotMisread() {
        byte[] good = RecordCodec.encodeTorrent(TORRENT);
        for (int n = 0; n < good.length; n++) {
            byte[] cut = Arrays.copyOf(good, n);
            assertThatThrownBy(() -> RecordCodec.decodeTorrent(cut)).isInstanceOf(CorruptRecordException.class);
        }
        byte[] badFormat = good.clone();
        badFormat[0] = 9;
        assertThatThrownBy(() -> RecordCodec.decodeTorrent(badFormat)).isInstanceOf(CorruptRecordException.class);
        assertThatThrownBy(() -> RecordCodec.decodePending(new byte[20], new byte[3]))
                .isInstanceOf(CorruptRecordException.class);
        assertThatThrownBy(() -> RecordCodec.hashOf(new byte[7])).isInstanceOf(CorruptRecordException.class);
    }

    @Test
    void seededMutationsEitherDecodeOrFailCleanly() {
        byte[] good = RecordCodec.encodeTorrent(TORRENT);
        ByteMutator mutator = new ByteMutator(new byte[] {0, (byte) 0xff, 0x7f, (byte) 0x80}, List.of(good), 8, 8);
        Random rnd = new Random(11);
        for (int i = 0; i < 20_000; i++) {
            byte[] m = mutator.mutate(good, rnd);
            try {
                StoredTorrent t = RecordCodec.decodeTorrent(m);
                assertThat(t.name()).isNotNull();
            } catch (CorruptRecordException expected) {
                // the only acceptable failure
            }
        }
    }
}
