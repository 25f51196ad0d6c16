package io.lodestone.dht.krpc;

import static io.lodestone.dht.krpc.Krpc.AA;
import static io.lodestone.dht.krpc.Krpc.ABC_ID;
import static io.lodestone.dht.krpc.Krpc.MNO_ID;
import static io.lodestone.dht.krpc.Krpc.compact;
import static io.lodestone.dht.krpc.Krpc.hash;
import static io.lodestone.dht.krpc.Krpc.node;
import static io.lodestone.dht.krpc.Krpc.rejectedTyped;
import static io.lodestone.dht.krpc.Krpc.response;
import static io.lodestone.dht.krpc.Krpc.roundTrip;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lodestone.types.InfoHash;
import io.lodestone.types.NodeInfo;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** BEP 51: {@code sample_infohashes}, the query a crawler lives on. */
class Bep51KrpcTest {

    private static final NodeInfo N = node("ABCDEFGHIJ0123456789", "1.2.3.4", 6881);
    private static final InfoHash H1 = hash("11111111111111111111");
    private static final InfoHash H2 = hash("22222222222222222222");

    @Test
    void queryRoundTrip() {
        KrpcMessage m = roundTrip("d1:ad2:id20:abcdefghij01234567896:target20:mnopqrstuvwxyz123456e"
                + "1:q17:sample_infohashes1:t2:aa1:y1:qe");
        assertThat(m).isEqualTo(QueryMessage.of(AA, new SampleInfohashes(ABC_ID, MNO_ID)));
    }

    @Test
    void queryNeedsATarget() {
        assertThat(Krpc.rejected("d1:ad2:id20:abcdefghij0123456789e1:q17:sample_infohashes1:t2:aa1:y1:qe")
                .answerable()).isTrue();
    }

    @Test
    void responseRoundTrip() {
        String datagram = "d1:rd2:id20:mnopqrstuvwxyz1234568:intervali21600e5:nodes26:" + compact(N)
                + "3:numi100e7:samples40:1111111111111111111122222222222222222222e1:t2:aa1:y1:re";
        ResponseMessage r = (ResponseMessage) roundTrip(datagram);
        SampleInfohashesResponse expected = new SampleInfohashesResponse(MNO_ID, 21_600, 100, List.of(H1, H2),
                List.of(N), List.of());
        assertThat(r.typed(QueryMethod.SAMPLE_INFOHASHES)).isEqualTo(expected);
        assertThat(Krpc.encode(ResponseMessage.of(AA, expected))).isEqualTo(datagram);
    }

    @Test
    void aNodeWithNothingStoredSendsEmptySamples() {
        SampleInfohashesResponse s = (SampleInfohashesResponse) response("d1:rd2:id20:mnopqrstuvwxyz123456"
                + "8:intervali0e3:numi0e7:samples0:e1:t2:aa1:y1:re").typed(QueryMethod.SAMPLE_INFOHASHES);
        assertThat(s.samples()).isEmpty();
        assertThat(s.num()).isZero();
    }

    @Test
    void aNodeWithoutBep51AnswersLikeFindNode() {
        // libtorrent before 1.2 answers unknown queries that have a target with nodes
        ResponseMessage r = response("d1:rd2:id20:mnopqrstuvwxyz1234565:nodes26:" + compact(N) + "e1:t2:aa1:y1:re");
        assertThat(r.typed(QueryMethod.SAMPLE_INFOHASHES))
                .isEqualTo(new FindNodeResponse(MNO_ID, List.of(N), List.of()));
    }

    @ParameterizedTest
    @CsvSource({"21601, 21600", "9223372036854775807, 21600", "-1, 0", "-9223372036854775808, 0", "60, 60"})
    void intervalIsClampedToWhatTheBepAllows(String sent, int read) {
        SampleInfohashesResponse s = (SampleInfohashesResponse) response("d1:rd2:id20:mnopqrstuvwxyz123456"
                + "8:intervali" + sent + "e3:numi1e7:samples20:11111111111111111111e1:t2:aa1:y1:re")
                .typed(QueryMethod.SAMPLE_INFOHASHES);
        assertThat(s.interval()).isEqualTo(read);
    }

    @Test
    void badSamplesNumOrIntervalRejectTheResponse() {
        String head = "d1:rd2:id20:mnopqrstuvwxyz123456";
        String tail = "e1:t2:aa1:y1:re";
        String samples = "7:samples20:11111111111111111111";
        for (String body : List.of(
                "8:intervali60e3:numi1e7:samples19:1111111111111111111",        // not a multiple of 20
                "8:intervali60e3:numi1e7:samples21:111111111111111111111",
                "8:intervali60e3:numi1e7:samplesi1e",                           // wrong type
                "8:intervali60e3:numi-1e" + samples,                            // negative num
                "8:intervali60e3:numi2147483648e" + samples,                    // num past an int
                "8:intervali60e" + samples,                                     // no num
                "3:numi1e" + samples,                                           // no interval
                "8:interval2:603:numi1e" + samples)) {
            KrpcFormatException e = rejectedTyped(response(head + body + tail), QueryMethod.SAMPLE_INFOHASHES);
            assertThat(e.answerable()).isFalse();
        }
    }

    @Test
    void recordsHoldOnlyWhatTheBepAllows() {
        assertThatThrownBy(() -> new SampleInfohashesResponse(MNO_ID, 21_601, 0, List.of(), List.of(), List.of()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SampleInfohashesResponse(MNO_ID, 0, -1, List.of(), List.of(), List.of()))
                .isInstanceOf(IllegalArgumentException.class);
        InfoHash v2 = InfoHash.v2(new byte[InfoHash.V2_LENGTH]);
        assertThatThrownBy(() -> new SampleInfohashesResponse(MNO_ID, 0, 1, List.of(v2), List.of(), List.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
