package io.lodestone.index.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lodestone.index.SwarmCounts;
import io.lodestone.metainfo.TorrentSummary.FileEntry;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SideCodecTest {
    @Test
    void swarmCountsAndFileListsRoundTrip() {
        SwarmCounts s = new SwarmCounts(12, 3, Instant.parse("2026-01-02T03:04:05.123456789Z"), 40);
        assertThat(SideCodec.decodeSwarm(SideCodec.encodeSwarm(s))).isEqualTo(s);
        assertThat(SideCodec.decodeSwarm(SideCodec.encodeSwarm(SwarmCounts.NONE))).isEqualTo(SwarmCounts.NONE);
        List<FileEntry> files = List.of(new FileEntry("näme/ü.txt", 0), new FileEntry("a/b", Long.MAX_VALUE));
        assertThat(SideCodec.decodeFiles(SideCodec.encodeFiles(files))).isEqualTo(files);
        assertThat(SideCodec.decodeFiles(SideCodec.encodeFiles(List.of()))).isEmpty();
    }

    @Test
    void dueKeysSortOldestFirstAndGiveBackTheKey() {
        byte[] key = new byte[20];
        key[0] = 9;
        byte[] never = SideCodec.dueKey(Instant.EPOCH, key);
        byte[] later = SideCodec.dueKey(Instant.ofEpochSecond(100), new byte[20]);
        assertThat(java.util.Arrays.compareUnsigned(never, later)).isNegative();
        assertThat(SideCodec.keyOfDue(never)).isEqualTo(key);
        assertThatThrownBy(() -> SideCodec.keyOfDue(new byte[9])).isInstanceOf(CorruptRecordException.class);
    }

    @Test
    void damagedBytesAreRefusedNeverCrash() {
        byte[] good = SideCodec.encodeFiles(List.of(new FileEntry("x/y", 5), new FileEntry("z", 6)));
        byte[] swarm = SideCodec.encodeSwarm(new SwarmCounts(1, 2, Instant.ofEpochSecond(5), 3));
        Random r = new Random(33);
        for (int i = 0; i < 20_000; i++) {
            for (byte[] base : List.of(good, swarm)) {
                byte[] b = java.util.Arrays.copyOf(base, r.nextInt(base.length + 4));
                for (int k = 0; k < 1 + r.nextInt(3) && b.length > 0; k++) {
                    b[r.nextInt(b.length)] = (byte) r.nextInt();
                }
                try {
                    if (base == good) {
                        SideCodec.decodeFiles(b);
                    } else {
                        SideCodec.decodeSwarm(b);
                    }
                } catch (CorruptRecordException expected) {
                    // refused with a reason: fine
                }
            }
        }
    }
}
