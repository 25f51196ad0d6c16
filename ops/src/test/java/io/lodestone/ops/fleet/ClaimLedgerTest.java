package io.lodestone.ops.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import io.lodestone.crawler.HarvestSource;
import io.lodestone.crawler.harvest.Harvest;
import io.lodestone.types.InfoHash;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ClaimLedgerTest {

    private final ClaimLedger ledger = new ClaimLedger();

    private static InfoHash hash(int i) {
        byte[] b = new byte[20];
        b[0] = (byte) i;
        b[1] = (byte) (i >> 8);
        return InfoHash.v1(b);
    }

    private Harvest claim(int partition, long offset, int hash, long nanos) {
        Harvest h = new Harvest(hash(hash), HarvestSource.GET_PEERS, null, nanos);
        ledger.claimed(h, partition, offset, nanos);
        return h;
    }

    @Test
    void recordsDroppedByTheCrawlerAreCommittedAtOnce() {
        for (int i = 0; i < 5; i++) {
            ledger.handled(claim(0, i, i, 0), false);
        }
        assertThat(ledger.committable()).containsExactlyEntriesOf(Map.of(0, 5L));
        assertThat(ledger.open()).isZero();
    }

    @Test
    void theOffsetStopsAtTheOldestHashStillWaiting() {
        ledger.handled(claim(0, 0, 1, 0), true);
        ledger.handled(claim(0, 1, 2, 0), false);
        ledger.handled(claim(0, 2, 3, 0), true);
        assertThat(ledger.committable()).containsExactlyEntriesOf(Map.of(0, 0L));
        ledger.settled(hash(1));
        assertThat(ledger.committable()).containsExactlyEntriesOf(Map.of(0, 2L));
        ledger.settled(hash(3));
        assertThat(ledger.committable()).containsExactlyEntriesOf(Map.of(0, 3L));
    }

    @Test
    void recordsStillQueuedHoldTheOffset() {
        claim(0, 0, 1, 0);
        ledger.handled(claim(0, 1, 2, 0), false); // taken out of order cannot happen, but would not pass 0
        assertThat(ledger.committable()).containsExactlyEntriesOf(Map.of(0, 0L));
    }

    @Test
    void aLaterRecordOfAWaitingHashIsDoneAtOnce() {
        ledger.handled(claim(0, 0, 1, 0), true);
        ledger.handled(claim(0, 1, 1, 0), true);
        assertThat(ledger.held()).isEqualTo(1);
        assertThat(ledger.committable()).containsExactlyEntriesOf(Map.of(0, 0L));
        ledger.settled(hash(1));
        assertThat(ledger.committable()).containsExactlyEntriesOf(Map.of(0, 2L));
    }

    @Test
    void aRecordTheQueueRefusedIsReadAgainSoTheOffsetStaysBelowIt() {
        ledger.handled(claim(0, 0, 1, 0), false);
        ledger.handled(claim(0, 1, 2, 0), false);
        Harvest refused = claim(0, 2, 3, 0);
        ledger.unclaimed(refused);
        assertThat(ledger.committable()).containsExactlyEntriesOf(Map.of(0, 2L));
        ledger.handled(refused, true); // a late call for the refused instance changes nothing
        assertThat(ledger.committable()).containsExactlyEntriesOf(Map.of(0, 2L));
    }

    @Test
    void aMalformedRecordIsPassed() {
        ledger.handled(claim(0, 0, 1, 0), false);
        ledger.passed(0, 1);
        assertThat(ledger.committable()).containsExactlyEntriesOf(Map.of(0, 2L));
    }

    @Test
    void onlyPartitionsThatMovedAreCommittedAgain() {
        ledger.handled(claim(0, 0, 1, 0), false);
        ledger.handled(claim(1, 0, 2, 0), true);
        Map<Integer, Long> first = ledger.committable();
        assertThat(first).containsExactlyInAnyOrderEntriesOf(Map.of(0, 1L, 1, 0L));
        ledger.committed(first);
        assertThat(ledger.committable()).isEmpty();
        ledger.settled(hash(2));
        assertThat(ledger.committable()).containsExactlyEntriesOf(Map.of(1, 1L));
    }

    @Test
    void aRevokedPartitionIsForgottenWithItsClaims() {
        ledger.handled(claim(0, 0, 1, 0), true);
        Harvest queued = claim(0, 1, 2, 0);
        ledger.handled(claim(1, 0, 3, 0), true);
        ledger.revoked(0);
        assertThat(ledger.committable()).containsExactlyEntriesOf(Map.of(1, 0L));
        assertThat(ledger.held()).isEqualTo(1);
        ledger.handled(queued, true);
        ledger.settled(hash(1));
        assertThat(ledger.held()).isEqualTo(1);
        assertThat(ledger.open()).isEqualTo(1);
    }

    @Test
    void aHashWaitingLongIsSentAgainAndItsNewRecordTakesOver() {
        ledger.handled(claim(0, 0, 1, 0), true);
        ledger.handled(claim(0, 1, 2, 100), true);
        assertThat(ledger.overdue(50, 10)).containsExactly(hash(1));
        assertThat(ledger.overdue(50, 10)).as("not twice while the copy travels").isEmpty();
        assertThat(ledger.committable()).containsExactlyEntriesOf(Map.of(0, 0L));
        ledger.handled(claim(0, 2, 1, 200), true); // the copy comes back
        assertThat(ledger.committable()).containsExactlyEntriesOf(Map.of(0, 1L));
        ledger.settled(hash(2));
        assertThat(ledger.committable()).containsExactlyEntriesOf(Map.of(0, 2L));
    }

    @Test
    void aFailedResendIsTriedAgain() {
        ledger.handled(claim(0, 0, 1, 0), true);
        assertThat(ledger.overdue(50, 10)).containsExactly(hash(1));
        ledger.resendFailed(hash(1));
        assertThat(ledger.overdue(50, 10)).containsExactly(hash(1));
    }

    /**
     * A crawler on random steps (records arrive, are queued, taken, refused, settled, sent again,
     * partitions revoked and reassigned): after every step, every hash still waiting in it has a
     * record at or above its partition's committable offset, so a crawler reading from there after
     * a crash finds it; and every queued record is at or above it too.
     */
    @Test
    void theCommittedOffsetNeverPassesAnUnfinishedHash() {
        for (long seed = 1; seed <= 40; seed++) {
            new Model(new SplittableRandom(seed)).run(3_000);
        }
    }

    private static final class Model {
        static final int PARTITIONS = 3;
        static final int HASHES = 40;
        final SplittableRandom random;
        final ClaimLedger ledger = new ClaimLedger();
        /** Every record ever written, per partition: its hash. */
        final List<List<Integer>> topic = new ArrayList<>();
        final long[] readAt = new long[PARTITIONS];
        final boolean[] owned = new boolean[PARTITIONS];
        final Deque<Harvest> queue = new ArrayDeque<>();
        final Map<Harvest, long[]> queuedAt = new java.util.IdentityHashMap<>();
        final Set<Integer> pending = new HashSet<>();
        long now;

        Model(SplittableRandom random) {
            this.random = random;
            for (int p = 0; p < PARTITIONS; p++) {
                topic.add(new ArrayList<>());
                owned[p] = true;
            }
        }

        static int partitionOf(int hash) {
            return hash % PARTITIONS;
        }

        void run(int steps) {
            for (int i = 0; i < steps; i++) {
                now += random.nextInt(1, 100);
                switch (random.nextInt(8)) {
                    case 0, 1 -> {
                        int h = random.nextInt(HASHES);
                        topic.get(partitionOf(h)).add(h);
                    }
                    case 2 -> read();
                    case 3 -> take();
                    case 4 -> settle();
                    case 5 -> resend();
                    case 6 -> {
                        if (random.nextInt(20) == 0) {
                            revokeAndReassign();
                        }
                    }
                    default -> take();
                }
                check();
            }
        }

        void read() {
            int p = random.nextInt(PARTITIONS);
            if (!owned[p] || readAt[p] >= topic.get(p).size()) {
                return;
            }
            long offset = readAt[p];
            int h = topic.get(p).get((int) offset);
            Harvest harvest = new Harvest(hash(h), HarvestSource.GET_PEERS, null, now);
            ledger.claimed(harvest, p, offset, now);
            if (queue.size() >= 5) {
                ledger.unclaimed(harvest); // full: read again later
                return;
            }
            queue.add(harvest);
            queuedAt.put(harvest, new long[] {p, offset});
            readAt[p]++;
        }

        void take() {
            Harvest h = queue.poll();
            if (h == null) {
                return;
            }
            queuedAt.remove(h);
            int hash = h.infoHash().bytes()[0] & 0xFF | (h.infoHash().bytes()[1] & 0xFF) << 8;
            boolean waits = pending.contains(hash) || random.nextBoolean();
            if (waits) {
                pending.add(hash);
            }
            ledger.handled(h, waits);
        }

        void settle() {
            if (pending.isEmpty()) {
                return;
            }
            List<Integer> all = new ArrayList<>(pending);
            int h = all.get(random.nextInt(all.size()));
            pending.remove(h);
            ledger.settled(hash(h));
        }

        void resend() {
            for (InfoHash h : ledger.overdue(now - 500, 3)) {
                int hash = h.bytes()[0] & 0xFF | (h.bytes()[1] & 0xFF) << 8;
                if (random.nextInt(4) == 0) {
                    ledger.resendFailed(h);
                } else {
                    topic.get(partitionOf(hash)).add(hash);
                }
            }
        }

        /** A rebalance that takes a partition away and gives it back: reading goes on from the commit. */
        void revokeAndReassign() {
            int p = random.nextInt(PARTITIONS);
            Long moved = ledger.committable().get(p); // committed on revocation, as the claimer does
            if (moved != null) {
                lastCommitted[p] = moved;
            }
            long committed = lastCommitted[p];
            ledger.revoked(p);
            queue.removeIf(h -> queuedAt.get(h)[0] == p);
            queuedAt.values().removeIf(x -> x[0] == p);
            // a real crawler keeps its waiting hashes; the restart reads them again from the commit
            if (committed >= 0) {
                readAt[p] = committed;
            } else {
                readAt[p] = 0;
            }
            pending.removeIf(h -> partitionOf(h) == p && random.nextBoolean());
        }

        void check() {
            Map<Integer, Long> at = new HashMap<>(ledger.committable());
            for (int p = 0; p < PARTITIONS; p++) {
                long commit = at.getOrDefault(p, lastCommitted[p]);
                assertThat(commit).as("commits of partition %d only go forward", p)
                        .isGreaterThanOrEqualTo(lastCommitted[p]);
                lastCommitted[p] = commit;
            }
            ledger.committed(at);
            for (int h : pending) {
                int p = partitionOf(h);
                long commit = lastCommitted[p];
                if (commit < 0) {
                    continue;
                }
                boolean found = false;
                List<Integer> records = topic.get(p);
                for (long o = commit; o < records.size() && !found; o++) {
                    found = records.get((int) o) == h;
                }
                assertThat(found).as("hash %d waits but no record of it at or above offset %d of partition %d",
                        h, commit, p).isTrue();
            }
            for (Harvest q : queue) {
                long[] at2 = queuedAt.get(q);
                assertThat(lastCommitted[(int) at2[0]]).as("a queued record stays above the commit")
                        .isLessThanOrEqualTo(at2[1]);
            }
        }

        final long[] lastCommitted = {-1, -1, -1};
    }
}
