package io.lodestone.dht.krpc;

import static org.assertj.core.api.Assertions.assertThat;

import io.lodestone.bencode.BDict;
import io.lodestone.bencode.BInt;
import io.lodestone.bencode.BList;
import io.lodestone.bencode.BString;
import io.lodestone.bencode.BencodeEncoder;
import io.lodestone.types.CompactPeer;
import io.lodestone.types.InfoHash;
import io.lodestone.types.NodeId;
import io.lodestone.types.NodeInfo;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The direct writer against the reference: messages built as dictionaries and encoded by the
 * generic canonical encoder must give the very same bytes.
 */
class MessageWriterTest {

    private final Random rnd = new Random(7);

    @Test
    void everyMessageKindMatchesTheDictionaryEncoding() {
        for (byte[] d : KrpcCorpus.datagrams()) {
            KrpcMessage m = KrpcCodec.decode(d);
            assertThat(KrpcCodec.encode(m)).as("%s", m).isEqualTo(reference(m));
        }
    }

    @Test
    void randomMessagesMatchTheDictionaryEncoding() {
        for (int i = 0; i < 5_000; i++) {
            Tid tid = Tid.of(bytes(1 + rnd.nextInt(Tid.MAX_LENGTH)));
            Optional<ClientVersion> v = rnd.nextBoolean() ? Optional.of(ClientVersion.of(bytes(4))) : Optional.empty();
            Optional<InetSocketAddress> ip = rnd.nextBoolean() ? Optional.of(peer()) : Optional.empty();
            KrpcResponse body = response();
            ResponseMessage r = ResponseMessage.of(tid, v, ip, body);
            byte[] ref = reference(r);
            assertThat(KrpcCodec.encode(r)).isEqualTo(ref);
            assertThat(KrpcCodec.encodeResponse(tid, v, ip, body)).as("%s", body).isEqualTo(ref);
            KrpcQuery q = query();
            QueryMessage qm = new QueryMessage(tid, v, rnd.nextBoolean(), q);
            assertThat(KrpcCodec.encode(qm)).as("%s", q).isEqualTo(reference(qm));
            ErrorMessage e = new ErrorMessage(tid, v, ip, new KrpcError(rnd.nextInt() - rnd.nextInt(), "é " + rnd.nextLong()));
            assertThat(KrpcCodec.encode(e)).isEqualTo(reference(e));
        }
    }

    /** What KrpcCodec.encode wrote before it had a direct writer: a dictionary, canonically encoded. */
    private static byte[] reference(KrpcMessage message) {
        BDict.Builder b = BDict.builder().put("t", message.tid().bytes());
        message.version().ifPresent(v -> b.put("v", v.bytes()));
        switch (message) {
            case QueryMessage q -> {
                b.put("y", "q").put("q", q.query().methodName().getBytes(StandardCharsets.ISO_8859_1))
                        .put("a", QueryCodec.encode(q.query()));
                if (q.readOnly()) {
                    b.put("ro", 1);
                }
            }
            case ResponseMessage r -> {
                b.put("y", "r").put("r", r.body());
                r.ip().ifPresent(ip -> b.put("ip", CompactPeer.encode(ip)));
            }
            case ErrorMessage e -> {
                b.put("y", "e").put("e", BList.of(BInt.of(e.error().code()), BString.of(e.error().message())));
                e.ip().ifPresent(ip -> b.put("ip", CompactPeer.encode(ip)));
            }
        }
        return BencodeEncoder.encode(b.build());
    }

    private KrpcResponse response() {
        NodeId id = NodeId.random(rnd);
        return switch (rnd.nextInt(5)) {
            case 0 -> new PingResponse(id);
            case 1 -> new AnnouncePeerResponse(id);
            case 2 -> new FindNodeResponse(id, nodes(false), nodes(true));
            case 3 -> new GetPeersResponse(id, rnd.nextBoolean() ? Optional.of(Token.of(bytes(1 + rnd.nextInt(20))))
                    : Optional.empty(), peers(), nodes(false), nodes(true), rnd.nextBoolean()
                    ? Optional.of(new ScrapeFilters(ScrapeBloom.of(bytes(ScrapeBloom.BYTES)),
                    ScrapeBloom.of(bytes(ScrapeBloom.BYTES)))) : Optional.empty());
            default -> {
                List<InfoHash> samples = new ArrayList<>();
                for (int i = rnd.nextInt(5); i > 0; i--) {
                    samples.add(InfoHash.v1(bytes(20)));
                }
                yield new SampleInfohashesResponse(id, rnd.nextInt(21600), rnd.nextInt(Integer.MAX_VALUE), samples,
                        nodes(false), nodes(true));
            }
        };
    }

    private KrpcQuery query() {
        NodeId id = NodeId.random(rnd);
        NodeId target = NodeId.random(rnd);
        Optional<Want> want = rnd.nextBoolean() ? Optional.empty()
                : Optional.of(new Want(rnd.nextBoolean(), rnd.nextBoolean()));
        InfoHash ih = InfoHash.v1(bytes(20));
        return switch (rnd.nextInt(6)) {
            case 0 -> new Ping(id);
            case 1 -> new FindNode(id, target, want);
            case 2 -> new GetPeers(id, ih, want, rnd.nextBoolean(), rnd.nextBoolean());
            case 3 -> new AnnouncePeer(id, ih, 1 + rnd.nextInt(65535), rnd.nextBoolean(), Token.of(bytes(8)),
                    rnd.nextBoolean());
            case 4 -> new SampleInfohashes(id, target, want);
            default -> new UnknownQuery("x" + rnd.nextInt(99), id, rnd.nextBoolean() ? Optional.of(target)
                    : Optional.empty(), want);
        };
    }

    private List<NodeInfo> nodes(boolean v6) {
        List<NodeInfo> out = new ArrayList<>();
        for (int i = rnd.nextInt(3) == 0 ? 0 : rnd.nextInt(9); i > 0; i--) {
            out.add(new NodeInfo(NodeId.random(rnd), v6 ? peer6() : peer4()));
        }
        return out;
    }

    private List<InetSocketAddress> peers() {
        List<InetSocketAddress> out = new ArrayList<>();
        for (int i = rnd.nextInt(2) == 0 ? 0 : rnd.nextInt(10); i > 0; i--) {
            out.add(peer());
        }
        return out;
    }

    private InetSocketAddress peer() {
        return rnd.nextBoolean() ? peer4() : peer6();
    }

    private InetSocketAddress peer4() {
        return address(4);
    }

    private InetSocketAddress peer6() {
        byte[] b = bytes(16);
        b[0] = 0x20; // not an IPv4-mapped address, which Java would read as IPv4
        return address(b);
    }

    private InetSocketAddress address(int length) {
        return address(bytes(length));
    }

    private InetSocketAddress address(byte[] b) {
        try {
            return new InetSocketAddress(InetAddress.getByAddress(b), 1 + rnd.nextInt(65535));
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    private byte[] bytes(int n) {
        byte[] b = new byte[n];
        rnd.nextBytes(b);
        return b;
    }
}
