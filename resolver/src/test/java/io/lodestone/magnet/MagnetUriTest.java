package io.lodestone.magnet;

import io.lodestone.types.HostPort;
import io.lodestone.types.InfoHash;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MagnetUriTest {

    private static final String V1_HEX = "c12fe1c06bba254a9dc9f519b335aa7c1367a88a";
    /** RFC 4648 base32 of V1_HEX (computed independently of InfoHash). */
    private static final String V1_BASE32 = "YEX6DQDLXISUVHOJ6UM3GNNKPQJWPKEK";
    /** The hybrid test torrent of BEP 52 / libtorrent. */
    private static final String HYBRID_V1 = "631a31dd0a46257d5078c0dee4e66e26f73e42ac";
    private static final String HYBRID_V2 = "d8dd32ac93357c368556af3ac1d95c9d76bd0dff6fa9833ecdac3d53134efabb";
    private static final String V2_ONLY = "caf1e1c30e81cb361b9ee167c4aa64228a7fa4fa9f6105232b28ad099f3a302e";

    @Test
    void readsABep9Magnet() {
        MagnetUri m = MagnetUri.parse("magnet:?xt=urn:btih:" + V1_HEX + "&dn=Big+Buck+Bunny"
                + "&tr=udp%3A%2F%2Fexplodie.org%3A6969&tr=https%3A%2F%2Ftracker.example%2Fannounce%3Fk%3Da%2Bb"
                + "&x.pe=10.0.0.1%3A6881&x.pe=%5B2001%3Adb8%3A%3A1%5D%3A51413&ws=https%3A%2F%2Fseed.example%2Ffiles%2F");

        assertThat(m.infoHashV1()).isEqualTo(InfoHash.fromHex(V1_HEX));
        assertThat(m.infoHashV2()).isNull();
        assertThat(m.displayName()).isEqualTo("Big Buck Bunny");
        assertThat(m.trackers()).containsExactly("udp://explodie.org:6969", "https://tracker.example/announce?k=a+b");
        assertThat(m.peers()).containsExactly(new HostPort("10.0.0.1", 6881), new HostPort("2001:db8::1", 51413));
        assertThat(m.webSeeds()).containsExactly("https://seed.example/files/");
        assertThat(m.selectOnly()).isEmpty();
        assertThat(m.exactLength()).isNull();
        assertThat(m.dhtInfoHash()).isEqualTo(m.infoHashV1());
        assertThat(m.isHybrid()).isFalse();
    }

    @Test
    void base32AndUppercaseHexNameTheSameHash() {
        MagnetUri hex = MagnetUri.parse("magnet:?xt=urn:btih:" + V1_HEX);
        assertThat(MagnetUri.parse("magnet:?xt=urn:btih:" + V1_BASE32)).isEqualTo(hex);
        assertThat(MagnetUri.parse("magnet:?xt=urn:btih:" + V1_BASE32.toLowerCase())).isEqualTo(hex);
        assertThat(MagnetUri.parse("magnet:?xt=urn:btih:" + V1_HEX.toUpperCase())).isEqualTo(hex);
        // the same hash twice, in two spellings, is not a conflict
        assertThat(MagnetUri.parse("magnet:?xt=urn:btih:" + V1_HEX + "&xt=urn:btih:" + V1_BASE32)).isEqualTo(hex);
    }

    @Test
    void readsAV2OnlyMagnet() {
        MagnetUri m = MagnetUri.parse("magnet:?xt=urn:btmh:1220" + V2_ONLY + "&dn=bittorrent-v2-test");

        assertThat(m.infoHashV1()).isNull();
        assertThat(m.infoHashV2()).isEqualTo(InfoHash.fromHex(V2_ONLY));
        assertThat(m.dhtInfoHash()).isEqualTo(InfoHash.fromHex(V2_ONLY.substring(0, 40)));
        assertThat(m.toUri()).isEqualTo("magnet:?xt=urn:btmh:1220" + V2_ONLY + "&dn=bittorrent-v2-test");
    }

    @Test
    void readsTheBep52HybridMagnet() {
        MagnetUri m = MagnetUri.parse("magnet:?xt=urn:btih:" + HYBRID_V1 + "&xt=urn:btmh:1220" + HYBRID_V2
                + "&dn=bittorrent-v1-v2-hybrid-test");

        assertThat(m.isHybrid()).isTrue();
        assertThat(m.infoHashV1().hex()).isEqualTo(HYBRID_V1);
        assertThat(m.infoHashV2().hex()).isEqualTo(HYBRID_V2);
        assertThat(m.dhtInfoHash().hex()).isEqualTo(HYBRID_V1);
    }

    @Test
    void indexedParametersAndAnyCaseSchemeAndNames() {
        MagnetUri m = MagnetUri.parse("  MAGNET:?XT.1=URN:BTMH:1220" + HYBRID_V2.toUpperCase() + "&xt.2=urn:btih:" + HYBRID_V1
                + "&tr.1=http%3A%2F%2Fa.example%2Fannounce&tr.2=http%3A%2F%2Fb.example%2Fannounce&Dn=x\n");

        assertThat(m.isHybrid()).isTrue();
        assertThat(m.trackers()).containsExactly("http://a.example/announce", "http://b.example/announce");
        assertThat(m.displayName()).isEqualTo("x");
    }

    @Test
    void decodesUtf8NamesAndKeepsPlusInUrls() {
        MagnetUri m = MagnetUri.parse("magnet:?xt=urn:btih:" + V1_HEX + "&dn=%E6%97%A5%E6%9C%AC+%C3%A9t%C3%A9%2B1"
                + "&tr=http://t.example/a+b");
        assertThat(m.displayName()).isEqualTo("日本 été+1");
        assertThat(m.trackers()).containsExactly("http://t.example/a+b");
        // raw non-ASCII text, as browsers sometimes paste it, reads the same as its escapes
        assertThat(MagnetUri.parse("magnet:?xt=urn:btih:" + V1_HEX + "&dn=日本 été%2B1").displayName()).isEqualTo("日本 été+1");
    }

    @Test
    void selectOnlyExpandsRangesAndReencodesThem() {
        MagnetUri m = MagnetUri.parse("magnet:?xt=urn:btih:" + V1_HEX + "&so=0,2,4-6&so.1=6,9-10,12");
        assertThat(m.selectOnly()).containsExactly(0, 2, 4, 5, 6, 9, 10, 12);
        assertThat(m.toUri()).endsWith("&so=0,2,4-6,9-10,12");
    }

    @Test
    void exactLength() {
        assertThat(MagnetUri.parse("magnet:?xt=urn:btih:" + V1_HEX + "&xl=10826029").exactLength()).isEqualTo(10826029L);
        assertThat(MagnetUri.parse("magnet:?xt=urn:btih:" + V1_HEX + "&xl=7&xl=007").exactLength()).isEqualTo(7L);
    }

    @Test
    void duplicatesAreDroppedInOrderAndUnusableSchemesSkipped() {
        MagnetUri m = MagnetUri.parse("magnet:?xt=urn:btih:" + V1_HEX
                + "&tr=udp://b.example:1&tr=wss://tracker.openwebtorrent.com&tr=udp://a.example:1&tr=udp://b.example:1"
                + "&ws=ftp://mirror.example/f&ws=http://w.example/f&ws=http://w.example/f"
                + "&x.pe=1.2.3.4:5&x.pe=1.2.3.4:5");
        assertThat(m.trackers()).containsExactly("udp://b.example:1", "udp://a.example:1");
        assertThat(m.webSeeds()).containsExactly("http://w.example/f");
        assertThat(m.peers()).containsExactly(new HostPort("1.2.3.4", 5));
    }

    @Test
    void unknownParametersAndNamespacesBesideAUsableHashAreIgnored() {
        MagnetUri m = MagnetUri.parse("magnet:?xt=urn:ed2k:31D6CFE0D16AE931B73C59D7E0C089C0&xt=urn:btih:" + V1_HEX
                + "&as=http://x.example/f&kt=a+b&x.foo=%zz&&mt=&dn=");
        assertThat(m).isEqualTo(MagnetUri.of(InfoHash.fromHex(V1_HEX)));
    }

    @Test
    void canonicalFormIsExactAndReadsBackEqual() {
        MagnetUri m = MagnetUri.parse("magnet:?so=4-5,1&x.pe=[::1]:80&ws=http://w.example/a%2520b&tr=udp://t.example:80/announce"
                + "&xl=42&dn=a/b c&xt=urn:btmh:1220" + HYBRID_V2 + "&xt=urn:btih:" + HYBRID_V1.toUpperCase());

        assertThat(m.toUri()).isEqualTo("magnet:?xt=urn:btih:" + HYBRID_V1 + "&xt=urn:btmh:1220" + HYBRID_V2
                + "&dn=a%2Fb%20c&xl=42&tr=udp%3A%2F%2Ft.example%3A80%2Fannounce&ws=http%3A%2F%2Fw.example%2Fa%2520b"
                + "&x.pe=%5B%3A%3A1%5D%3A80&so=1,4-5");
        assertThat(MagnetUri.parse(m.toUri())).isEqualTo(m);
        assertThat(MagnetUri.parse(m.toUri()).toUri()).isEqualTo(m.toUri());
    }

    @Test
    void parseAnyTakesBareHashes() {
        assertThat(MagnetUri.parseAny(V1_HEX)).isEqualTo(MagnetUri.of(InfoHash.fromHex(V1_HEX)));
        assertThat(MagnetUri.parseAny(" " + V1_HEX.toUpperCase() + " ")).isEqualTo(MagnetUri.of(InfoHash.fromHex(V1_HEX)));
        assertThat(MagnetUri.parseAny(V1_BASE32)).isEqualTo(MagnetUri.of(InfoHash.fromHex(V1_HEX)));

        MagnetUri v2 = MagnetUri.parseAny(V2_ONLY);
        assertThat(v2.infoHashV1()).isNull();
        assertThat(v2.infoHashV2().hex()).isEqualTo(V2_ONLY);

        assertThat(MagnetUri.parseAny("magnet:?xt=urn:btih:" + V1_HEX + "&dn=x").displayName()).isEqualTo("x");
        assertThatThrownBy(() -> MagnetUri.parseAny(V1_HEX.substring(1)))
                .isInstanceOf(MagnetException.class)
                .hasMessageContaining("expected a magnet link, a v1 info-hash");
        assertThatThrownBy(() -> MagnetUri.parseAny("z".repeat(40))).isInstanceOf(MagnetException.class);
        assertThatThrownBy(() -> MagnetUri.parseAny(null)).isInstanceOf(MagnetException.class);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            http://example.com/                          | starting with 'magnet:?'
            magnet:xt=urn:btih:X                         | starting with 'magnet:?'
            magnet:?                                     | no xt=urn:btih: or xt=urn:btmh: info-hash
            magnet:?dn=x&tr=http://t.example/            | no xt=urn:btih: or xt=urn:btmh: info-hash
            magnet:?xt=urn:sha1:ABC&xt=urn:ed2k:31       | (only 'urn:sha1:', 'urn:ed2k:')
            magnet:?xt=urn:btih:c12fe1c06bba254a9dc9f519b335aa7c1367a88     | needs 40 hex or 32 base32 characters, got 39
            magnet:?xt=urn:btih:g12fe1c06bba254a9dc9f519b335aa7c1367a88a    | needs 40 hex or 32 base32 characters, got 'g12
            magnet:?xt=urn:btih:YEX6DQDLXISUVHOJ6UM3GNNKPQJWPKE1            | needs 40 hex or 32 base32 characters
            magnet:?xt=urn:btih:caf1e1c30e81cb361b9ee167c4aa64228a7fa4fa9f6105232b28ad099f3a302e | a v2 hash goes in xt=urn:btmh:1220
            magnet:?xt=urn:btih:                         | got 0
            magnet:?xt                                   | xt without a value
            magnet:?xt=                                  | xt without a value
            magnet:?xt=urn:btmh:1114c12fe1c06bba254a9dc9f519b335aa7c1367a88a | only SHA2-256 multihashes (1220...) are supported, got prefix '1114'
            magnet:?xt=urn:btmh:1220caf1e1c30e81cb361b9ee167c4aa64228a7fa4fa9f6105232b28ad099f3a302 | needs 1220 and 64 hex characters
            magnet:?xt=urn:btmh:caf1e1c30e81cb361b9ee167c4aa64228a7fa4fa9f6105232b28ad099f3a302e     | only SHA2-256 multihashes
            magnet:?xt=urn:btih:c12fe1c06bba254a9dc9f519b335aa7c1367a88a&xt=urn:btih:631a31dd0a46257d5078c0dee4e66e26f73e42ac | two different v1 info-hashes
            magnet:?xt=urn:btmh:1220caf1e1c30e81cb361b9ee167c4aa64228a7fa4fa9f6105232b28ad099f3a302e&xt=urn:btmh:1220d8dd32ac93357c368556af3ac1d95c9d76bd0dff6fa9833ecdac3d53134efabb | two different v2 info-hashes
            magnet:?xt=urn:btih:c12fe1c06bba254a9dc9f519b335aa7c1367a88a&dn=%zz      | dn has a bad % escape: '%zz'
            magnet:?xt=urn:btih:c12fe1c06bba254a9dc9f519b335aa7c1367a88a&dn=a%4      | dn has a bad % escape: '%4'
            magnet:?xt=urn:btih:c12fe1c06bba254a9dc9f519b335aa7c1367a88a&dn=%        | dn has a bad % escape
            magnet:?xt=urn:btih:c12fe1c06bba254a9dc9f519b335aa7c1367a88a&dn=%C3%28   | dn is not valid UTF-8
            magnet:?xt=urn:btih:c12fe1c06bba254a9dc9f519b335aa7c1367a88a&dn=%C0%AF   | dn is not valid UTF-8
            magnet:?xt=urn:btih:c12fe1c06bba254a9dc9f519b335aa7c1367a88a&dn=%ED%A0%80 | dn is not valid UTF-8
            magnet:?xt=urn:btih:c12fe1c06bba254a9dc9f519b335aa7c1367a88a&dn=a%0Ab    | dn contains control character U+000A
            magnet:?xt=urn:btih:c12fe1c06bba254a9dc9f519b335aa7c1367a88a&x%zz=1      | parameter name has a bad % escape
            magnet:?xt=urn:btih:c12fe1c06bba254a9dc9f519b335aa7c1367a88a&tr=not%20a%20url        | tr is not a URL
            magnet:?xt=urn:btih:c12fe1c06bba254a9dc9f519b335aa7c1367a88a&tr=tracker.example      | tr is not an absolute URL
            magnet:?xt=urn:btih:c12fe1c06bba254a9dc9f519b335aa7c1367a88a&tr=udp://t.example      | tr udp URL needs a port
            magnet:?xt=urn:btih:c12fe1c06bba254a9dc9f519b335aa7c1367a88a&tr=http:///announce     | tr URL has no host
            magnet:?xt=urn:btih:c12fe1c06bba254a9dc9f519b335aa7c1367a88a&tr=http:announce        | tr URL has no host
            magnet:?xt=urn:btih:c12fe1c06bba254a9dc9f519b335aa7c1367a88a&tr=http://h:99999/a     | tr URL has a bad port
            magnet:?xt=urn:btih:c12fe1c06bba254a9dc9f519b335aa7c1367a88a&tr                      | tr without a value
            magnet:?xt=urn:btih:c12fe1c06bba254a9dc9f519b335aa7c1367a88a&ws=http://              | ws
            magnet:?xt=urn:btih:c12fe1c06bba254a9dc9f519b335aa7c1367a88a&x.pe=1.2.3.4            | x.pe is not HOST:PORT or [IPV6]:PORT: '1.2.3.4'
            magnet:?xt=urn:btih:c12fe1c06bba254a9dc9f519b335aa7c1367a88a&x.pe=[::1]              | x.pe is not HOST:PORT
            magnet:?xt=urn:btih:c12fe1c06bba254a9dc9f519b335aa7c1367a88a&x.pe=h.example:0        | x.pe is not HOST:PORT
            magnet:?xt=urn:btih:c12fe1c06bba254a9dc9f519b335aa7c1367a88a&x.pe=[zz]:80            | x.pe is not HOST:PORT
            magnet:?xt=urn:btih:c12fe1c06bba254a9dc9f519b335aa7c1367a88a&x.pe=h_x:80             | x.pe is not HOST:PORT
            magnet:?xt=urn:btih:c12fe1c06bba254a9dc9f519b335aa7c1367a88a&so=1-                   | so must be file indices and ranges like 0,2,4-6
            magnet:?xt=urn:btih:c12fe1c06bba254a9dc9f519b335aa7c1367a88a&so=1,,2                 | so must be file indices
            magnet:?xt=urn:btih:c12fe1c06bba254a9dc9f519b335aa7c1367a88a&so=a                    | so must be file indices
            magnet:?xt=urn:btih:c12fe1c06bba254a9dc9f519b335aa7c1367a88a&so=-1                   | so must be file indices
            magnet:?xt=urn:btih:c12fe1c06bba254a9dc9f519b335aa7c1367a88a&so=1000000000           | so must be file indices
            magnet:?xt=urn:btih:c12fe1c06bba254a9dc9f519b335aa7c1367a88a&so=3-1                  | so range runs backwards: '3-1'
            magnet:?xt=urn:btih:c12fe1c06bba254a9dc9f519b335aa7c1367a88a&so=0-999999999          | so selects more than 100000 files
            magnet:?xt=urn:btih:c12fe1c06bba254a9dc9f519b335aa7c1367a88a&xl=-1                   | xl must be a byte count
            magnet:?xt=urn:btih:c12fe1c06bba254a9dc9f519b335aa7c1367a88a&xl=1e6                  | xl must be a byte count
            magnet:?xt=urn:btih:c12fe1c06bba254a9dc9f519b335aa7c1367a88a&xl=9999999999999999999  | xl is too large
            magnet:?xt=urn:btih:c12fe1c06bba254a9dc9f519b335aa7c1367a88a&xl=1&xl=2               | two different lengths (xl=1 and xl=2)
            """)
    void rejectsMalformedLinks(String uri, String reason) {
        assertThatThrownBy(() -> MagnetUri.parse(uri))
                .isInstanceOf(MagnetException.class)
                .hasMessageStartingWith("magnet: ")
                .hasMessageContaining(reason.strip())
                .message().doesNotContain("\n", "\r");
    }

    @Test
    void rejectsControlCharactersLoneSurrogatesAndNull() {
        String base = "magnet:?xt=urn:btih:" + V1_HEX;
        assertThatThrownBy(() -> MagnetUri.parse(base + "&dn=a\u0001b"))
                .isInstanceOf(MagnetException.class).hasMessageContaining("control character U+0001");
        assertThatThrownBy(() -> MagnetUri.parse(base + "&dn=a\uD800b"))
                .isInstanceOf(MagnetException.class).hasMessageContaining("lone UTF-16 surrogate");
        assertThatThrownBy(() -> MagnetUri.parse(base + "&dn=%41\uDC00"))
                .isInstanceOf(MagnetException.class).hasMessageContaining("lone UTF-16 surrogate");
        assertThatThrownBy(() -> MagnetUri.parse(null)).isInstanceOf(MagnetException.class);
    }

    @Test
    void enforcesCountAndLengthLimits() {
        StringBuilder many = new StringBuilder("magnet:?xt=urn:btih:" + V1_HEX);
        for (int i = 0; i <= MagnetUri.MAX_TRACKERS; i++) {
            many.append("&tr=udp://t").append(i).append(".example:1");
        }
        assertThatThrownBy(() -> MagnetUri.parse(many.toString()))
                .isInstanceOf(MagnetException.class).hasMessageContaining("more than 200 distinct tr URLs");

        StringBuilder peers = new StringBuilder("magnet:?xt=urn:btih:" + V1_HEX);
        for (int i = 0; i <= MagnetUri.MAX_PEERS; i++) {
            peers.append("&x.pe=10.0.").append(i / 250).append('.').append(i % 250).append(":1");
        }
        assertThatThrownBy(() -> MagnetUri.parse(peers.toString()))
                .isInstanceOf(MagnetException.class).hasMessageContaining("more than 200 distinct x.pe peers");

        String longName = "magnet:?xt=urn:btih:" + V1_HEX + "&dn=" + "a".repeat(MagnetUri.MAX_URI_LENGTH);
        assertThatThrownBy(() -> MagnetUri.parse(longName))
                .isInstanceOf(MagnetException.class).hasMessageContaining("over the limit of 65536");

        // fits as typed, but its escaped canonical form would not: refused so toUri() always reads back
        String wideName = "magnet:?xt=urn:btih:" + V1_HEX + "&dn=" + "日".repeat(10_000);
        assertThatThrownBy(() -> MagnetUri.parse(wideName))
                .isInstanceOf(MagnetException.class).hasMessageContaining("canonical form has 90064 characters, over the limit");
    }

    @Test
    void constructorValidatesAndNormalizes() {
        InfoHash h = InfoHash.fromHex(V1_HEX);
        MagnetUri m = new MagnetUri(h, null, "", List.of("http://a.example/", "http://a.example/"),
                List.of(new HostPort("1.2.3.4", 1)), null, new ArrayList<>(List.of(5, 1, 5)), 3L);
        assertThat(m.displayName()).isNull();
        assertThat(m.trackers()).containsExactly("http://a.example/");
        assertThat(m.webSeeds()).isEmpty();
        assertThat(m.selectOnly()).containsExactly(1, 5);
        assertThat(MagnetUri.parse(m.toUri())).isEqualTo(m);

        assertThatThrownBy(() -> new MagnetUri(null, null, null, null, null, null, null, null))
                .isInstanceOf(MagnetException.class).hasMessageContaining("needs a v1");
        assertThatThrownBy(() -> new MagnetUri(InfoHash.fromHex(V2_ONLY), null, null, null, null, null, null, null))
                .isInstanceOf(MagnetException.class).hasMessageContaining("a v1 info-hash has 20 bytes");
        assertThatThrownBy(() -> new MagnetUri(null, h, null, null, null, null, null, null))
                .isInstanceOf(MagnetException.class).hasMessageContaining("a v2 info-hash has 32 bytes");
        assertThatThrownBy(() -> new MagnetUri(h, null, null, List.of("wss://t.example/"), null, null, null, null))
                .isInstanceOf(MagnetException.class).hasMessageContaining("tr must be a http/https/udp URL");
        assertThatThrownBy(() -> new MagnetUri(h, null, null, null, List.of(new HostPort("a b", 1)), null, null, null))
                .isInstanceOf(MagnetException.class).hasMessageContaining("x.pe");
        assertThatThrownBy(() -> new MagnetUri(h, null, null, null, null, null, List.of(-1), null))
                .isInstanceOf(MagnetException.class).hasMessageContaining("so: file index -1");
        assertThatThrownBy(() -> new MagnetUri(h, null, null, null, null, null, null, -5L))
                .isInstanceOf(MagnetException.class).hasMessageContaining("xl must not be negative");
    }
}
