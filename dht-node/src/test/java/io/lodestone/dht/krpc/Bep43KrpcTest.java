package io.lodestone.dht.krpc;

import static io.lodestone.dht.krpc.Krpc.AA;
import static io.lodestone.dht.krpc.Krpc.ABC_ID;
import static io.lodestone.dht.krpc.Krpc.decode;
import static io.lodestone.dht.krpc.Krpc.encode;
import static io.lodestone.dht.krpc.Krpc.rejected;
import static io.lodestone.dht.krpc.Krpc.roundTrip;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** BEP 43: read-only nodes flag their queries with a top-level {@code ro}. */
class Bep43KrpcTest {

    private static final String RO_PING = "d1:ad2:id20:abcdefghij0123456789e1:q4:ping2:roi1e1:t2:aa1:y1:qe";

    @Test
    void topLevelRoMarksTheQueryReadOnly() {
        QueryMessage q = (QueryMessage) roundTrip(RO_PING);
        assertThat(q.readOnly()).isTrue();
        assertThat(q).isEqualTo(new QueryMessage(AA, Optional.empty(), true, new Ping(ABC_ID)));
    }

    @Test
    void encodingAReadOnlyQueryWritesRo() {
        assertThat(encode(new QueryMessage(AA, Optional.empty(), true, new Ping(ABC_ID)))).isEqualTo(RO_PING);
        assertThat(encode(QueryMessage.of(AA, new Ping(ABC_ID)))).doesNotContain("2:ro");
    }

    @Test
    void roInsideTheArgumentsIsNotReadOnly() {
        // libtorrent looks for it at the top level only
        QueryMessage q = (QueryMessage) decode("d1:ad2:id20:abcdefghij01234567892:roi1ee1:q4:ping1:t2:aa1:y1:qe");
        assertThat(q.readOnly()).isFalse();
    }

    @Test
    void anyNonZeroValueIsReadOnlyAndZeroIsNot() {
        QueryMessage two = (QueryMessage) decode("d1:ad2:id20:abcdefghij0123456789e1:q4:ping2:roi2e1:t2:aa1:y1:qe");
        assertThat(two.readOnly()).isTrue();
        assertThat(encode(two)).isEqualTo(RO_PING);
        QueryMessage zero = (QueryMessage) decode("d1:ad2:id20:abcdefghij0123456789e1:q4:ping2:roi0e1:t2:aa1:y1:qe");
        assertThat(zero.readOnly()).isFalse();
    }

    @Test
    void roOfTheWrongTypeIsAnswered() {
        KrpcFormatException e = rejected("d1:ad2:id20:abcdefghij0123456789e1:q4:ping2:ro1:11:t2:aa1:y1:qe");
        assertThat(e.answerable()).isTrue();
    }

    @Test
    void responsesAreNeverReadOnly() {
        // "ro" is a query flag; on a response it is an unknown key, dropped on re-encoding
        KrpcMessage m = decode("d1:rd2:id20:mnopqrstuvwxyz123456e2:roi1e1:t2:aa1:y1:re");
        assertThat(m).isInstanceOf(ResponseMessage.class);
        assertThat(encode(m)).isEqualTo("d1:rd2:id20:mnopqrstuvwxyz123456e1:t2:aa1:y1:re");
    }
}
