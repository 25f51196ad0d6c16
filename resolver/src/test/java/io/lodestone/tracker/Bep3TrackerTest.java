package io.lodestone.tracker;

import io.lodestone.types.InfoHash;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;

import static io.lodestone.tracker.Wire.bytes;
import static io.lodestone.tracker.Wire.str;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** BEP 3 HTTP trackers: announce URLs, answers (both peer list forms), failures; BEP 48 scrape. */
class Bep3TrackerTest {

    private final HttpTrackerCodec codec = new HttpTrackerCodec(TrackerConfig.defaults());

    // ------------------------------------------------------------------ announce URLs

    @Test
    void announceUrlEncodesEveryByteOfHashAndPeerId() {
        var uri = HttpTrackerCodec.announceUri("http://tracker.example:6969/announce",
                Wire.request(AnnounceRequest.Event.STARTED, 50, 0xDEADBEEFL));
        assertThat(uri.toString()).isEqualTo("http://tracker.example:6969/announce?info_hash=" + Wire.HASH_ENCODED
                + "&peer_id=" + Wire.PEER_ID_ENCODED
                + "&port=6881&uploaded=1000&downloaded=2000&left=3000&compact=1&no_peer_id=1"
                + "&event=started&numwant=50&key=DEADBEEF");
        // the URI keeps the bytes as written; nothing is decoded or re-encoded on the way out
        assertThat(uri.getRawQuery()).contains("info_hash=" + Wire.HASH_ENCODED);
    }

    @Test
    void regularAnnounceLeavesOutEventNumwantAndKey() {
        var uri = HttpTrackerCodec.announceUri("https://t.example/announce",
                Wire.request(AnnounceRequest.Event.NONE, AnnounceRequest.DEFAULT_NUM_WANT, null));
        assertThat(uri.toString()).isEqualTo("https://t.example/announce?info_hash=" + Wire.HASH_ENCODED
                + "&peer_id=" + Wire.PEER_ID_ENCODED
                + "&port=6881&uploaded=1000&downloaded=2000&left=3000&compact=1&no_peer_id=1");
    }

    @ParameterizedTest
    @CsvSource({
            "http://t.example/announce.php?passkey=abc123, http://t.example/announce.php?passkey=abc123&",
            "http://t.example/announce?, http://t.example/announce?",
            "http://t.example/announce?a=1&, http://t.example/announce?a=1&",
            "http://t.example/announce#frag, http://t.example/announce?",
            "http://t.example/a?pk=x%20y#frag, http://t.example/a?pk=x%20y&",
            "HTTP://[::1]:8080/announce, HTTP://[::1]:8080/announce?"})
    void trackerQueryIsKeptAndOursAppended(String announce, String prefix) {
        var uri = HttpTrackerCodec.announceUri(announce, Wire.request(AnnounceRequest.Event.COMPLETED, 0, 1L));
        assertThat(uri.toString()).isEqualTo(prefix + "info_hash=" + Wire.HASH_ENCODED + "&peer_id="
                + Wire.PEER_ID_ENCODED + "&port=6881&uploaded=1000&downloaded=2000&left=3000&compact=1&no_peer_id=1"
                + "&event=completed&numwant=0&key=00000001");
    }

    @Test
    void stoppedEventAndV2HashTruncated() {
        InfoHash v2 = InfoHash.fromHex("d8dd32ac93357c368556af3ac1d95c9d76bd0dff6fa9833ecdac3d53134efabb");
        var r = new AnnounceRequest(v2, Wire.PEER_ID, 1, 0, 0, 0, AnnounceRequest.Event.STOPPED, -1, null);
        assertThat(r.infoHash()).isEqualTo(v2.truncated());
        assertThat(HttpTrackerCodec.announceUri("http://t.example/announce", r).toString())
                .contains("info_hash=%D8%DD2%AC%935%7C6%85V%AF%3A%C1%D9%5C%9Dv%BD%0D%FF&")
                .endsWith("&event=stopped");
    }

    @ParameterizedTest
    @ValueSource(strings = {"udp://t.example:80/announce", "ftp://t.example/announce", "t.example/announce",
            "http:///announce", "http://t.example/ann ounce", "mailto:a@b", ""})
    void unusableAnnounceUrlsAreBadUrls(String url) {
        assertThatThrownBy(() -> HttpTrackerCodec.announceUri(url, Wire.request(AnnounceRequest.Event.NONE, -1, null)))
                .isInstanceOfSatisfying(TrackerException.class,
                        e -> assertThat(e.kind()).isEqualTo(TrackerException.Kind.BAD_URL));
    }

    @Test
    void requestRejectsImpossibleValues() {
        assertThatThrownBy(() -> new AnnounceRequest(Wire.HASH, new byte[19], 1, 0, 0, 0,
                AnnounceRequest.Event.NONE, -1, null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new AnnounceRequest(Wire.HASH, Wire.PEER_ID, 65536, 0, 0, 0,
                AnnounceRequest.Event.NONE, -1, null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new AnnounceRequest(Wire.HASH, Wire.PEER_ID, 1, -1, 0, 0,
                AnnounceRequest.Event.NONE, -1, null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new AnnounceRequest(Wire.HASH, Wire.PEER_ID, 1, 0, 0, 0,
                AnnounceRequest.Event.NONE, -2, null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new AnnounceRequest(Wire.HASH, Wire.PEER_ID, 1, 0, 0, 0,
                AnnounceRequest.Event.NONE, -1, 1L << 32)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void requestCopiesThePeerId() {
        byte[] id = Wire.PEER_ID.clone();
        AnnounceRequest r = new AnnounceRequest(Wire.HASH, id, 1, 0, 0, 0, AnnounceRequest.Event.NONE, -1, null);
        id[0] = 'X';
        r.peerId()[1] = 'Y';
        assertThat(r.peerId()).isEqualTo(Wire.PEER_ID);
        assertThat(r).isEqualTo(new AnnounceRequest(Wire.HASH, Wire.PEER_ID, 1, 0, 0, 0,
                AnnounceRequest.Event.NONE, -1, null));
    }

    // ------------------------------------------------------------------ announce answers

    @Test
    void compactAnswerWithEveryOptionalKey() {
        byte[] body = bytes("d8:completei5e10:incompletei3e8:intervali1800e12:min intervali900e5:peers",
                str(Wire.hex("7f000001 1ae1 0a000002 c8d5")), "10:tracker id", str("T\u00e9-1"),
                "15:warning message", str("slow\ndown"), "e");
        AnnounceResponse r = codec.parseAnnounce(body);
        assertThat(r.interval()).isEqualTo(1800);
        assertThat(r.minInterval()).isEqualTo(900);
        assertThat(r.complete()).isEqualTo(5);
        assertThat(r.incomplete()).isEqualTo(3);
        assertThat(r.peers()).containsExactly(new InetSocketAddress("127.0.0.1", 6881),
                new InetSocketAddress("10.0.0.2", 51413));
        assertThat(r.trackerId()).isEqualTo("T\u00e9-1");
        assertThat(r.warning()).isEqualTo("slow?down");
    }

    @Test
    void dictionaryPeerListKeepsLiteralsAndSkipsNamesAndPortZero() {
        byte[] body = bytes("d8:intervali60e5:peersl",
                "d2:ip8:10.0.0.17:peer id20:AAAAAAAAAAAAAAAAAAAA4:porti6881ee",
                "d2:ip11:2001:db8::14:porti51413ee",
                "d2:ip15:tracker.example4:porti80ee", // a host name: never resolved
                "d2:ip7:1.2.3.x4:porti80ee", // not an address at all
                "d2:ip7:1.2.3.44:porti0ee",
                "d2:ip7:5.6.7.84:porti65536ee",
                "d2:ip15:::ffff:10.9.8.74:porti1ee",
                "ee");
        AnnounceResponse r = codec.parseAnnounce(body);
        assertThat(r.peers()).containsExactly(new InetSocketAddress("10.0.0.1", 6881),
                new InetSocketAddress("2001:db8::1", 51413), new InetSocketAddress("10.9.8.7", 1));
        assertThat(r.minInterval()).isNull();
        assertThat(r.complete()).isNull();
        assertThat(r.warning()).isNull();
        assertThat(r.trackerId()).isNull();
    }

    @Test
    void failureReasonIsARefusalWithTheTrackersWords() {
        byte[] body = bytes("d14:failure reason63:Requested download is not authorized for use with this tracker.e");
        assertThatThrownBy(() -> codec.parseAnnounce(body))
                .isInstanceOfSatisfying(TrackerException.class, e -> {
                    assertThat(e.kind()).isEqualTo(TrackerException.Kind.REFUSED);
                    assertThat(e.getMessage()).isEqualTo("tracker: failure reason: "
                            + "Requested download is not authorized for use with this tracker.");
                });
    }

    @Test
    void failureReasonWinsOverEverythingElseAndIsMadeOneLine() {
        byte[] body = bytes("d14:failure reason", str("bad\r\npasskey\u0007" + "x".repeat(1000)),
                "8:intervali1e5:peers0:e");
        assertThatThrownBy(() -> codec.parseAnnounce(body)).isInstanceOfSatisfying(TrackerException.class, e -> {
            assertThat(e.kind()).isEqualTo(TrackerException.Kind.REFUSED);
            assertThat(e.getMessage()).startsWith("tracker: failure reason: bad??passkey?xxx").doesNotContain("\n")
                    .hasSizeLessThan(TrackerText.MAX_REASON_CHARS + 20);
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "", "de", "le", "i1e", "d5:peers0:e", // no interval
            "d8:intervali-1ee", "d8:intervali2147483648ee", "d8:interval1:ae",
            "d8:intervali1e12:min intervali-5ee",
            "d8:intervali1e5:peersi3ee", "d8:intervali1e5:peers5:abcdee",
            "d8:intervali1e5:peersli1eee", "d8:intervali1e5:peersld2:ipi1e4:porti1eeee",
            "d8:intervali1e5:peersld4:porti1eeee", "d8:intervali1e6:peers6i1ee",
            "d8:intervali1e6:peers66:abcdefe", "d8:intervali1e10:tracker id0:e",
            "d8:intervali1e5:peers0:", "d8:intervali01ee"})
    void malformedAnswers(String body) {
        assertThatThrownBy(() -> codec.parseAnnounce(bytes(body)))
                .isInstanceOfSatisfying(TrackerException.class,
                        e -> assertThat(e.kind()).isEqualTo(TrackerException.Kind.MALFORMED));
    }

    @Test
    void impossibleSwarmCountsAreLeftOutNotFatal() {
        AnnounceResponse r = codec.parseAnnounce(bytes("d8:completei-1e10:incomplete1:x8:intervali0ee"));
        assertThat(r.complete()).isNull();
        assertThat(r.incomplete()).isNull();
        assertThat(r.interval()).isZero();
        assertThat(r.peers()).isEmpty();
    }

    // ------------------------------------------------------------------ lenient bencode

    @Test
    void unsortedKeysAndATrailingNewlineAreAcceptedWhenLenient() {
        byte[] body = bytes("d8:intervali30e8:completei1e5:peers6:", Wire.hex("7f0000011ae1"), "e\r\n");
        AnnounceResponse r = codec.parseAnnounce(body);
        assertThat(r.interval()).isEqualTo(30);
        assertThat(r.complete()).isEqualTo(1);
        assertThat(r.peers()).hasSize(1);

        HttpTrackerCodec strict = new HttpTrackerCodec(TrackerConfig.defaults().withLenientBencode(false));
        assertThatThrownBy(() -> strict.parseAnnounce(body)).isInstanceOfSatisfying(TrackerException.class,
                e -> assertThat(e.getMessage()).contains("not sorted"));
    }

    @Test
    void leniencyStillRejectsDuplicateKeysAndBadLeaves() {
        for (String body : List.of("d8:intervali30e8:intervali31ee", "d8:intervali30e8:completei01ee",
                "d8:intervali30e8:complete99:xe", "d8:intervali30ee junk", "d8:intervali30e1:a")) {
            assertThatThrownBy(() -> codec.parseAnnounce(bytes(body))).as(body)
                    .isInstanceOfSatisfying(TrackerException.class,
                            e -> assertThat(e.kind()).isEqualTo(TrackerException.Kind.MALFORMED));
        }
    }

    // ------------------------------------------------------------------ BEP 48 scrape

    @ParameterizedTest
    @CsvSource({
            "http://example.com/announce, http://example.com/scrape",
            "http://example.com/x/announce, http://example.com/x/scrape",
            "http://example.com/announce.php, http://example.com/scrape.php",
            "http://example.com/announce?x2%0644, http://example.com/scrape?x2%0644",
            "http://example.com/announce?x=2/4, http://example.com/scrape?x=2/4",
            "https://announce.example:443/announce#f, https://announce.example:443/scrape"})
    void bep48ScrapeUrls(String announce, String scrape) {
        assertThat(HttpTrackerCodec.scrapeUrl(announce)).isEqualTo(scrape);
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://example.com/a", "http://example.com/x%064announce", "http://example.com/",
            "http://example.com", "http://example.com/announce/x", "http://example.com/Announce"})
    void bep48NoScrapeUrl(String announce) {
        assertThatThrownBy(() -> HttpTrackerCodec.scrapeUrl(announce)).isInstanceOfSatisfying(TrackerException.class,
                e -> assertThat(e.kind()).isEqualTo(TrackerException.Kind.BAD_URL));
    }

    @Test
    void scrapeUriListsEveryHash() {
        InfoHash other = InfoHash.fromHex("ffffffffffffffffffffffffffffffffffffffff");
        assertThat(HttpTrackerCodec.scrapeUri("http://t.example/announce?pk=1", List.of(Wire.HASH, other)).toString())
                .isEqualTo("http://t.example/scrape?pk=1&info_hash=" + Wire.HASH_ENCODED
                        + "&info_hash=" + "%FF".repeat(20));
    }

    @Test
    void scrapeAnswer() {
        byte[] body = bytes("d5:filesd", str(new byte[20]), "d8:completei1ee", str(Wire.HASH.bytes()),
                "d8:completei5e10:downloadedi50e10:incompletei10eeee");
        Map<InfoHash, ScrapeStats> stats = codec.parseScrape(body);
        assertThat(stats).containsExactly(Map.entry(InfoHash.v1(new byte[20]), new ScrapeStats(1, 0, 0)),
                Map.entry(Wire.HASH, new ScrapeStats(5, 50, 10)));
    }

    @Test
    void scrapeFailuresAndGarbage() {
        assertThatThrownBy(() -> codec.parseScrape(bytes("d14:failure reason4:nopee")))
                .isInstanceOfSatisfying(TrackerException.class,
                        e -> assertThat(e.kind()).isEqualTo(TrackerException.Kind.REFUSED));
        for (String body : List.of("de", "d5:filesi1ee", "d5:filesd3:abcdeee", "d5:filesd20:aaaaaaaaaaaaaaaaaaaai1eee",
                "d5:filesd20:aaaaaaaaaaaaaaaaaaaad8:completei-1eeee")) {
            assertThatThrownBy(() -> codec.parseScrape(bytes(body))).as(body)
                    .isInstanceOfSatisfying(TrackerException.class,
                            e -> assertThat(e.kind()).isEqualTo(TrackerException.Kind.MALFORMED));
        }
    }
}
