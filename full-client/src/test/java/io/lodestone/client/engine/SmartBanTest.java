package io.lodestone.client.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SmartBanTest {

    static SmartBan.Sender sender(long id) {
        return new SmartBan.Sender(id, new InetSocketAddress("127.0.0.1", 6000 + (int) id), new byte[20]);
    }

    @Test
    void aPieceFromOnePeerConvictsItAtOnce() {
        assertThat(SmartBan.soleSender(Map.of(0, sender(1), 16384, sender(1))).peer()).isEqualTo(1);
        assertThat(SmartBan.soleSender(Map.of(0, sender(1), 16384, sender(2)))).isNull();
    }

    @Test
    void theSenderWhoseBlockDiffersFromTheGoodCopyIsTheLiar() {
        SmartBan ban = new SmartBan();
        ban.suspect(5, Map.of(0, sender(1), 16384, sender(2)), Map.of(0, 111L, 16384, 999L));
        assertThat(ban.isSuspect(5)).isTrue();
        assertThat(ban.convict(5, Map.of(0, 111L, 16384, 222L))).extracting(SmartBan.Sender::peer).containsExactly(2L);
        assertThat(ban.isSuspect(5)).isFalse();
    }

    @Test
    void nothingIsConvictedWithoutAnEarlierFailure() {
        assertThat(new SmartBan().convict(1, Map.of(0, 1L))).isEmpty();
    }

    @Test
    void suspectsAreBounded() {
        SmartBan ban = new SmartBan();
        for (int piece = 0; piece <= SmartBan.MAX_SUSPECT_PIECES; piece++) {
            ban.suspect(piece, Map.of(0, sender(1)), Map.of(0, 1L));
        }
        assertThat(ban.isSuspect(0)).as("the oldest is forgotten").isFalse();
        assertThat(ban.isSuspect(SmartBan.MAX_SUSPECT_PIECES)).isTrue();
    }
}
