package io.lodestone.client.pex;

import io.lodestone.fuzz.ByteMutator;
import io.lodestone.wire.WireFormatException;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static io.lodestone.client.pex.Bep11PexTest.addr;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Seeded mutation fuzzing of the ut_pex decoder: whatever the bytes, it returns a message within
 * the limits that re-encodes to something decoding to the same message, or throws
 * {@link WireFormatException}; never anything else.
 */
class PexFuzzTest {

    private static final long SEED = 0x9e11_0b11L;
    private static final int INPUTS = 60_000;

    @Test
    void decoderOnlyEverAcceptsOrRejects() {
        List<byte[]> corpus = corpus();
        ByteMutator mutator = new ByteMutator("dle:0123456789i-".getBytes(StandardCharsets.US_ASCII), corpus, 8, 24);
        Random r = new Random(SEED);
        int parsed = 0;
        int rejected = 0;
        for (int i = 0; i < INPUTS; i++) {
            byte[] input = corpus.get(r.nextInt(corpus.size()));
            for (int k = 1 + r.nextInt(3); k > 0; k--) {
                input = mutator.mutate(input, r);
            }
            PexMessage m;
            try {
                m = PexCodec.decode(input);
            } catch (WireFormatException e) {
                assertThat(e.getMessage()).isNotBlank().doesNotContain("\n");
                rejected++;
                continue;
            }
            parsed++;
            long v4 = m.added().stream().filter(p -> PexMessage.isIpv4(p.address())).count();
            assertThat(v4).isLessThanOrEqualTo(PexCodec.MAX_ADDED);
            assertThat(m.added().size() - v4).isLessThanOrEqualTo(PexCodec.MAX_ADDED);
            assertThat(PexCodec.decode(PexCodec.encode(m))).isEqualTo(m);
        }
        assertThat(parsed).isGreaterThan(INPUTS / 20);
        assertThat(rejected).isGreaterThan(INPUTS / 20);
    }

    private static List<byte[]> corpus() {
        List<byte[]> out = new ArrayList<>();
        out.add(PexCodec.encode(PexMessage.EMPTY));
        out.add(PexCodec.encode(new PexMessage(List.of(new PexPeer(addr("1.2.3.4", 6881), 0x12)),
                List.of(addr("5.6.7.8", 80)))));
        out.add(PexCodec.encode(new PexMessage(List.of(new PexPeer(addr("2001:db8::7", 51413), 0x04),
                new PexPeer(addr("127.0.0.1", 1), 0)), List.of(addr("fe80::1", 9)))));
        List<PexPeer> many = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            many.add(new PexPeer(addr("10.9.8." + i, 1000 + i), i));
        }
        out.add(PexCodec.encode(new PexMessage(many, List.of())));
        out.add(Bep11PexTest.b("d5:added6:", Bep11PexTest.hex("01020304 1ae1"), "e"));
        return out;
    }
}
