package io.lodestone.dht.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.lodestone.dht.krpc.KrpcResponse;
import io.lodestone.dht.krpc.QueryMethod;
import io.lodestone.dht.krpc.Tid;
import java.net.InetSocketAddress;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class TransactionTableTest {

    private final TransactionTable table = new TransactionTable(new SplittableRandom(5), 1000);

    private TransactionTable.Transaction add(InetSocketAddress to, long sent, long timeout) {
        return table.register(QueryMethod.PING, to, null, sent, timeout, new CompletableFuture<KrpcResponse>())
                .orElseThrow();
    }

    @Test
    void tidsAreTwoRandomDistinctBytes() {
        Set<Tid> tids = new HashSet<>();
        int sequentialPairs = 0;
        int previous = -1;
        for (int i = 0; i < 1000; i++) {
            TransactionTable.Transaction t = add(NodeFixture.addr(i), 0, 1000);
            assertThat(t.tid().length()).isEqualTo(2);
            assertThat(tids.add(t.tid())).isTrue();
            int v = ((t.tid().bytes()[0] & 0xff) << 8) | (t.tid().bytes()[1] & 0xff);
            sequentialPairs += v == previous + 1 ? 1 : 0;
            previous = v;
        }
        assertThat(sequentialPairs).isLessThan(5); // not a counter an attacker could predict
        assertThat(table.isFull()).isTrue();
        assertThat(table.register(QueryMethod.PING, NodeFixture.addr(1), null, 0, 1, new CompletableFuture<>()))
                .isEmpty();
    }

    @Test
    void aMatchNeedsTheTidAndTheDestination() {
        TransactionTable.Transaction t = add(NodeFixture.addr(1), 0, 1000);
        assertThat(table.match(t.tid(), NodeFixture.addr(2))).isEmpty();
        assertThat(table.match(t.tid(), new InetSocketAddress(NodeFixture.ip(1), 6882))).isEmpty();
        assertThat(table.match(Tid.of(new byte[] {1, 2, 3}), NodeFixture.addr(1))).isEmpty();
        assertThat(table.size()).isEqualTo(1);
        assertThat(table.match(t.tid(), NodeFixture.addr(1))).containsSame(t);
        assertThat(table.match(t.tid(), NodeFixture.addr(1))).isEmpty();
        assertThat(table.size()).isZero();
    }

    @Test
    void expiryTakesExactlyTheDueOnesSoonestFirst() {
        TransactionTable.Transaction late = add(NodeFixture.addr(1), 0, 3000);
        TransactionTable.Transaction soon = add(NodeFixture.addr(2), 0, 1000);
        TransactionTable.Transaction mid = add(NodeFixture.addr(3), 500, 1500);
        TransactionTable.Transaction answered = add(NodeFixture.addr(4), 0, 1000);
        table.match(answered.tid(), NodeFixture.addr(4));
        assertThat(table.expire(999)).isEmpty();
        assertThat(table.expire(2000)).containsExactly(soon, mid);
        assertThat(table.remove(late)).isTrue();
        assertThat(table.remove(late)).isFalse();
        assertThat(table.expire(Long.MAX_VALUE)).isEmpty();
        add(NodeFixture.addr(5), 0, 10);
        assertThat(table.drain()).hasSize(1);
        assertThat(table.size()).isZero();
    }

    @Test
    void churnNeverLeaksEntries() {
        SplittableRandom rnd = new SplittableRandom(9);
        long now = 0;
        for (int i = 0; i < 100_000; i++) {
            now += rnd.nextInt(3);
            if (!table.isFull()) {
                TransactionTable.Transaction t = add(NodeFixture.addr(rnd.nextInt(50)), now, 1 + rnd.nextInt(500));
                if (rnd.nextBoolean()) {
                    assertThat(table.match(t.tid(), t.destination())).isPresent();
                }
            }
            long at = now;
            List<TransactionTable.Transaction> due = table.expire(at);
            assertThat(due).allMatch(t -> t.deadlineNanos() <= at);
        }
        assertThat(table.size()).isLessThanOrEqualTo(1000);
        table.expire(Long.MAX_VALUE);
        assertThat(table.size()).isZero();
    }
}
