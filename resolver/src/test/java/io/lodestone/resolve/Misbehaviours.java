package io.lodestone.resolve;

import io.lodestone.types.InfoHash;
import io.lodestone.wire.Handshake;
import io.lodestone.wire.MetadataCodec;
import io.lodestone.wire.MetadataMessage;
import io.lodestone.wire.PeerId;
import io.lodestone.wire.PeerMessage;
import io.lodestone.wire.PeerMessageCodec;
import io.lodestone.wire.ReservedBit;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;

/**
 * What hostile peers do, as {@link FakePeer.Script}s for the torrent {@code info} with v1 hash
 * {@code hash}: each answers the BitTorrent handshake for the right torrent (they are in its swarm)
 * and then lies, stalls or babbles. Scripts that keep talking do so until the resolver hangs up.
 */
final class Misbehaviours {

    /** Pause between the bytes of a trickle: 4 bytes a second. */
    static final long TRICKLE_PAUSE_MS = 250;
    /** Pause between the useless messages of a peer that looks busy; fast enough for any rate guard. */
    static final long CHATTER_PAUSE_MS = 20;
    /** ut_metadata rejects a reject storm sends. */
    static final int REJECT_STORM = 500;
    /** ut_metadata requests a request storm sends at a time. */
    static final int REQUEST_BATCH = 50;
    static final int GARBAGE_LENGTH = 4096;

    private Misbehaviours() {
    }

    /** Serves {@code served} as if it were the metadata, under {@code metadataSize}. */
    static FakePeer.Script serving(byte[] served, InfoHash hash) {
        return c -> {
            c.handshakeAndExtension(hash, served.length);
            for (MetadataMessage m = c.nextMetadata(); m != null; m = c.nextMetadata()) {
                if (m instanceof MetadataMessage.Request r) {
                    c.sendMetadata(FakePeer.Conn.piece(served, r.piece()));
                }
            }
        };
    }

    /** The real size, one byte flipped in the last piece: fails the hash only once complete. */
    static FakePeer.Script forgedMetadata(byte[] info, InfoHash hash) {
        byte[] forged = info.clone();
        forged[forged.length - 2] ^= 0x01;
        return serving(forged, hash);
    }

    /** Another, valid-looking dict of another size. */
    static FakePeer.Script otherMetadata(InfoHash hash) {
        return serving(InfoDicts.singleFile("not-this-torrent.bin", 2000, 99), hash);
    }

    /** Announces {@code size} bytes of metadata and then only listens. */
    static FakePeer.Script claimsSize(long size, InfoHash hash) {
        return c -> c.handshakeAndExtension(hash, size);
    }

    /** Answers the first request with a data message the script writes by hand. */
    static FakePeer.Script answersWith(InfoHash hash, long metadataSize, int piece, long totalSize, byte[] data) {
        return c -> {
            c.handshakeAndExtension(hash, metadataSize);
            c.nextMetadata();
            c.send(rawData(c.fetcherMetadataId, piece, totalSize, data));
        };
    }

    /** Sends piece 0 right, then piece 0 again, which was not asked for twice. */
    static FakePeer.Script repeatsAPiece(byte[] info, InfoHash hash) {
        return c -> {
            c.handshakeAndExtension(hash, info.length);
            c.nextMetadata();
            c.sendMetadata(FakePeer.Conn.piece(info, 0));
            c.sendMetadata(FakePeer.Conn.piece(info, 0));
        };
    }

    /** Piece 0's frame, one byte every {@link #TRICKLE_PAUSE_MS}, for as long as the resolver listens. */
    static FakePeer.Script tricklesAPiece(byte[] info, InfoHash hash) {
        return c -> {
            c.handshakeAndExtension(hash, info.length);
            c.nextMetadata();
            trickle(c, PeerMessageCodec.encode(rawData(c.fetcherMetadataId, 0, info.length,
                    FakePeer.Conn.piece(info, 0).data())));
        };
    }

    /** Its BitTorrent handshake, one byte every {@link #TRICKLE_PAUSE_MS}. */
    static FakePeer.Script tricklesTheHandshake(InfoHash hash) {
        return c -> {
            c.readHandshake();
            trickle(c, Handshake.of(hash, PeerId.generate(), ReservedBit.EXTENSION_PROTOCOL).encode());
        };
    }

    /** Keep-alives and haves, many a second, and never an answer to the request. */
    static FakePeer.Script chattersButNeverAnswers(byte[] info, InfoHash hash) {
        return c -> {
            c.handshakeAndExtension(hash, info.length);
            for (int i = 0; ; i++) {
                c.send(i % 2 == 0 ? new PeerMessage.KeepAlive() : new PeerMessage.Have(i));
                Thread.sleep(CHATTER_PAUSE_MS);
            }
        };
    }

    /** A good handshake, then seeded random bytes where messages belong. */
    static FakePeer.Script garbageAfterTheHandshake(InfoHash hash, long seed) {
        return c -> {
            c.readHandshake();
            c.sendHandshake(hash, ReservedBit.EXTENSION_PROTOCOL, ReservedBit.FAST_EXTENSION);
            byte[] junk = new byte[GARBAGE_LENGTH];
            new Random(seed).nextBytes(junk);
            c.sendRaw(junk);
        };
    }

    /** Both handshakes right, then 0xFF bytes once it was asked for a piece. */
    static FakePeer.Script garbageMidTransfer(byte[] info, InfoHash hash) {
        return c -> {
            c.handshakeAndExtension(hash, info.length);
            c.nextMetadata();
            byte[] junk = new byte[GARBAGE_LENGTH];
            Arrays.fill(junk, (byte) 0xFF);
            c.sendRaw(junk);
        };
    }

    /** An HTTP error page where the handshake belongs. */
    static FakePeer.Script answersInHttp() {
        return c -> {
            c.readHandshake();
            c.sendRaw("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n".repeat(4)
                    .getBytes(StandardCharsets.US_ASCII));
        };
    }

    /** Rejects every request, and floods rejects of pieces never asked for besides. */
    static FakePeer.Script rejectsEverything(byte[] info, InfoHash hash) {
        return c -> {
            c.handshakeAndExtension(hash, info.length);
            MetadataMessage first = c.nextMetadata();
            for (int i = 0; i < REJECT_STORM; i++) {
                c.sendMetadata(new MetadataMessage.Reject(i));
            }
            c.sendMetadata(new MetadataMessage.Reject(((MetadataMessage.Request) first).piece()));
        };
    }

    /**
     * Asks us for the metadata hundreds of times a second, never answering our request: busy enough
     * for any rate guard, so only the piece timeout can end it.
     */
    static FakePeer.Script requestStorm(byte[] info, InfoHash hash) {
        return c -> {
            c.handshakeAndExtension(hash, info.length);
            c.nextMetadata();
            ByteArrayOutputStream storm = new ByteArrayOutputStream();
            for (int i = 0; i < REQUEST_BATCH; i++) {
                storm.writeBytes(PeerMessageCodec.encode(MetadataCodec.toMessage(
                        c.fetcherMetadataId, new MetadataMessage.Request(i % 3))));
            }
            byte[] batch = storm.toByteArray();
            while (true) {
                c.sendRaw(batch);
                Thread.sleep(CHATTER_PAUSE_MS);
            }
        };
    }

    /** An extension handshake written by hand: {@code m} is the bencoded value of key "m". */
    static FakePeer.Script extensionHandshake(InfoHash hash, String m, long metadataSize) {
        return c -> {
            c.readHandshake();
            c.sendHandshake(hash, ReservedBit.EXTENSION_PROTOCOL);
            String dict = "d1:m" + m + "13:metadata_sizei" + metadataSize + "e1:v11:Hostile 6.6e";
            c.send(new PeerMessage.Extended(0, dict.getBytes(StandardCharsets.ISO_8859_1)));
        };
    }

    /** Takes the connection, reads our handshake and says nothing at all. */
    static FakePeer.Script silent() {
        return FakePeer.Conn::readHandshake;
    }

    /**
     * Sends half of piece 0's frame and hangs up, as a peer that quits does: a FIN, so the half
     * frame is not lost to a reset, and the resolver still has its own end to close.
     */
    static FakePeer.Script hangsUpMidPiece(byte[] info, InfoHash hash) {
        return c -> {
            c.handshakeAndExtension(hash, info.length);
            c.nextMetadata();
            byte[] frame = PeerMessageCodec.encode(rawData(c.fetcherMetadataId, 0, info.length,
                    FakePeer.Conn.piece(info, 0).data()));
            c.sendRaw(Arrays.copyOf(frame, frame.length / 2));
            c.socket.shutdownOutput();
        };
    }

    /** Answers for another torrent. */
    static FakePeer.Script wrongInfoHash() {
        return c -> {
            c.readHandshake();
            c.sendHandshake(InfoDicts.sha1(new byte[] {1, 2, 3}), ReservedBit.EXTENSION_PROTOCOL);
        };
    }

    /** A plain BEP 3 peer: no extension protocol, so no ut_metadata. */
    static FakePeer.Script noExtensionProtocol(InfoHash hash) {
        return c -> {
            c.readHandshake();
            c.sendHandshake(hash, ReservedBit.DHT);
            c.send(new PeerMessage.Unchoke());
        };
    }

    private static void trickle(FakePeer.Conn c, byte[] bytes) throws Exception {
        for (byte b : bytes) {
            c.sendRaw(new byte[] {b});
            Thread.sleep(TRICKLE_PAUSE_MS);
        }
    }

    static PeerMessage.Extended rawData(int extendedId, int piece, long totalSize, byte[] data) {
        byte[] dict = ("d8:msg_typei1e5:piecei" + piece + "e10:total_sizei" + totalSize + "ee")
                .getBytes(StandardCharsets.US_ASCII);
        byte[] payload = Arrays.copyOf(dict, dict.length + data.length);
        System.arraycopy(data, 0, payload, dict.length, data.length);
        return new PeerMessage.Extended(extendedId, payload);
    }
}
