package io.lodestone.client.engine.policy;

import static io.lodestone.client.engine.policy.PolicyHarness.BLOCK;
import static org.assertj.core.api.Assertions.assertThat;

import io.lodestone.client.engine.EngineConfig;
import io.lodestone.wire.PeerMessage;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The policy's only randomness is the generator it is given: the same seed and the same events
 * give the same actions, so a failing run can be replayed exactly.
 */
class TorrentPolicyDeterminismTest {

    private static final int PIECES = 32;

    /** A scripted session: four seeds, unchokes, every requested block answered, ticks. */
    private static List<PolicyHarness.Action> run(long seed) {
        PolicyHarness h = new PolicyHarness(PIECES, EngineConfig.defaults(), seed);
        List<PolicyHarness.Action> all = new java.util.ArrayList<>();
        SplittableRandom script = new SplittableRandom(99); // the events, fixed whatever the policy's seed
        for (long id = 1; id <= 4; id++) {
            h.connect(id, true);
            h.message(id, new PeerMessage.HaveAll());
            h.message(id, new PeerMessage.Unchoke());
            h.message(id, new PeerMessage.Interested());
        }
        for (int step = 0; step < 200 && !h.policy.complete(); step++) {
            List<PolicyHarness.Action> done = h.take();
            all.addAll(done);
            for (PolicyHarness.Action a : done) {
                if (a instanceof PolicyHarness.Sent s && s.message() instanceof PeerMessage.Request r) {
                    h.policy.onBlock(s.peer(), r.piece(), r.begin(), r.length());
                } else if (a instanceof PolicyHarness.Verify v) {
                    h.policy.pieceVerified(v.piece());
                }
            }
            if (script.nextInt(4) == 0) {
                h.advance(Duration.ofSeconds(1));
                h.policy.tick();
            }
        }
        all.addAll(h.take());
        assertThat(h.policy.complete()).as("the scripted session finishes").isTrue();
        return all;
    }

    @Test
    void theSameSeedGivesTheSameActions() {
        assertThat(run(5)).isEqualTo(run(5));
    }

    @Test
    void anotherSeedPicksInAnotherOrder() {
        assertThat(firstRequests(run(5))).isNotEqualTo(firstRequests(run(6)));
    }

    private static List<Integer> firstRequests(List<PolicyHarness.Action> actions) {
        return actions.stream().filter(a -> a instanceof PolicyHarness.Sent s && s.message() instanceof PeerMessage.Request)
                .map(a -> ((PeerMessage.Request) ((PolicyHarness.Sent) a).message()).piece()).limit(8).toList();
    }

    @Test
    void blocksAreWholeBlocks() {
        assertThat(run(5)).filteredOn(a -> a instanceof PolicyHarness.Wrote)
                .allMatch(a -> ((PolicyHarness.Wrote) a).block().length() == BLOCK);
    }
}
