package io.lodestone.wire.mse;

import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The torrents a receiver serves, keyed by HASH('req2', SKEY): an incoming MSE handshake names its
 * torrent only through {@code HASH('req2', SKEY) xor HASH('req3', S)}, so the receiver un-xors
 * it and looks the result up here. The SKEY is the 20-byte info-hash (v1, or v2 truncated), as in
 * the BitTorrent handshake. Thread-safe.
 */
public final class SkeyDirectory {

    private final Map<ByteBuffer, byte[]> byReq2 = new ConcurrentHashMap<>();

    public void add(byte[] skey) {
        byReq2.put(ByteBuffer.wrap(Mse.req2(skey)), skey.clone());
    }

    public void remove(byte[] skey) {
        byReq2.remove(ByteBuffer.wrap(Mse.req2(skey)));
    }

    /** The SKEY whose HASH('req2', SKEY) is {@code req2}, or null. */
    public byte[] find(byte[] req2) {
        byte[] skey = byReq2.get(ByteBuffer.wrap(req2));
        return skey == null ? null : skey.clone();
    }

    /** A directory of exactly these SKEYs. */
    public static SkeyDirectory of(byte[]... skeys) {
        SkeyDirectory d = new SkeyDirectory();
        for (byte[] s : skeys) {
            d.add(s);
        }
        return d;
    }
}
