package io.lodestone.client.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.lodestone.wire.mse.EncryptionPolicy;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

/** Which handshake the next connection to a peer opens with, by policy and by what the peer refused. */
class EncryptionChoiceTest {

    private static final InetSocketAddress A = new InetSocketAddress("127.0.0.1", 1);
    private static final InetSocketAddress B = new InetSocketAddress("127.0.0.1", 2);

    @Test
    void preferStartsInPlaintextAndAlternatesAfterEachRefusal() {
        EncryptionChoice c = new EncryptionChoice(EncryptionPolicy.PREFER);
        assertThat(c.encrypt(A)).isFalse();
        c.refused(A, false);
        assertThat(c.encrypt(A)).isTrue();
        assertThat(c.encrypt(B)).isFalse();
        c.refused(A, true);
        assertThat(c.encrypt(A)).isFalse();
    }

    @Test
    void aPexHintDialsWithMseFirstUnlessThePeerAnsweredItself() {
        EncryptionChoice c = new EncryptionChoice(EncryptionPolicy.PREFER);
        c.preferred(A);
        assertThat(c.encrypt(A)).isTrue();
        c.refused(B, true);
        c.preferred(B);
        assertThat(c.encrypt(B)).as("its own refusal wins over hearsay").isFalse();
        EncryptionChoice disable = new EncryptionChoice(EncryptionPolicy.DISABLE);
        disable.preferred(A);
        assertThat(disable.encrypt(A)).isFalse();
    }

    @Test
    void requireAndDisableNeverChange() {
        EncryptionChoice require = new EncryptionChoice(EncryptionPolicy.REQUIRE);
        EncryptionChoice disable = new EncryptionChoice(EncryptionPolicy.DISABLE);
        require.refused(A, true);
        disable.refused(A, false);
        assertThat(require.encrypt(A)).isTrue();
        assertThat(disable.encrypt(A)).isFalse();
    }

    @Test
    void memoryIsBounded() {
        EncryptionChoice c = new EncryptionChoice(EncryptionPolicy.PREFER);
        c.refused(A, false);
        for (int i = 0; i < EncryptionChoice.MAX_REMEMBERED; i++) {
            c.refused(new InetSocketAddress("127.0.0.2", 1 + i), false);
        }
        assertThat(c.encrypt(A)).as("the oldest answer is forgotten").isFalse();
        assertThat(c.encrypt(new InetSocketAddress("127.0.0.2", EncryptionChoice.MAX_REMEMBERED))).isTrue();
    }
}
