package io.lodestone.client.engine;

import io.lodestone.wire.mse.EncryptionPolicy;
import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Which handshake an outgoing connection opens with. {@code require} and {@code disable} decide
 * alone; under {@code prefer} a peer is first dialled in plaintext (no extra round trip, and what
 * most peers take) and, as libtorrent does with its per-peer {@code pe_support} flag, a peer that
 * refused one kind is dialled with the other next time.
 */
final class EncryptionChoice {

    /** Peers whose answer is remembered; the oldest is forgotten first. */
    static final int MAX_REMEMBERED = 4096;

    private final EncryptionPolicy policy;
    private final Map<InetSocketAddress, Boolean> encryptNext = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<InetSocketAddress, Boolean> eldest) {
            return size() > MAX_REMEMBERED;
        }
    };

    EncryptionChoice(EncryptionPolicy policy) {
        this.policy = policy;
    }

    EncryptionPolicy policy() {
        return policy;
    }

    /** Whether the next connection to {@code peer} opens with the MSE handshake. */
    synchronized boolean encrypt(InetSocketAddress peer) {
        return switch (policy) {
            case REQUIRE -> true;
            case DISABLE -> false;
            case PREFER -> encryptNext.getOrDefault(peer, false);
        };
    }

    /**
     * Another peer said (PEX flag 0x01) that {@code peer} prefers encryption: dial it with MSE
     * first, unless it answered otherwise itself.
     */
    synchronized void preferred(InetSocketAddress peer) {
        if (policy == EncryptionPolicy.PREFER) {
            encryptNext.putIfAbsent(peer, true);
        }
    }

    /** {@code peer} closed a connection that opened {@code encrypted} before answering it. */
    synchronized void refused(InetSocketAddress peer, boolean encrypted) {
        if (policy == EncryptionPolicy.PREFER) {
            encryptNext.put(peer, !encrypted);
        }
    }
}
