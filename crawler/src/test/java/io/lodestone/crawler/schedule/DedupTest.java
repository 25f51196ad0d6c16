package io.lodestone.crawler.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import io.lodestone.types.InfoHash;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DedupTest {

    static InfoHash random(SplittableRandom r) {
        byte[] b = new byte[20];
        r.nextBytes(b);
        return InfoHash.v1(b);
    }

    @Test
    void filterStaysBoundedAndRemembersAtLeastTheLatestHalf() {
        int capacity = 10_000;
        FingerprintFilter f = new FingerprintFilter(capacity, 42);
        SplittableRandom r = new SplittableRandom(1);
        InfoHash[] added = new InfoHash[35_000];
        for (int i = 0; i < added.length; i++) {
            added[i] = random(r);
            assertThat(f.add(added[i])).isTrue();
            assertThat(f.size()).isLessThanOrEqualTo(capacity);
        }
        for (int i = added.length - capacity / 2; i < added.length; i++) {
            assertThat(f.contains(added[i])).as("recent %d", i).isTrue();
        }
        assertThat(f.contains(added[0])).as("the oldest are forgotten").isFalse();
        assertThat(f.add(added[added.length - 1])).isFalse();
    }

    @Test
    void noFalsePositivesAmongManyUnseenHashes() {
        FingerprintFilter f = new FingerprintFilter(200_000, 7);
        SplittableRandom r = new SplittableRandom(2);
        for (int i = 0; i < 100_000; i++) {
            f.add(random(r));
        }
        int falsePositives = 0;
        SplittableRandom other = new SplittableRandom(3);
        for (int i = 0; i < 200_000; i++) {
            falsePositives += f.contains(random(other)) ? 1 : 0;
        }
        // 64-bit fingerprints: the expected count is about 1e-9
        assertThat(falsePositives).isZero();
    }

    @Test
    void hashesDifferingInAnyByteAreDistinct() {
        FingerprintFilter f = new FingerprintFilter(1_000, 9);
        byte[] base = new byte[20];
        f.add(InfoHash.v1(base));
        for (int i = 0; i < 20; i++) {
            byte[] b = base.clone();
            b[i] = 1;
            assertThat(f.contains(InfoHash.v1(b))).as("byte %d", i).isFalse();
        }
    }

    @Test
    void dedupSeparatesIndexedAliasesAndAbandoned() {
        Dedup d = new Dedup(100, 5);
        InfoHash a = InfoHash.fromHex("aa".repeat(20));
        InfoHash b = InfoHash.fromHex("bb".repeat(20));
        InfoHash c = InfoHash.fromHex("cc".repeat(20));
        InfoHash x = InfoHash.fromHex("dd".repeat(20));
        d.markIndexed(a);
        d.markAlias(b);
        d.markAbandoned(c);
        assertThat(d.lookup(a)).isEqualTo(Dedup.Known.INDEXED);
        assertThat(d.lookup(b)).isEqualTo(Dedup.Known.ALIAS);
        assertThat(d.lookup(c)).isEqualTo(Dedup.Known.ABANDONED);
        assertThat(d.lookup(x)).isEqualTo(Dedup.Known.UNKNOWN);
    }
}
