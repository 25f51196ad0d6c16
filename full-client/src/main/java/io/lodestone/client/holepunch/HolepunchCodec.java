package io.lodestone.client.holepunch;

import io.lodestone.client.holepunch.HolepunchMessage.Connect;
import io.lodestone.client.holepunch.HolepunchMessage.ErrorCode;
import io.lodestone.client.holepunch.HolepunchMessage.Rendezvous;
import io.lodestone.wire.WireFormatException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;

/**
 * The ut_holepunch payload (BEP 55): msg_type (1 byte), addr_type (1 byte: 0 IPv4, 1 IPv6), the
 * address (4 or 16 bytes), the port (2 bytes) and err_code (4 bytes, 0 unless an error), all big
 * endian. Decoding checks every length against what the type says; trailing bytes, unknown types,
 * port 0 and an error message without a code are refused with a {@link WireFormatException}.
 */
public final class HolepunchCodec {

    static final int RENDEZVOUS = 0x00;
    static final int CONNECT = 0x01;
    static final int ERROR = 0x02;
    static final int IPV4 = 0x00;
    static final int IPV6 = 0x01;
    /** The longest message: an IPv6 one. */
    public static final int MAX_LENGTH = 1 + 1 + 16 + 2 + 4;

    private HolepunchCodec() {
    }

    public static byte[] encode(HolepunchMessage m) {
        InetAddress a = m.endpoint().getAddress();
        boolean v4 = a instanceof Inet4Address;
        byte[] addr = a.getAddress();
        ByteBuffer b = ByteBuffer.allocate(1 + 1 + addr.length + 2 + 4);
        b.put((byte) switch (m) {
            case Rendezvous r -> RENDEZVOUS;
            case Connect c -> CONNECT;
            case HolepunchMessage.Error e -> ERROR;
        });
        b.put((byte) (v4 ? IPV4 : IPV6));
        b.put(addr);
        b.putShort((short) m.endpoint().getPort());
        b.putInt(m instanceof HolepunchMessage.Error e ? e.code().wire() : 0);
        return b.array();
    }

    public static HolepunchMessage decode(byte[] payload) throws WireFormatException {
        if (payload.length < 2) {
            throw new WireFormatException("ut_holepunch message of " + payload.length + " bytes");
        }
        int type = payload[0] & 0xff;
        int addrType = payload[1] & 0xff;
        int addrLength = switch (addrType) {
            case IPV4 -> 4;
            case IPV6 -> 16;
            default -> throw new WireFormatException("ut_holepunch address type " + addrType);
        };
        int expected = 2 + addrLength + 2 + 4;
        if (payload.length != expected) {
            throw new WireFormatException("ut_holepunch message of " + payload.length + " bytes, expected "
                    + expected);
        }
        ByteBuffer b = ByteBuffer.wrap(payload, 2, payload.length - 2);
        byte[] addr = new byte[addrLength];
        b.get(addr);
        int port = Short.toUnsignedInt(b.getShort());
        int code = b.getInt();
        if (port == 0) {
            throw new WireFormatException("ut_holepunch endpoint with port 0");
        }
        InetSocketAddress endpoint;
        try {
            // a v4-mapped IPv6 address comes back as IPv4: it names the same peer
            endpoint = new InetSocketAddress(InetAddress.getByAddress(addr), port);
        } catch (UnknownHostException e) {
            throw new WireFormatException("ut_holepunch address of " + addrLength + " bytes");
        }
        return switch (type) {
            case RENDEZVOUS -> new Rendezvous(endpoint);
            case CONNECT -> new Connect(endpoint);
            case ERROR -> {
                if (code == 0) {
                    throw new WireFormatException("ut_holepunch error without an error code");
                }
                yield new HolepunchMessage.Error(endpoint, ErrorCode.of(code));
            }
            default -> throw new WireFormatException("ut_holepunch message type " + type);
        };
    }
}
