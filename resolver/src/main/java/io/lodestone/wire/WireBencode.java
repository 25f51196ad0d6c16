package io.lodestone.wire;

import io.lodestone.bencode.BDict;
import io.lodestone.bencode.BValue;
import io.lodestone.bencode.BencodeDecoder;
import io.lodestone.bencode.BencodeException;
import io.lodestone.bencode.BencodeLimits;

/** The strict bencode decoder, its errors turned into {@link WireFormatException}s naming the message. */
final class WireBencode {
    private WireBencode() {
    }

    /** Exactly one dict filling {@code bytes}. */
    static BDict decodeDict(byte[] bytes, BencodeLimits limits, String what) {
        BencodeDecoder.Decoded d = decodePrefix(bytes, limits, what);
        if (d.end() != bytes.length) {
            throw new WireFormatException(what + " has " + (bytes.length - d.end()) + " bytes after its dictionary");
        }
        return (BDict) d.value();
    }

    /** A dict at the start of {@code bytes}; {@link BencodeDecoder.Decoded#end()} says where it ends. */
    static BencodeDecoder.Decoded decodePrefix(byte[] bytes, BencodeLimits limits, String what) {
        BencodeDecoder.Decoded d;
        try {
            d = new BencodeDecoder(limits).decodePrefix(bytes, 0);
        } catch (BencodeException e) {
            throw new WireFormatException(what + " is not strict bencode: " + e.getMessage());
        }
        BValue v = d.value();
        if (!(v instanceof BDict)) {
            throw new WireFormatException(what + " is not a bencoded dictionary");
        }
        return d;
    }
}
