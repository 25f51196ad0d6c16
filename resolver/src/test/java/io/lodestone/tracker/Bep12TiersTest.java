package io.lodestone.tracker;

import io.lodestone.time.VirtualClock;
import io.lodestone.types.InfoHash;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** BEP 12 tiers over the facade, with scripted transports: order, promotion, backoff, routing. */
class Bep12TiersTest {

    private static final AnnounceResponse ANSWER = new AnnounceResponse(60, null, List.of(), null, null, null, null);

    private final VirtualClock clock = new VirtualClock();
    private final Script http = new Script();
    private final Script udp = new Script();
    private final TrackerClient client = new TrackerClient(TrackerConfig.defaults()
            .withBackoff(Duration.ofSeconds(30), Duration.ofMinutes(4)), clock, http, udp);
    private final AnnounceRequest request = Wire.request(AnnounceRequest.Event.NONE, -1, null);

    /** A transport that answers, refuses or fails per URL, and records what was asked. */
    private static final class Script implements TrackerTransport {
        final Map<String, TrackerException.Kind> failures = new HashMap<>();
        final List<String> calls = new ArrayList<>();

        @Override
        public AnnounceResponse announce(String url, AnnounceRequest r) {
            calls.add(url);
            TrackerException.Kind k = failures.get(url);
            if (k != null) {
                throw new TrackerException(k, k + " from " + url);
            }
            return ANSWER;
        }

        @Override
        public Map<InfoHash, ScrapeStats> scrape(String url, List<InfoHash> infoHashes) {
            calls.add("scrape " + url);
            return Map.of(infoHashes.get(0), new ScrapeStats(1, 2, 3));
        }
    }

    @Test
    void routesBySchemeCaseInsensitively() {
        client.announce("HTTP://a/announce", request);
        client.announce("https://b/announce", request);
        client.announce("Udp://c:1", request);
        client.scrape("udp://d:1", List.of(Wire.HASH));
        assertThat(http.calls).containsExactly("HTTP://a/announce", "https://b/announce");
        assertThat(udp.calls).containsExactly("Udp://c:1", "scrape udp://d:1");
        for (String bad : List.of("wss://tracker.example/announce", "tracker.example:80", "")) {
            assertThatThrownBy(() -> client.announce(bad, request)).isInstanceOfSatisfying(TrackerException.class,
                    e -> assertThat(e.kind()).isEqualTo(TrackerException.Kind.BAD_URL));
        }
    }

    @Test
    void firstAnswerWinsAndMovesToTheFrontOfItsTier() {
        http.failures.put("http://a1", TrackerException.Kind.TRANSPORT);
        AnnounceList list = AnnounceList.of(List.of(List.of("http://a1", "http://a2", "http://a3"), List.of("http://b1")));
        TrackerAnswer answer = client.announce(list, request);
        assertThat(answer.url()).isEqualTo("http://a2");
        assertThat(answer.response()).isEqualTo(ANSWER);
        assertThat(http.calls).containsExactly("http://a1", "http://a2");
        assertThat(list.tiers()).containsExactly(List.of("http://a2", "http://a1", "http://a3"), List.of("http://b1"));
    }

    @Test
    void aFailedTierFallsThroughToTheNext() {
        http.failures.put("http://a1", TrackerException.Kind.MALFORMED);
        udp.failures.put("udp://a2:1", TrackerException.Kind.TRANSPORT);
        AnnounceList list = AnnounceList.of(List.of(List.of("http://a1", "udp://a2:1"), List.of("http://b1", "http://b2")));
        assertThat(client.announce(list, request).url()).isEqualTo("http://b1");
        assertThat(list.tiers().get(0)).containsExactly("http://a1", "udp://a2:1");
    }

    @Test
    void outagesBackOffDoublingAndASuccessForgetsThem() {
        http.failures.put("http://down", TrackerException.Kind.TRANSPORT);
        AnnounceList list = AnnounceList.of(List.of(List.of("http://down"), List.of("http://up")));
        client.announce(list, request);
        assertThat(client.failures("http://down")).isEqualTo(1);

        // within 30 s the tracker is passed over
        clock.advance(Duration.ofSeconds(29));
        client.announce(list, request);
        assertThat(http.calls).containsExactly("http://down", "http://up", "http://up");

        clock.advance(Duration.ofSeconds(1));
        client.announce(list, request);
        assertThat(client.failures("http://down")).isEqualTo(2);
        // second outage: 60 s
        clock.advance(Duration.ofSeconds(59));
        client.announce(list, request);
        assertThat(http.calls.stream().filter("http://down"::equals)).hasSize(2);
        clock.advance(Duration.ofSeconds(1));
        client.announce(list, request);
        assertThat(http.calls.stream().filter("http://down"::equals)).hasSize(3);

        // outages 3, 4, 5 wait 120, 240 and then the 240 s cap
        for (int i = 0; i < 3; i++) {
            clock.advance(Duration.ofMinutes(4));
            client.announce(list, request);
        }
        assertThat(client.failures("http://down")).isEqualTo(6);

        http.failures.remove("http://down");
        clock.advance(Duration.ofMinutes(4));
        assertThat(client.announce(list, request).url()).isEqualTo("http://down");
        assertThat(client.failures("http://down")).isZero();
    }

    @Test
    void refusalsCostNoBackoff() {
        http.failures.put("http://strict", TrackerException.Kind.REFUSED);
        AnnounceList list = AnnounceList.of(List.of(List.of("http://strict", "http://open")));
        client.announce(list, request);
        client.announce(list, request);
        assertThat(client.failures("http://strict")).isZero();
        // the answering tracker moved to the front, so the refusing one is asked second now
        assertThat(http.calls).containsExactly("http://strict", "http://open", "http://open");
    }

    @Test
    void whenNobodyAnswersTheLastReasonIsReported() {
        http.failures.put("http://a", TrackerException.Kind.REFUSED);
        http.failures.put("http://b", TrackerException.Kind.REFUSED);
        AnnounceList list = AnnounceList.of(List.of(List.of("http://a"), List.of("http://b")));
        assertThatThrownBy(() -> client.announce(list, request)).isInstanceOfSatisfying(TrackerException.class, e -> {
            assertThat(e.kind()).isEqualTo(TrackerException.Kind.REFUSED);
            assertThat(e.getMessage()).isEqualTo("tracker: no tracker answered (2 tried, 0 backing off); last"
                    + " 'http://b': REFUSED from http://b");
        });

        http.failures.put("http://b", TrackerException.Kind.TRANSPORT);
        assertThatThrownBy(() -> client.announce(list, request)).isInstanceOfSatisfying(TrackerException.class,
                e -> assertThat(e.kind()).isEqualTo(TrackerException.Kind.TRANSPORT));
        http.failures.put("http://a", TrackerException.Kind.TRANSPORT);
        assertThatThrownBy(() -> client.announce(list, request)).isInstanceOfSatisfying(TrackerException.class,
                e -> assertThat(e.getMessage()).isEqualTo("tracker: no tracker answered (1 tried, 1 backing off);"
                        + " last 'http://a': TRANSPORT from http://a"));
        assertThatThrownBy(() -> client.announce(list, request)).isInstanceOfSatisfying(TrackerException.class,
                e -> assertThat(e.getMessage()).isEqualTo("tracker: all 2 trackers are backing off"));
        assertThatThrownBy(() -> client.announce(AnnounceList.of(List.of()), request))
                .isInstanceOfSatisfying(TrackerException.class,
                        e -> assertThat(e.getMessage()).isEqualTo("tracker: no trackers"));
    }

    @Test
    void announceListDropsDuplicatesAndEmptyTiersAndShufflesPerTier() {
        AnnounceList list = AnnounceList.of(List.of(List.of("http://a", "http://b"), List.of(), List.of("http://a", ""),
                List.of("http://c")));
        assertThat(list.tiers()).containsExactly(List.of("http://a", "http://b"), List.of("http://c"));

        List<String> tier = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            tier.add("http://t" + i);
        }
        AnnounceList shuffled = AnnounceList.shuffled(List.of(tier, List.of("http://z")), new Random(12));
        assertThat(shuffled.tiers().get(0)).containsExactlyInAnyOrderElementsOf(tier).isNotEqualTo(tier);
        assertThat(shuffled.tiers().get(1)).containsExactly("http://z");
        assertThat(AnnounceList.shuffled(List.of(tier), new Random(12)).tiers().get(0))
                .isEqualTo(shuffled.tiers().get(0));
    }

    @Test
    void backoffMemoryIsBounded() {
        TrackerConfig c = TrackerConfig.defaults();
        TrackerConfig small = new TrackerConfig(c.httpConnectTimeout(), c.httpTimeout(), c.maxRedirects(),
                c.maxResponseBytes(), c.maxPeers(), c.userAgent(), c.lenientBencode(), c.udpBaseTimeout(),
                c.udpAttempts(), c.udpConnectionIdLifetime(), c.backoffBase(), c.backoffMax(), 2, false, 1, 1);
        TrackerBackoff b = new TrackerBackoff(small);
        b.failed("http://1", 0);
        b.failed("http://2", 0);
        b.failed("http://3", 0);
        assertThat(b.failures("http://1")).isZero();
        assertThat(b.failures("http://3")).isEqualTo(1);
        assertThat(b.ready("http://1", 0)).isTrue();
        assertThat(b.ready("http://3", 0)).isFalse();
    }
}
