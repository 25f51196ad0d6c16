package io.lodestone.dht.node;

import io.lodestone.dht.krpc.ErrorMessage;
import io.lodestone.dht.krpc.FindNodeResponse;
import io.lodestone.dht.krpc.GetPeersResponse;
import io.lodestone.dht.krpc.KrpcFormatException;
import io.lodestone.dht.krpc.KrpcResponse;
import io.lodestone.dht.krpc.ResponseMessage;
import io.lodestone.dht.krpc.SampleInfohashesResponse;
import io.lodestone.dht.routing.ExternalAddressVoter;
import io.lodestone.dht.routing.RoutingTable;
import io.lodestone.types.NodeInfo;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Matches answers to our queries and learns from them: the routing table hears of the responder
 * (with its round trip) and of the nodes it sent, the external-address voter of the BEP 42
 * {@code ip}, the listener of BEP 51 samples; then the query's future completes. Unmatched answers
 * (late, spoofed, stray) are dropped. Not thread-safe: runs on the node's thread.
 */
final class ResponseHandler {

    private final NodeParts parts;
    private final TransactionTable transactions;
    private final QueryTimeouts timeouts;
    private final ExternalAddressVoter voter4 = new ExternalAddressVoter();
    private final ExternalAddressVoter voter6 = new ExternalAddressVoter();
    private long externalAddressChanges;

    ResponseHandler(NodeParts parts, TransactionTable transactions, QueryTimeouts timeouts) {
        this.parts = parts;
        this.transactions = transactions;
        this.timeouts = timeouts;
    }

    void onResponse(InetSocketAddress source, ResponseMessage r) {
        Optional<TransactionTable.Transaction> match = transactions.match(r.tid(), source);
        if (match.isEmpty()) {
            parts.metrics().unmatched();
            return;
        }
        TransactionTable.Transaction t = match.get();
        RoutingTable table = parts.tableFor(source.getAddress());
        KrpcResponse typed;
        try {
            typed = r.typed(t.method());
        } catch (KrpcFormatException e) {
            // it answered, but not with what we asked for: as useless as silence
            parts.metrics().malformed();
            failed(table, t);
            fail(t, QueryFailedException.Reason.MALFORMED_RESPONSE, e.reason());
            return;
        }
        long rtt = parts.clock().nanos() - t.sentNanos();
        parts.metrics().responseIn();
        parts.metrics().recordQueryRtt(rtt);
        timeouts.onRoundTrip(rtt);
        table.onResponse(new NodeInfo(typed.id(), source), rtt);
        learnNodes(typed);
        r.ip().ifPresent(ip -> vote(source.getAddress(), ip.getAddress()));
        if (typed instanceof SampleInfohashesResponse s) {
            parts.listener().onSamples(parts.id(), s.samples(), source);
        }
        t.future().complete(typed);
    }

    void onError(InetSocketAddress source, ErrorMessage e) {
        Optional<TransactionTable.Transaction> match = transactions.match(e.tid(), source);
        if (match.isEmpty()) {
            parts.metrics().unmatched();
            return;
        }
        parts.metrics().errorIn();
        // an error has no id, so the routing table cannot credit it; the query simply failed
        fail(match.get(), QueryFailedException.Reason.ERROR_RESPONSE,
                e.error().code() + " " + e.error().message());
    }

    /** Fails every query past its deadline and tells the routing table. */
    void expire(long now) {
        for (TransactionTable.Transaction t : transactions.expire(now)) {
            parts.metrics().timeout();
            failed(parts.tableFor(t.destination().getAddress()), t);
            fail(t, QueryFailedException.Reason.TIMEOUT, "no answer from " + t.destination());
        }
    }

    /** Fails every outstanding query with {@code reason}. */
    void failAll(QueryFailedException.Reason reason) {
        for (TransactionTable.Transaction t : transactions.drain()) {
            fail(t, reason, "node closed");
        }
    }

    Optional<InetAddress> externalAddress(boolean v4) {
        return (v4 ? voter4 : voter6).externalAddress();
    }

    /** How often the decided external address changed (re-keying the node is left to its owner). */
    long externalAddressChanges() {
        return externalAddressChanges;
    }

    private static void failed(RoutingTable table, TransactionTable.Transaction t) {
        if (t.destinationId() != null) {
            table.onTimeout(new NodeInfo(t.destinationId(), t.destination()));
        } else {
            table.onTimeout(t.destination());
        }
    }

    private static void fail(TransactionTable.Transaction t, QueryFailedException.Reason reason, String message) {
        t.future().completeExceptionally(new QueryFailedException(reason, t.method().wireName() + ": " + message));
    }

    private void learnNodes(KrpcResponse typed) {
        switch (typed) {
            case FindNodeResponse f -> learn(f.nodes(), f.nodes6());
            case GetPeersResponse g -> learn(g.nodes(), g.nodes6());
            case SampleInfohashesResponse s -> learn(s.nodes(), s.nodes6());
            default -> {
            }
        }
    }

    /** Hearsay goes to the tables, less what we would never talk to (and IPv4 dressed up as IPv6). */
    private void learn(List<NodeInfo> nodes, List<NodeInfo> nodes6) {
        if (!nodes.isEmpty()) {
            parts.table4().onNodesLearned(usable(nodes));
        }
        if (!nodes6.isEmpty()) {
            parts.table6().onNodesLearned(usable(nodes6));
        }
    }

    private List<NodeInfo> usable(List<NodeInfo> nodes) {
        List<NodeInfo> out = new ArrayList<>(nodes.size());
        for (NodeInfo n : nodes) {
            InetAddress a = n.address().getAddress();
            if (!Ips.isMapped(a) && parts.reachable(a) && !n.id().equals(parts.id())) {
                out.add(n);
            }
        }
        return out;
    }

    /** BEP 42: the responder says what our address looks like from where it is. */
    private void vote(InetAddress voter, InetAddress reported) {
        InetAddress ours = Ips.unmapped(reported);
        ExternalAddressVoter v = Ips.isV4(voter) ? voter4 : voter6;
        if (v.vote(voter, ours)) {
            externalAddressChanges++;
        }
    }
}
