package io.lodestone.wire;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** BEP 20 Azureus-style peer ids. */
class PeerIdTest {

    @Test
    void idIsThePrefixAndTwelveRandomBytes() {
        byte[] id = PeerId.generate(new Random(5));

        assertThat(id).hasSize(20);
        assertThat(new String(id, 0, 8, StandardCharsets.US_ASCII)).isEqualTo("-LS0001-");
        assertThat(id).isEqualTo(PeerId.generate(new Random(5)));
        assertThat(Arrays.copyOfRange(id, 8, 20)).isNotEqualTo(Arrays.copyOfRange(PeerId.generate(new Random(6)), 8, 20));
    }

    @Test
    void freshIdsDiffer() {
        assertThat(PeerId.generate()).isNotEqualTo(PeerId.generate());
    }

    @Test
    void describeShowsTheClientAndTheRestInHex() {
        byte[] id = "-LS0001-".getBytes(StandardCharsets.US_ASCII);
        id = Arrays.copyOf(id, 20);
        id[19] = (byte) 0xff;

        assertThat(PeerId.describe(id)).isEqualTo("-LS0001-0000000000000000000000ff");
        assertThat(PeerId.describe(new byte[20])).isEqualTo("00".repeat(20));
    }
}
