package io.lodestone.dht.node;

import static io.lodestone.dht.node.NodeFixture.addr;
import static org.assertj.core.api.Assertions.assertThat;

import io.lodestone.dht.krpc.AnnouncePeer;
import io.lodestone.dht.krpc.ErrorMessage;
import io.lodestone.dht.krpc.FindNode;
import io.lodestone.dht.krpc.GetPeers;
import io.lodestone.dht.krpc.KrpcMessage;
import io.lodestone.dht.krpc.KrpcResponse;
import io.lodestone.dht.krpc.Ping;
import io.lodestone.dht.krpc.PingResponse;
import io.lodestone.dht.krpc.ResponseMessage;
import io.lodestone.dht.krpc.SampleInfohashes;
import io.lodestone.dht.krpc.Token;
import io.lodestone.dht.krpc.UnknownQuery;
import io.lodestone.dht.routing.NodeIdSecurity;
import io.lodestone.types.NodeId;
import io.lodestone.types.NodeInfo;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** BEP 42: the {@code ip} we send on every answer, the one we learn from others, and enforced ids. */
class Bep42NodeTest {

    private final NodeFixture f = new NodeFixture();
    private final NodeId other = NodeId.random(f.random);

    @Test
    void everyAnswerAndErrorCarriesTheRequestersAddress() {
        InetSocketAddress from = new InetSocketAddress(addr(3).getAddress(), 41234);
        List<KrpcMessage> answers = List.of(
                f.ask(from, new Ping(other)),
                f.ask(from, new FindNode(other, other)),
                f.ask(from, new GetPeers(other, NodeFixture.hash(f.random))),
                f.ask(from, new SampleInfohashes(other, other)),
                f.ask(from, new AnnouncePeer(other, NodeFixture.hash(f.random), 1, Token.of(new byte[] {1}))),
                f.ask(from, new UnknownQuery("vote", other, Optional.empty(), Optional.empty())));
        assertThat(answers).hasAtLeastOneElementOfType(ErrorMessage.class);
        for (KrpcMessage m : answers) {
            Optional<InetSocketAddress> ip = m instanceof ResponseMessage r ? r.ip() : ((ErrorMessage) m).ip();
            assertThat(ip).as("%s", m).contains(from);
        }
        f.sent.clear();
        f.deliver(from, "d1:ad1:xi1ee1:q4:ping1:t2:aa1:y1:qe".getBytes(StandardCharsets.ISO_8859_1));
        assertThat(((ErrorMessage) f.sent.get(0).decoded()).ip()).contains(from);
    }

    private void answerWithIp(InetSocketAddress responder, InetSocketAddress reported) {
        CompletableFuture<KrpcResponse> fut = f.node.query(responder, f.node.ping());
        f.deliver(responder, ResponseMessage.of(f.lastQuery().tid(), Optional.empty(), Optional.of(reported),
                new PingResponse(NodeId.random(f.random))));
        assertThat(fut).isCompleted();
    }

    @Test
    void theVoterLearnsOurExternalAddressFromThreeAgreeingResponders() {
        InetSocketAddress us = addr("198.51.100.7", 6881);
        assertThat(f.node.externalAddress()).isEmpty();
        answerWithIp(addr(1), us);
        answerWithIp(addr(2), us);
        answerWithIp(addr(2), addr("203.0.113.1", 1)); // a voter's latest vote replaces its earlier one
        answerWithIp(addr(3), us);
        assertThat(f.node.externalAddress()).isEmpty(); // 2 of 3: no majority of three votes yet
        answerWithIp(addr(4), us);
        assertThat(f.node.externalAddress()).contains(us.getAddress());
        assertThat(f.node.externalAddressChanges()).isEqualTo(1);
        // a lone liar changes nothing
        answerWithIp(addr(5), addr("203.0.113.1", 1));
        assertThat(f.node.externalAddress()).contains(us.getAddress());
        assertThat(f.node.externalAddress(java.net.StandardProtocolFamily.INET6)).isEmpty();
    }

    @Test
    void unmatchedAnswersCannotVote() {
        InetSocketAddress liar = addr("203.0.113.66", 6881);
        for (int i = 0; i < 10; i++) {
            f.deliver(addr(10 + i), ResponseMessage.of(f.tid(), Optional.empty(), Optional.of(liar),
                    new PingResponse(other)));
        }
        assertThat(f.node.externalAddress()).isEmpty();
    }

    @Test
    void enforcedIdsKeepForgedIdsOutOfTheTable() {
        NodeFixture strict = new NodeFixture(DhtConfig.defaults().toBuilder().enforceNodeIds(true).build(), null);
        InetAddress ip = addr(9).getAddress();
        NodeInfo forged = new NodeInfo(NodeId.random(strict.random), addr(9));
        NodeInfo valid = new NodeInfo(NodeIdSecurity.generate(ip, strict.random), addr(9));
        assertThat(NodeIdSecurity.isValid(forged.id(), ip)).isFalse();
        strict.respond(forged, strict.node.query(forged.address(), strict.node.ping()));
        assertThat(strict.node.routingTable4().size()).isZero();
        strict.respond(valid, strict.node.query(valid.address(), strict.node.ping()));
        assertThat(strict.node.routingTable4().contains(valid)).isTrue();

        // off by default, as in libtorrent
        f.respond(forged, f.node.query(forged.address(), f.node.ping()));
        assertThat(f.node.routingTable4().contains(forged)).isTrue();
    }
}
