package io.lodestone.dht.krpc;

import static io.lodestone.dht.krpc.Krpc.AA;
import static io.lodestone.dht.krpc.Krpc.ABC_ID;
import static io.lodestone.dht.krpc.Krpc.MNO_ID;
import static io.lodestone.dht.krpc.Krpc.addr;
import static io.lodestone.dht.krpc.Krpc.bytes;
import static io.lodestone.dht.krpc.Krpc.compact;
import static io.lodestone.dht.krpc.Krpc.decode;
import static io.lodestone.dht.krpc.Krpc.encode;
import static io.lodestone.dht.krpc.Krpc.hash;
import static io.lodestone.dht.krpc.Krpc.id;
import static io.lodestone.dht.krpc.Krpc.node;
import static io.lodestone.dht.krpc.Krpc.query;
import static io.lodestone.dht.krpc.Krpc.rejected;
import static io.lodestone.dht.krpc.Krpc.rejectedTyped;
import static io.lodestone.dht.krpc.Krpc.response;
import static io.lodestone.dht.krpc.Krpc.roundTrip;
import static org.assertj.core.api.Assertions.assertThat;

import io.lodestone.types.NodeInfo;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** BEP 5 conformance: the examples of the BEP byte for byte, then its rules on types and keys. */
class Bep5KrpcTest {

    private static final NodeInfo N1 = node("mnopqrstuvwxyz123456", "1.2.3.4", 6881);
    private static final NodeInfo N2 = node("0123456789abcdefghij", "10.20.30.40", 51413);

    @Nested
    class Examples {

        @Test
        void pingQuery() {
            KrpcMessage m = roundTrip("d1:ad2:id20:abcdefghij0123456789e1:q4:ping1:t2:aa1:y1:qe");
            assertThat(m).isEqualTo(QueryMessage.of(AA, new Ping(ABC_ID)));
        }

        @Test
        void pingResponse() {
            KrpcMessage m = roundTrip("d1:rd2:id20:mnopqrstuvwxyz123456e1:t2:aa1:y1:re");
            ResponseMessage r = (ResponseMessage) m;
            assertThat(r.tid()).isEqualTo(AA);
            assertThat(r.id()).isEqualTo(MNO_ID);
            assertThat(r.typed(QueryMethod.PING)).isEqualTo(new PingResponse(MNO_ID));
            assertThat(m).isEqualTo(ResponseMessage.of(AA, new PingResponse(MNO_ID)));
        }

        @Test
        void findNodeQuery() {
            KrpcMessage m = roundTrip("d1:ad2:id20:abcdefghij01234567896:target20:mnopqrstuvwxyz123456e"
                    + "1:q9:find_node1:t2:aa1:y1:qe");
            assertThat(m).isEqualTo(QueryMessage.of(AA, new FindNode(ABC_ID, MNO_ID)));
        }

        @Test
        void findNodeResponse() {
            // the BEP elides the compact string ("def456..."); two real entries stand in for it
            ResponseMessage r = (ResponseMessage) roundTrip("d1:rd2:id20:0123456789abcdefghij5:nodes52:"
                    + compact(N1, N2) + "e1:t2:aa1:y1:re");
            FindNodeResponse expected = new FindNodeResponse(id("0123456789abcdefghij"), List.of(N1, N2), List.of());
            assertThat(r.typed(QueryMethod.FIND_NODE)).isEqualTo(expected);
            assertThat(r).isEqualTo(ResponseMessage.of(AA, expected));
        }

        @Test
        void getPeersQuery() {
            KrpcMessage m = roundTrip("d1:ad2:id20:abcdefghij01234567899:info_hash20:mnopqrstuvwxyz123456e"
                    + "1:q9:get_peers1:t2:aa1:y1:qe");
            assertThat(m).isEqualTo(QueryMessage.of(AA, new GetPeers(ABC_ID, hash("mnopqrstuvwxyz123456"))));
        }

        @Test
        void getPeersResponseWithPeers() {
            ResponseMessage r = (ResponseMessage) roundTrip(
                    "d1:rd2:id20:abcdefghij01234567895:token8:aoeusnth6:valuesl6:axje.u6:idhtnmee1:t2:aa1:y1:re");
            // "axje" is 97.120.106.101 and ".u" port 0x2e75; "idht" 105.100.104.116 and "nm" 0x6e6d
            GetPeersResponse expected = new GetPeersResponse(ABC_ID, Optional.of(Token.of(bytes("aoeusnth"))),
                    List.of(addr("97.120.106.101", 0x2e75), addr("105.100.104.116", 0x6e6d)), List.of(), List.of());
            assertThat(r.typed(QueryMethod.GET_PEERS)).isEqualTo(expected);
            assertThat(r).isEqualTo(ResponseMessage.of(AA, expected));
        }

        @Test
        void getPeersResponseWithClosestNodes() {
            ResponseMessage r = (ResponseMessage) roundTrip("d1:rd2:id20:abcdefghij01234567895:nodes52:"
                    + compact(N1, N2) + "5:token8:aoeusnthe1:t2:aa1:y1:re");
            GetPeersResponse expected = new GetPeersResponse(ABC_ID, Optional.of(Token.of(bytes("aoeusnth"))),
                    List.of(), List.of(N1, N2), List.of());
            assertThat(r.typed(QueryMethod.GET_PEERS)).isEqualTo(expected);
            assertThat(r).isEqualTo(ResponseMessage.of(AA, expected));
        }

        @Test
        void announcePeerWithImpliedPort() {
            KrpcMessage m = roundTrip("d1:ad2:id20:abcdefghij012345678912:implied_porti1e9:info_hash20:"
                    + "mnopqrstuvwxyz1234564:porti6881e5:token8:aoeusnthe1:q13:announce_peer1:t2:aa1:y1:qe");
            assertThat(m).isEqualTo(QueryMessage.of(AA, new AnnouncePeer(ABC_ID, hash("mnopqrstuvwxyz123456"),
                    6881, true, Token.of(bytes("aoeusnth")), false)));
        }

        @Test
        void announcePeerWithoutImpliedPort() {
            KrpcMessage m = roundTrip("d1:ad2:id20:abcdefghij01234567899:info_hash20:mnopqrstuvwxyz123456"
                    + "4:porti6881e5:token8:aoeusnthe1:q13:announce_peer1:t2:aa1:y1:qe");
            assertThat(m).isEqualTo(QueryMessage.of(AA, new AnnouncePeer(ABC_ID, hash("mnopqrstuvwxyz123456"),
                    6881, Token.of(bytes("aoeusnth")))));
        }

        @Test
        void announcePeerResponse() {
            ResponseMessage r = (ResponseMessage) roundTrip("d1:rd2:id20:mnopqrstuvwxyz123456e1:t2:aa1:y1:re");
            assertThat(r.typed(QueryMethod.ANNOUNCE_PEER)).isEqualTo(new AnnouncePeerResponse(MNO_ID));
        }

        @Test
        void genericError() {
            KrpcMessage m = roundTrip("d1:eli201e23:A Generic Error Ocurrede1:t2:aa1:y1:ee");
            assertThat(m).isEqualTo(ErrorMessage.of(AA, KrpcError.generic("A Generic Error Ocurred")));
            assertThat(((ErrorMessage) m).error().code()).isEqualTo(KrpcError.GENERIC);
        }
    }

    @Nested
    class Types {

        @ParameterizedTest
        @ValueSource(strings = {
            "d1:ai1e1:q4:ping1:t2:aa1:y1:qe",                                                // id an integer
            "d1:ad2:idi1ee1:q4:ping1:t2:aa1:y1:qe",
            "d1:ad2:id20:abcdefghij01234567896:targeti1ee1:q9:find_node1:t2:aa1:y1:qe",       // target
            "d1:ad2:id20:abcdefghij01234567899:info_hashlee1:q9:get_peers1:t2:aa1:y1:qe",      // info_hash
            "d1:ad2:id20:abcdefghij01234567899:info_hash20:mnopqrstuvwxyz1234564:port4:68815:token8:aoeusnthe"
                    + "1:q13:announce_peer1:t2:aa1:y1:qe",                                     // port a string
            "d1:ad2:id20:abcdefghij01234567899:info_hash20:mnopqrstuvwxyz1234564:porti6881e5:tokeni1ee"
                    + "1:q13:announce_peer1:t2:aa1:y1:qe",                                     // token
            "d1:ad2:id20:abcdefghij01234567899:info_hash20:mnopqrstuvwxyz1234564:porti6881e4:seed1:15:token"
                    + "8:aoeusnthe1:q13:announce_peer1:t2:aa1:y1:qe",                          // seed
            "d1:ald2:id20:abcdefghij0123456789ee1:q4:ping1:t2:aa1:y1:qe",                      // a a list
            "d1:ad2:id20:abcdefghij0123456789e1:qi1e1:t2:aa1:y1:qe",                           // q an integer
        })
        void wrongTypesInQueriesAreAnsweredWith203(String datagram) {
            KrpcFormatException e = rejected(datagram);
            assertThat(e.tid()).contains(AA);
            assertThat(e.isQuery()).isTrue();
            assertThat(e.answerable()).isTrue();
        }

        @ParameterizedTest
        @ValueSource(strings = {
            "d1:rd2:idi1ee1:t2:aa1:y1:re",
            "d1:r20:mnopqrstuvwxyz1234561:t2:aa1:y1:re",
            "d1:el5:oops!i201ee1:t2:aa1:y1:ee",                 // error list the wrong way round
            "d1:e5:oops!1:t2:aa1:y1:ee",
            "d1:eli201ei1ee1:t2:aa1:y1:ee",
        })
        void wrongTypesInResponsesAndErrorsAreDroppedSilently(String datagram) {
            KrpcFormatException e = rejected(datagram);
            assertThat(e.tid()).contains(AA);
            assertThat(e.isQuery()).isFalse();
            assertThat(e.answerable()).isFalse();
        }

        @ParameterizedTest
        @ValueSource(strings = {
            "d1:ad2:id20:abcdefghij0123456789e1:q4:ping1:ti1e1:y1:qe",     // t an integer
            "d1:ad2:id20:abcdefghij0123456789e1:q4:ping1:t0:1:y1:qe",      // t empty
            "d1:ad2:id20:abcdefghij0123456789e1:q4:ping1:y1:qe",           // no t
            "d1:ad2:id20:abcdefghij0123456789e1:q4:ping1:t17:aaaaaaaaaaaaaaaaa1:y1:qe",
        })
        void queriesWithoutAUsableTransactionIdCannotBeAnswered(String datagram) {
            KrpcFormatException e = rejected(datagram);
            assertThat(e.tid()).isEmpty();
            assertThat(e.isQuery()).isTrue();
            assertThat(e.answerable()).isFalse();
        }

        @ParameterizedTest
        @ValueSource(strings = {
            "d1:ad2:id20:abcdefghij0123456789e1:q4:ping1:t2:aa1:yi1ee",
            "d1:ad2:id20:abcdefghij0123456789e1:q4:ping1:t2:aae",
            "d1:ad2:id20:abcdefghij0123456789e1:q4:ping1:t2:aa1:y5:querye",
            "d1:ad2:id20:abcdefghij0123456789e1:q4:ping1:t2:aa1:y1:xe",
        })
        void aMessageWithoutAValidYIsNeverAnswered(String datagram) {
            KrpcFormatException e = rejected(datagram);
            assertThat(e.tid()).contains(AA);
            assertThat(e.answerable()).isFalse();
        }

        @Test
        void valuesMustBeAListOfStrings() {
            ResponseMessage notAList = response("d1:rd2:id20:abcdefghij01234567896:values6:axje.ue1:t2:aa1:y1:re");
            rejectedTyped(notAList, QueryMethod.GET_PEERS);
            ResponseMessage intEntry = response("d1:rd2:id20:abcdefghij01234567896:valuesli1eee1:t2:aa1:y1:re");
            rejectedTyped(intEntry, QueryMethod.GET_PEERS);
            // the same bodies are fine as answers to methods that do not read values
            assertThat(notAList.typed(QueryMethod.PING)).isEqualTo(new PingResponse(ABC_ID));
        }

        @Test
        void nodesAndTokenOfTheWrongTypeAreRejected() {
            rejectedTyped(response("d1:rd2:id20:abcdefghij01234567895:nodesi1ee1:t2:aa1:y1:re"), QueryMethod.FIND_NODE);
            rejectedTyped(response("d1:rd2:id20:abcdefghij01234567895:tokeni1ee1:t2:aa1:y1:re"), QueryMethod.GET_PEERS);
        }
    }

    @Nested
    class Content {

        @ParameterizedTest
        @ValueSource(strings = {
            "d1:ad2:id19:abcdefghij012345678e1:q4:ping1:t2:aa1:y1:qe",
            "d1:ad2:id21:abcdefghij0123456789Xe1:q4:ping1:t2:aa1:y1:qe",
            "d1:ad2:id20:abcdefghij01234567896:target19:mnopqrstuvwxyz12345e1:q9:find_node1:t2:aa1:y1:qe",
            "d1:ad2:id20:abcdefghij01234567899:info_hash21:mnopqrstuvwxyz1234567e1:q9:get_peers1:t2:aa1:y1:qe",
            "d1:ad2:id20:abcdefghij0123456789e1:q9:find_node1:t2:aa1:y1:qe",          // no target
            "d1:q4:ping1:t2:aa1:y1:qe",                                              // no a
            "d1:ade1:q4:ping1:t2:aa1:y1:qe",                                         // no id
            "d1:ad2:id20:abcdefghij01234567899:info_hash20:mnopqrstuvwxyz1234564:porti0e5:token8:aoeusnthe"
                    + "1:q13:announce_peer1:t2:aa1:y1:qe",
            "d1:ad2:id20:abcdefghij01234567899:info_hash20:mnopqrstuvwxyz1234564:porti65536e5:token8:aoeusnthe"
                    + "1:q13:announce_peer1:t2:aa1:y1:qe",
            "d1:ad2:id20:abcdefghij01234567899:info_hash20:mnopqrstuvwxyz1234564:porti-1e5:token8:aoeusnthe"
                    + "1:q13:announce_peer1:t2:aa1:y1:qe",
            "d1:ad2:id20:abcdefghij01234567899:info_hash20:mnopqrstuvwxyz1234564:porti6881e5:token0:e"
                    + "1:q13:announce_peer1:t2:aa1:y1:qe",
            "d1:ad2:id20:abcdefghij01234567899:info_hash20:mnopqrstuvwxyz1234564:porti6881ee"
                    + "1:q13:announce_peer1:t2:aa1:y1:qe",                                    // no token
        })
        void badArgumentsAreAnsweredWith203(String datagram) {
            assertThat(rejected(datagram).answerable()).isTrue();
        }

        @Test
        void tokensUpToTheLimitAreAccepted() {
            String token = "x".repeat(Token.MAX_LENGTH);
            KrpcQuery q = query("d1:ad2:id20:abcdefghij01234567899:info_hash20:mnopqrstuvwxyz1234564:porti6881e5:token"
                    + token.length() + ":" + token + "e1:q13:announce_peer1:t2:aa1:y1:qe");
            assertThat(((AnnouncePeer) q).token()).isEqualTo(Token.of(bytes(token)));
            rejected("d1:ad2:id20:abcdefghij01234567899:info_hash20:mnopqrstuvwxyz1234564:porti6881e5:token"
                    + (token.length() + 1) + ":" + token + "xe1:q13:announce_peer1:t2:aa1:y1:qe");
        }

        @Test
        void portZeroIsFineWhenThePortIsImplied() {
            AnnouncePeer a = (AnnouncePeer) query("d1:ad2:id20:abcdefghij012345678912:implied_porti1e9:info_hash20:"
                    + "mnopqrstuvwxyz1234564:porti0e5:token8:aoeusnthe1:q13:announce_peer1:t2:aa1:y1:qe");
            assertThat(a.port()).isZero();
            assertThat(a.impliedPort()).isTrue();
        }

        @Test
        void seedAndNonZeroFlagsReadAsSet() {
            AnnouncePeer a = (AnnouncePeer) query("d1:ad2:id20:abcdefghij012345678912:implied_porti7e9:info_hash20:"
                    + "mnopqrstuvwxyz1234564:porti6881e4:seedi1e5:token8:aoeusnthe1:q13:announce_peer1:t2:aa1:y1:qe");
            assertThat(a.impliedPort()).isTrue();
            assertThat(a.seed()).isTrue();
            assertThat(encode(QueryMessage.of(AA, a))).contains("12:implied_porti1e").contains("4:seedi1e");
            AnnouncePeer zero = (AnnouncePeer) query("d1:ad2:id20:abcdefghij012345678912:implied_porti0e9:info_hash20:"
                    + "mnopqrstuvwxyz1234564:porti6881e4:seedi0e5:token8:aoeusnthe1:q13:announce_peer1:t2:aa1:y1:qe");
            assertThat(zero.impliedPort()).isFalse();
            assertThat(zero.seed()).isFalse();
            assertThat(encode(QueryMessage.of(AA, zero))).doesNotContain("implied_port").doesNotContain("seed");
        }

        @Test
        void malformedNodesCostTheFieldNotTheResponse() {
            // 25 bytes: not a whole entry, so the alignment of any entry is unknown
            ResponseMessage r = response("d1:rd2:id20:abcdefghij01234567895:nodes25:"
                    + compact(N1).substring(1) + "5:token8:aoeusnthe1:t2:aa1:y1:re");
            GetPeersResponse g = (GetPeersResponse) r.typed(QueryMethod.GET_PEERS);
            assertThat(g.nodes()).isEmpty();
            assertThat(g.token()).contains(Token.of(bytes("aoeusnth")));
        }

        @Test
        void nodesWithPortZeroAreDroppedOneByOne() {
            NodeInfo n1 = N1;
            String portZero = compact(N2).substring(0, 24) + "\0\0";
            ResponseMessage r = response("d1:rd2:id20:abcdefghij01234567895:nodes52:" + compact(n1) + portZero
                    + "e1:t2:aa1:y1:re");
            assertThat(((FindNodeResponse) r.typed(QueryMethod.FIND_NODE)).nodes()).containsExactly(n1);
        }

        @Test
        void badValuesEntriesAreSkipped() {
            ResponseMessage r = response("d1:rd2:id20:abcdefghij01234567895:token8:aoeusnth6:valuesl"
                    + "5:axje.6:axje\0\0" + "7:axje.uu6:idhtnmee1:t2:aa1:y1:re");
            GetPeersResponse g = (GetPeersResponse) r.typed(QueryMethod.GET_PEERS);
            assertThat(g.values()).containsExactly(addr("105.100.104.116", 0x6e6d));
        }

        @Test
        void getPeersAnswersWithoutAUsableTokenHaveNone() {
            // libtorrent withholds the token when its store is full
            GetPeersResponse none = (GetPeersResponse) response("d1:rd2:id20:abcdefghij01234567895:nodes26:"
                    + compact(N1) + "e1:t2:aa1:y1:re").typed(QueryMethod.GET_PEERS);
            assertThat(none.token()).isEmpty();
            GetPeersResponse empty = (GetPeersResponse) response("d1:rd2:id20:abcdefghij01234567895:token0:"
                    + "e1:t2:aa1:y1:re").typed(QueryMethod.GET_PEERS);
            assertThat(empty.token()).isEmpty();
        }

        @Test
        void aFindNodeAnswerWithoutNodesIsStillAnAnswer() {
            ResponseMessage r = response("d1:rd2:id20:abcdefghij0123456789e1:t2:aa1:y1:re");
            assertThat(r.typed(QueryMethod.FIND_NODE)).isEqualTo(new FindNodeResponse(ABC_ID, List.of(), List.of()));
        }

        @Test
        void aResponseWithoutAValidIdIsRejectedBeforeTyping() {
            assertThat(rejected("d1:rd2:id19:mnopqrstuvwxyz12345e1:t2:aa1:y1:re").tid()).contains(AA);
            rejected("d1:rde1:t2:aa1:y1:re");
            rejected("d1:t2:aa1:y1:re");
        }

        @Test
        void errorsWithoutMessageOrWithExtraItemsAreRead() {
            assertThat(decode("d1:eli203ee1:t2:aa1:y1:ee")).isEqualTo(ErrorMessage.of(AA, KrpcError.protocol("")));
            assertThat(decode("d1:eli204e3:why3:ande1:t2:aa1:y1:ee"))
                    .isEqualTo(ErrorMessage.of(AA, KrpcError.methodUnknown("why")));
            rejected("d1:elee1:t2:aa1:y1:ee");
            rejected("d1:eli4294967296e1:xe1:t2:aa1:y1:ee");
        }
    }

    @Nested
    class UnknownKeysAndMethods {

        @Test
        void unknownKeysAreTolerated() {
            KrpcMessage m = decode("d1:ad2:id20:abcdefghij01234567895:zzzzzi1ee1:q4:ping1:t2:aa3:xyzli1ee1:y1:qe");
            assertThat(m).isEqualTo(QueryMessage.of(AA, new Ping(ABC_ID)));
        }

        @Test
        void unknownKeysInResponsesAreKeptAndReEncoded() {
            // libtorrent answers with "p", the querier's port as it saw it
            KrpcMessage m = roundTrip("d1:rd2:id20:mnopqrstuvwxyz1234561:pi6881ee1:t2:aa1:y1:re");
            assertThat(((ResponseMessage) m).typed(QueryMethod.PING)).isEqualTo(new PingResponse(MNO_ID));
        }

        @Test
        void unknownMethodsKeepWhatAFindNodeStyleAnswerNeeds() {
            UnknownQuery get = (UnknownQuery) query("d1:ad2:id20:abcdefghij01234567896:target20:mnopqrstuvwxyz123456e"
                    + "1:q3:get1:t2:aa1:y1:qe");
            assertThat(get).isEqualTo(new UnknownQuery("get", ABC_ID, Optional.of(MNO_ID), Optional.empty()));
            UnknownQuery byHash = (UnknownQuery) query("d1:ad2:id20:abcdefghij01234567899:info_hash20:"
                    + "mnopqrstuvwxyz1234564:wanti1ee1:q6:future1:t2:aa1:y1:qe");
            assertThat(byHash.target()).contains(MNO_ID);
            assertThat(byHash.want()).isEmpty();
            UnknownQuery none = (UnknownQuery) query("d1:ad2:id20:abcdefghij01234567896:target19:mnopqrstuvwxyz12345e"
                    + "1:q3:put1:t2:aa1:y1:qe");
            assertThat(none.target()).isEmpty();
            assertThat(none.methodName()).isEqualTo("put");
        }

        @Test
        void unknownQueriesStillNeedAnId() {
            assertThat(rejected("d1:ad6:target20:mnopqrstuvwxyz123456e1:q3:get1:t2:aa1:y1:qe").answerable()).isTrue();
        }

        @Test
        void unknownMethodNamesSurviveByteForByte() {
            roundTrip("d1:ad2:id20:abcdefghij0123456789e1:q4:\u00ff\u0000\u00e9x1:t2:aa1:y1:qe");
        }
    }

    @Test
    void equalMessagesEncodeToEqualBytes() {
        GetPeers g1 = new GetPeers(ABC_ID, hash("mnopqrstuvwxyz123456"), Optional.of(Want.BOTH), true, false);
        GetPeers g2 = new GetPeers(id("abcdefghij0123456789"), hash("mnopqrstuvwxyz123456"),
                Optional.of(Want.BOTH), true, false);
        assertThat(KrpcCodec.encode(QueryMessage.of(AA, g1))).isEqualTo(KrpcCodec.encode(QueryMessage.of(AA, g2)));
    }
}
