package io.lodestone.dht.lookup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lodestone.types.NodeId;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class IdsTest {

    private final SplittableRandom rnd = new SplittableRandom(5);

    @Test
    void aRandomIdInsideEachBucket() {
        for (int round = 0; round < 50; round++) {
            NodeId own = NodeId.random(rnd);
            for (int bits = 0; bits < NodeId.BITS; bits++) {
                assertThat(Ids.sharing(own, bits, rnd).commonPrefixBits(own)).isEqualTo(bits);
            }
        }
        assertThatThrownBy(() -> Ids.sharing(NodeId.random(rnd), NodeId.BITS, rnd))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void spreadTargetsCoverTheKeySpaceEvenly() {
        // the first 2^n points fall one in each of the 2^n equal slices
        for (int n = 1; n <= 10; n++) {
            Set<Integer> slices = new HashSet<>();
            for (long i = 0; i < (1L << n); i++) {
                byte[] b = Ids.spread(i, rnd).bytes();
                int top = ((b[0] & 0xff) << 8 | (b[1] & 0xff)) >>> (16 - n);
                slices.add(top);
            }
            assertThat(slices).hasSize(1 << n);
        }
    }
}
