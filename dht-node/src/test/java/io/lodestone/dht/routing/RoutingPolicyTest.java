package io.lodestone.dht.routing;

import static io.lodestone.dht.routing.Nodes.node;
import static io.lodestone.dht.routing.Nodes.sharing;
import static org.assertj.core.api.Assertions.assertThat;

import io.lodestone.types.NodeId;
import io.lodestone.types.NodeInfo;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Who gets into the table: candidates, read-only nodes, IP limits, id changes, BEP 42. */
class RoutingPolicyTest extends TableFixture {
    @Test
    void queriersAndLearnedNodesAreOnlyCandidatesUntilTheyAnswer() {
        RoutingTable t = table();
        NodeInfo querier = fresh(1);
        NodeInfo heard = fresh(2);
        assertThat(t.onQuery(querier, false)).isEqualTo(Admission.CANDIDATE);
        assertThat(t.onNodesLearned(List.of(heard, heard))).isEqualTo(1);
        assertThat(t.size()).isZero();
        assertThat(t.closest(own, 8)).isEmpty();
        assertThat(t.candidates()).containsExactly(querier, heard);

        List<NodeInfo> ping = t.nodesToPing(10);
        assertThat(ping).containsExactly(querier, heard); // oldest first
        assertThat(t.candidateCount()).isZero();
        assertThat(t.nodesToPing(10)).isEmpty(); // handed out once
        assertThat(t.onResponse(querier, RTT)).isEqualTo(Admission.ADDED);
        t.onTimeout(heard);
        assertThat(t.contains(querier)).isTrue();
        assertThat(t.contains(heard.id())).isFalse();
        assertThat(state(t, querier)).isEqualTo(NodeState.GOOD);
    }

    @Test
    void readOnlyNodesAreNeverAdded() {
        for (RoutingConfig config : List.of(RoutingConfig.defaults(),
                RoutingConfig.defaults().withAdmitUnverified(true))) {
            RoutingTable t = table(config);
            NodeInfo ro = fresh(4);
            assertThat(t.onQuery(ro, true)).isEqualTo(Admission.IGNORED);
            assertThat(t.size()).isZero();
            assertThat(t.candidateCount()).isZero();
            assertThat(t.nodesToPing(10)).isEmpty();
        }
    }

    @Test
    void admitUnverifiedPutsHeardOfNodesIntoFreeSlotsAsQuestionable() {
        RoutingTable t = table(RoutingConfig.defaults().withAdmitUnverified(true));
        NodeInfo querier = fresh(0);
        NodeInfo heard = fresh(1);
        assertThat(t.onQuery(querier, false)).isEqualTo(Admission.ADDED);
        assertThat(t.onNodesLearned(List.of(heard))).isEqualTo(1);
        assertThat(t.size()).isEqualTo(2);
        assertThat(t.goodCount()).isZero();
        RoutingEntry e = t.find(querier.id()).orElseThrow();
        assertThat(e.state()).isEqualTo(NodeState.QUESTIONABLE);
        assertThat(e.hasResponded()).isFalse();
        assertThat(t.onQuery(querier, false)).isEqualTo(Admission.UPDATED);
        assertThat(state(t, querier)).isEqualTo(NodeState.QUESTIONABLE); // queries alone never make it good
        // unverified entries are pinged even though their bucket is not full
        assertThat(t.nodesToPing(10)).containsExactlyInAnyOrder(querier, heard);
        t.onResponse(querier, RTT);
        assertThat(state(t, querier)).isEqualTo(NodeState.GOOD);
        t.onTimeout(heard); // one that never answered goes at its first failure, as in libtorrent
        assertThat(t.contains(heard.id())).isFalse();
        t.checkInvariants();
    }

    @Test
    void respondersDisplaceEntriesThatNeverAnswered() {
        RoutingTable t = table(RoutingConfig.defaults().withAdmitUnverified(true));
        for (int i = 0; i < 8; i++) {
            assertThat(t.onQuery(fresh(0), false)).isEqualTo(Admission.ADDED);
        }
        t.onResponse(fresh(5), RTT); // splits; bucket 0 is full of unverified entries
        for (int i = 0; i < 8; i++) {
            assertThat(t.onResponse(fresh(0), RTT)).isEqualTo(Admission.ADDED);
        }
        assertThat(t.entries()).filteredOn(e -> e.bucket() == 0).allMatch(RoutingEntry::hasResponded);
    }

    @Test
    void oneEntryPerIpUnlessDisabled() {
        RoutingTable strict = table();
        NodeInfo a = node(sharing(own, 0, rnd), Nodes.ip(1), 1000);
        NodeInfo b = node(sharing(own, 1, rnd), Nodes.ip(1), 2000);
        assertThat(strict.onResponse(a, RTT)).isEqualTo(Admission.ADDED);
        assertThat(strict.onResponse(b, RTT)).isEqualTo(Admission.REJECTED);
        assertThat(strict.onQuery(b, false)).isEqualTo(Admission.REJECTED);
        assertThat(strict.size()).isEqualTo(1);

        RoutingTable loose = table(RoutingConfig.defaults().withRestrictIps(false));
        assertThat(loose.onResponse(a, RTT)).isEqualTo(Admission.ADDED);
        assertThat(loose.onResponse(b, RTT)).isEqualTo(Admission.ADDED);
        assertThat(loose.size()).isEqualTo(2);
        loose.checkInvariants();
    }

    @Test
    void aFailingEntryGivesItsIpToAnotherPort() {
        RoutingTable t = table();
        NodeInfo a = node(sharing(own, 0, rnd), Nodes.ip(1), 1000);
        NodeInfo b = node(sharing(own, 1, rnd), Nodes.ip(1), 2000);
        t.onResponse(a, RTT);
        t.onTimeout(a);
        assertThat(t.onResponse(b, RTT)).isEqualTo(Admission.ADDED);
        assertThat(t.contains(a.id())).isFalse();
        assertThat(t.contains(b)).isTrue();
        t.checkInvariants();
    }

    @Test
    void subnetRuleAllowsOneNodePerSlash24PerBucket() {
        RoutingTable t = table(RoutingConfig.defaults().withRestrictSubnets(true));
        NodeInfo a = node(sharing(own, 0, rnd), Nodes.ipv4(30, 1, 2, 3), 1000);
        NodeInfo sameBucket = node(sharing(own, 0, rnd), Nodes.ipv4(30, 1, 2, 4), 1000);
        NodeInfo otherSubnet = node(sharing(own, 0, rnd), Nodes.ipv4(30, 1, 3, 4), 1000);
        assertThat(t.onResponse(a, RTT)).isEqualTo(Admission.ADDED);
        assertThat(t.onResponse(sameBucket, RTT)).isEqualTo(Admission.REJECTED);
        assertThat(t.onResponse(otherSubnet, RTT)).isEqualTo(Admission.ADDED);
        // bucket 0 is the last bucket until something splits it; fill it to force that
        for (int i = 0; i < 6; i++) {
            t.onResponse(fresh(0), RTT);
        }
        NodeInfo deeper = node(sharing(own, 1, rnd), Nodes.ipv4(30, 1, 2, 5), 1000);
        assertThat(t.onResponse(deeper, RTT)).isEqualTo(Admission.ADDED); // another bucket: allowed
        assertThat(t.bucketCount()).isEqualTo(2);
    }

    @Test
    void anEndpointWithANewIdReplacesItsEntryOnlyOnceItAnswers() {
        RoutingTable t = table();
        NodeInfo old = fresh(0);
        NodeInfo renamed = new NodeInfo(sharing(own, 2, rnd), old.address());
        t.onResponse(old, RTT);
        assertThat(t.onNodesLearned(List.of(renamed))).isZero(); // hearsay about a known endpoint
        assertThat(t.onQuery(renamed, false)).isEqualTo(Admission.CANDIDATE); // believable only after a ping
        assertThat(t.contains(old)).isTrue();
        t.onTimeout(renamed); // a timeout for another id at that endpoint does not hurt the entry
        assertThat(t.find(old.id()).orElseThrow().failures()).isZero();
        assertThat(t.onResponse(renamed, RTT)).isEqualTo(Admission.ADDED);
        assertThat(t.contains(old.id())).isFalse();
        assertThat(t.contains(renamed)).isTrue();
        assertThat(t.size()).isEqualTo(1);
        t.checkInvariants();
    }

    @Test
    void aWorkingNodeKeepsItsIdAgainstAnotherEndpoint() {
        RoutingTable t = table(RoutingConfig.defaults().withRestrictIps(false));
        NodeInfo original = fresh(0);
        NodeInfo impostor = node(original.id(), nextIp++);
        t.onResponse(original, RTT);
        assertThat(t.onResponse(impostor, RTT)).isEqualTo(Admission.REJECTED);
        assertThat(t.onQuery(impostor, false)).isEqualTo(Admission.REJECTED);
        t.onTimeout(original);
        // the original stopped answering: the id may have moved (a new port after a NAT rebinding)
        assertThat(t.onResponse(impostor, RTT)).isEqualTo(Admission.ADDED);
        assertThat(t.contains(impostor)).isTrue();
        assertThat(t.size()).isEqualTo(1);
    }

    @Test
    void ourOwnIdAndTheOtherFamilyAreRejected() {
        RoutingTable t = table();
        NodeInfo me = node(own, nextIp++);
        assertThat(t.onResponse(me, RTT)).isEqualTo(Admission.REJECTED);
        assertThat(t.onQuery(me, false)).isEqualTo(Admission.REJECTED);
        assertThat(t.onNodesLearned(List.of(me))).isZero();
        NodeInfo v6 = new NodeInfo(sharing(own, 0, rnd), new InetSocketAddress(Nodes.address("2001:db8::1"), 1));
        assertThat(t.onResponse(v6, RTT)).isEqualTo(Admission.REJECTED);
        assertThat(t.size()).isZero();
        assertThat(t.candidateCount()).isZero();
    }

    @Test
    void enforcedNodeIdsMustPassBep42() {
        RoutingTable t = table(RoutingConfig.defaults().withEnforceNodeIds(true));
        NodeInfo forged = node(NodeId.random(rnd), nextIp++);
        assertThat(NodeIdSecurity.isValid(forged.id(), forged.address().getAddress())).isFalse();
        assertThat(t.onResponse(forged, RTT)).isEqualTo(Admission.REJECTED);
        assertThat(t.onQuery(forged, false)).isEqualTo(Admission.REJECTED);
        int ip = nextIp++;
        NodeInfo honest = node(NodeIdSecurity.generate(Nodes.ip(ip), rnd), ip);
        assertThat(t.onResponse(honest, RTT)).isEqualTo(Admission.ADDED);
        assertThat(t.find(honest.id()).orElseThrow().idVerified()).isTrue();
        // exempt (private) addresses may use any id, as on a loopback test network
        NodeInfo local = node(NodeId.random(rnd), Nodes.ipv4(127, 0, 0, 5), 7000);
        assertThat(t.onResponse(local, RTT)).isEqualTo(Admission.ADDED);
    }

    @Test
    void verifiedIdsDisplaceUnverifiedQuestionableOnesInAFullBucket() {
        RoutingTable t = table();
        fillFarBucket(t); // random ids at public addresses: none passes BEP 42
        assertThat(t.entries()).filteredOn(e -> e.bucket() == 0).noneMatch(RoutingEntry::idVerified);
        NodeInfo unverified = fresh(0);
        assertThat(t.onResponse(unverified, RTT)).isEqualTo(Admission.CACHED); // all still good
        clock.advance(QUARTER_HOUR);
        NodeInfo verified = verifiedInBucketZero();
        assertThat(t.onResponse(verified, RTT)).isEqualTo(Admission.ADDED);
        assertThat(t.entries()).filteredOn(e -> e.bucket() == 0).hasSize(8)
                .filteredOn(RoutingEntry::idVerified).extracting(RoutingEntry::node).containsExactly(verified);

        RoutingTable plain = table(RoutingConfig.defaults().withPreferVerifiedIds(false));
        fillFarBucket(plain);
        clock.advance(QUARTER_HOUR);
        assertThat(plain.onResponse(verifiedInBucketZero(), RTT)).isEqualTo(Admission.CACHED);
    }

    private NodeInfo verifiedInBucketZero() {
        while (true) {
            int ip = nextIp++;
            NodeId id = NodeIdSecurity.generate(Nodes.ip(ip), rnd);
            if (own.commonPrefixBits(id) == 0) {
                return node(id, ip);
            }
        }
    }

    @Test
    void candidatesAreBounded() {
        RoutingTable t = table(RoutingConfig.defaults().withMaxCandidates(16));
        List<NodeInfo> heard = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            heard.add(fresh(i % 3));
        }
        t.onNodesLearned(heard);
        assertThat(t.candidateCount()).isEqualTo(16);
        assertThat(t.candidates()).containsExactlyElementsOf(heard.subList(84, 100)); // the freshest tips
        t.checkInvariants();
    }
}
