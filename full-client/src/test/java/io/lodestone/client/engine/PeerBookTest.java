package io.lodestone.client.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class PeerBookTest {

    static final long DELAY = TimeUnit.SECONDS.toNanos(5);

    static InetSocketAddress a(String host, int port) {
        return new InetSocketAddress(host, port);
    }

    @Test
    void privateAddressesAreDroppedUnlessAllowed() {
        PeerBook strict = new PeerBook(100, 3, DELAY, false);
        assertThat(strict.add(a("127.0.0.1", 6881), PeerBook.Source.DHT)).isFalse();
        assertThat(strict.add(a("10.1.2.3", 6881), PeerBook.Source.DHT)).isFalse();
        assertThat(strict.add(a("8.8.8.8", 6881), PeerBook.Source.DHT)).isTrue();
        PeerBook loopback = new PeerBook(100, 3, DELAY, true);
        assertThat(loopback.add(a("127.0.0.1", 6881), PeerBook.Source.DHT)).isTrue();
    }

    @Test
    void candidatesAreHandedOutOnceAndRetriedAfterTheDelay() {
        PeerBook book = new PeerBook(100, 3, DELAY, true);
        book.add(a("127.0.0.2", 1), PeerBook.Source.TRACKER);
        book.add(a("127.0.0.3", 1), PeerBook.Source.TRACKER);
        assertThat(book.candidates(10, 0)).hasSize(2);
        assertThat(book.candidates(10, 0)).isEmpty();
        book.disconnected(a("127.0.0.2", 1), true, 0);
        assertThat(book.candidates(10, DELAY - 1)).isEmpty();
        assertThat(book.candidates(10, DELAY)).containsExactly(a("127.0.0.2", 1));
    }

    @Test
    void aFailureThatSaysNothingAboutThePeerIsRetriedAtOnceAndStillCounts() {
        PeerBook book = new PeerBook(100, 2, DELAY, true);
        InetSocketAddress x = a("127.0.0.2", 1);
        book.add(x, PeerBook.Source.MAGNET);
        assertThat(book.candidates(1, 0)).containsExactly(x);
        book.disconnected(x, true, 0, true);
        assertThat(book.candidates(1, 0)).as("no wait").containsExactly(x);
        book.disconnected(x, true, 0, true);
        assertThat(book.candidates(1, 0)).as("two failures: given up, as any other").isEmpty();
        assertThat(book.candidates(1, 100 * DELAY)).isEmpty();
    }

    @Test
    void anAddressThatKeepsFailingIsGivenUp() {
        PeerBook book = new PeerBook(100, 2, DELAY, true);
        InetSocketAddress x = a("127.0.0.2", 1);
        book.add(x, PeerBook.Source.PEX);
        long now = 0;
        for (int i = 0; i < 2; i++) {
            assertThat(book.candidates(1, now)).containsExactly(x);
            book.disconnected(x, true, now);
            now += 10 * DELAY;
        }
        assertThat(book.candidates(1, now)).isEmpty();
    }

    @Test
    void bansAreByIpInPublicAndByAddressOnLoopback() {
        PeerBook book = new PeerBook(100, 3, DELAY, true);
        book.ban(a("127.0.0.1", 7000), new byte[20]);
        assertThat(book.isBanned(a("127.0.0.1", 7000))).isTrue();
        assertThat(book.isBanned(a("127.0.0.1", 7001))).as("another local client").isFalse();
        assertThat(book.isBanned(new byte[20])).isTrue();
        book.ban(a("8.8.8.8", 1), null);
        assertThat(book.isBanned(a("8.8.8.8", 2))).isTrue();
        assertThat(book.add(a("8.8.8.8", 3), PeerBook.Source.DHT)).isFalse();
        assertThat(book.bannedCount()).isEqualTo(2);
    }

    @Test
    void ourOwnAddressAndTheCapAreRespected() {
        PeerBook book = new PeerBook(2, 3, DELAY, true);
        book.addOwn(a("127.0.0.1", 9000));
        assertThat(book.add(a("127.0.0.1", 9000), PeerBook.Source.TRACKER)).isFalse();
        assertThat(book.add(a("127.0.0.1", 1), PeerBook.Source.TRACKER)).isTrue();
        assertThat(book.add(a("127.0.0.1", 2), PeerBook.Source.TRACKER)).isTrue();
        assertThat(book.add(a("127.0.0.1", 3), PeerBook.Source.TRACKER)).isFalse();
    }
}
