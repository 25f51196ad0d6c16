package io.lodestone.dht.krpc;

import static io.lodestone.dht.krpc.Krpc.AA;
import static io.lodestone.dht.krpc.Krpc.MNO_ID;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** BEP 33: DHT scrapes. The bloom filter on the BEP's own test vector, the estimate, and the wire form. */
class Bep33KrpcTest {

    /** The BEP's filter for 192.0.2.0 - 192.0.2.255 and 2001:DB8:: - 2001:DB8::3E7, inclusive. */
    static final String VECTOR = "F6C3F5EAA07FFD91BDE89F777F26FB2BFF37BDB8FB2BBAA2FD3DDDE7BACFFF75EE7CCBAE"
            + "FE5EEDB1FBFAFF67F6ABFF5E43DDBCA3FD9B9FFDF4FFD3E9DFF12D1BDF59DB53DBE9FA5B"
            + "7FF3B8FDFCDE1AFB8BEDD7BE2F3EE71EBBBFE93BCDEEFE148246C2BC5DBFF7E7EFDCF24F"
            + "D8DC7ADFFD8FFFDFDDFFF7A4BBEEDF5CB95CE81FC7FCFF1FF4FFFFDFE5F7FDCBB7FD79B3"
            + "FA1FC77BFE07FFF905B7B7FFC7FEFEFFE0B8370BB0CD3F5B7F2BD93FEB4386CFDD6F7FD5"
            + "BFAF2E9EBFFFFEECD67ADBF7C67F17EFD5D75EBA6FFEBA7FFF47A91EB1BFBB53E8ABFB57"
            + "62ABE8FF237279BFEFBFEEF5FFC5FEBFDFE5ADFFADFEE1FB737FFFFBFD9F6AEFFEEE76B6"
            + "FD8F72EF";

    @Test
    void theBepsTestVector() throws Exception {
        ScrapeBloom f = ScrapeBloom.EMPTY;
        for (int i = 0; i <= 255; i++) {
            f = f.with(InetAddress.getByAddress(new byte[] {(byte) 192, 0, 2, (byte) i}));
        }
        for (int i = 0; i <= 0x3E7; i++) {
            byte[] a = new byte[16];
            a[0] = 0x20;
            a[1] = 0x01;
            a[2] = 0x0D;
            a[3] = (byte) 0xB8;
            a[14] = (byte) (i >> 8);
            a[15] = (byte) i;
            f = f.with(InetAddress.getByAddress(a));
        }
        assertThat(HexFormat.of().withUpperCase().formatHex(f.bytes())).isEqualTo(VECTOR);
        // "For the 1256 inserted values the calculated estimate should be 1224.9308"
        assertThat(f.estimate()).isCloseTo(1224.9308, org.assertj.core.data.Offset.offset(0.0001));
        assertThat(ScrapeBloom.of(HexFormat.of().parseHex(VECTOR))).isEqualTo(f);
    }

    @Test
    void smallSetsCountExactlyAndUnionsDoNotCountTwice() throws Exception {
        assertThat(ScrapeBloom.EMPTY.count()).isZero();
        ScrapeBloom a = ScrapeBloom.EMPTY;
        for (int i = 1; i <= 10; i++) {
            a = a.with(InetAddress.getByName("127.0.0." + (i + 1)));
            assertThat(a.count()).as("%d addresses", i).isEqualTo(i);
        }
        ScrapeBloom b = ScrapeBloom.EMPTY.with(InetAddress.getByName("127.0.0.2"))
                .with(InetAddress.getByName("127.0.0.99"));
        assertThat(a.union(b).count()).isEqualTo(11);
        assertThat(a.mightContain(InetAddress.getByName("127.0.0.5"))).isTrue();
        assertThat(ScrapeBloom.EMPTY.mightContain(InetAddress.getByName("127.0.0.5"))).isFalse();
        // a saturated filter gives a large but finite estimate
        byte[] full = new byte[ScrapeBloom.BYTES];
        java.util.Arrays.fill(full, (byte) 0xff);
        assertThat(ScrapeBloom.of(full).estimate()).isFinite().isGreaterThan(6000);
        assertThatThrownBy(() -> ScrapeBloom.of(new byte[255])).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void scrapeQueryAndFiltersInTheAnswerRoundTrip() throws Exception {
        GetPeers q = new GetPeers(MNO_ID, Krpc.hash("11111111111111111111"), Optional.empty(), false, true);
        String wire = Krpc.encode(QueryMessage.of(AA, q));
        assertThat(wire).contains("6:scrapei1e");
        assertThat(Krpc.query(wire)).isEqualTo(q);

        ScrapeBloom seeds = ScrapeBloom.EMPTY.with(InetAddress.getByName("10.0.0.1"));
        ScrapeBloom peers = ScrapeBloom.EMPTY.with(InetAddress.getByName("10.0.0.2"))
                .with(InetAddress.getByName("10.0.0.3"));
        GetPeersResponse r = new GetPeersResponse(MNO_ID, Optional.empty(), List.of(), List.of(), List.of(),
                Optional.of(new ScrapeFilters(seeds, peers)));
        String answer = Krpc.encode(ResponseMessage.of(AA, r));
        assertThat(answer).contains("4:BFpe256:").contains("4:BFsd256:");
        GetPeersResponse back = (GetPeersResponse) ((ResponseMessage) Krpc.roundTrip(answer))
                .typed(QueryMethod.GET_PEERS);
        assertThat(back.scrape()).contains(new ScrapeFilters(seeds, peers));
        assertThat(back.scrape().orElseThrow().seeds().count()).isEqualTo(1);
        assertThat(back.scrape().orElseThrow().peers().count()).isEqualTo(2);
    }

    @Test
    void aFilterOfTheWrongSizeIsDroppedAndTheAnswerKept() {
        String bad = "d1:rd4:BFpe3:abc4:BFsd3:abc2:id20:mnopqrstuvwxyz1234565:nodes0:e1:t2:aa1:y1:re";
        GetPeersResponse r = (GetPeersResponse) Krpc.response(bad).typed(QueryMethod.GET_PEERS);
        assertThat(r.scrape()).isEmpty();
        assertThat(r.id()).isEqualTo(MNO_ID);
        String oneOnly = "d1:rd4:BFsd256:" + "x".repeat(256) + "2:id20:mnopqrstuvwxyz1234565:nodes0:e1:t2:aa1:y1:re";
        assertThat(((GetPeersResponse) Krpc.response(oneOnly).typed(QueryMethod.GET_PEERS)).scrape()).isEmpty();
    }
}
