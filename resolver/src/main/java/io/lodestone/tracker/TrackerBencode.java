package io.lodestone.tracker;

import io.lodestone.bencode.BDict;
import io.lodestone.bencode.BList;
import io.lodestone.bencode.BString;
import io.lodestone.bencode.BValue;
import io.lodestone.bencode.BencodeDecoder;
import io.lodestone.bencode.BencodeException;
import io.lodestone.bencode.BencodeLimits;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Bencode as trackers send it. The strict decoder comes first; when it refuses and leniency is on,
 * a second pass accepts the two faults hand-written tracker encoders are known for: dict keys out
 * of order and whitespace (usually a newline) after the value. Recursion is bounded by
 * {@link #MAX_DEPTH}. Every string and integer still goes
 * through the strict decoder, and duplicate keys stay an error (which copy would count is
 * ambiguous). Limits are the same on both passes.
 */
final class TrackerBencode {

    /** A response is dict > list > dict > string at its deepest; scrapes dict > dict > dict. */
    static final int MAX_DEPTH = 16;
    /** Every value takes at least two bytes, so this is never reached within the size limit. */
    static final int MAX_ITEMS = 1 << 20;

    private final BencodeDecoder strict;
    private final boolean lenient;

    TrackerBencode(int maxInputBytes, boolean lenient) {
        this.strict = new BencodeDecoder(new BencodeLimits(MAX_DEPTH, MAX_ITEMS, maxInputBytes));
        this.lenient = lenient;
    }

    /** One value filling {@code body}; a {@link TrackerException} (MALFORMED) when it is not bencode. */
    BValue decode(byte[] body) {
        try {
            return strict.decode(body);
        } catch (BencodeException strictError) {
            if (lenient) {
                try {
                    return new Lenient(body).top();
                } catch (BencodeException ignored) {
                    // report what the strict decoder saw: it is the more precise of the two
                }
            }
            throw new TrackerException(TrackerException.Kind.MALFORMED, "response is not bencode: "
                    + strictError.getMessage());
        }
    }

    private final class Lenient {
        private final byte[] in;
        private int pos;
        private int items;

        Lenient(byte[] in) {
            this.in = in;
        }

        BValue top() {
            BValue v = value(0);
            while (pos < in.length && isWhitespace(in[pos])) {
                pos++;
            }
            if (pos != in.length) {
                throw new BencodeException("trailing bytes after value", pos);
            }
            return v;
        }

        private BValue value(int depth) {
            if (++items > MAX_ITEMS) {
                throw new BencodeException("too many values", pos);
            }
            if (pos >= in.length) {
                throw new BencodeException("unexpected end of input", pos);
            }
            byte b = in[pos];
            if (b == 'l' || b == 'd') {
                if (depth + 1 > MAX_DEPTH) {
                    throw new BencodeException("nesting too deep", pos);
                }
                return b == 'l' ? list(depth + 1) : dict(depth + 1);
            }
            // strings and integers: the strict decoder reads exactly one and says where it ended
            BencodeDecoder.Decoded d = strict.decodePrefix(in, pos);
            pos = d.end();
            return d.value();
        }

        private BList list(int depth) {
            int start = pos++;
            List<BValue> out = new ArrayList<>();
            while (true) {
                if (pos >= in.length) {
                    throw new BencodeException("unterminated list", start);
                }
                if (in[pos] == 'e') {
                    pos++;
                    return BList.of(out);
                }
                out.add(value(depth));
            }
        }

        private BDict dict(int depth) {
            int start = pos++;
            BDict.Builder out = BDict.builder();
            Set<BString> seen = new HashSet<>();
            while (true) {
                if (pos >= in.length) {
                    throw new BencodeException("unterminated dictionary", start);
                }
                if (in[pos] == 'e') {
                    pos++;
                    return out.build();
                }
                if (in[pos] < '0' || in[pos] > '9') {
                    throw new BencodeException("dictionary key is not a string", pos);
                }
                int keyAt = pos;
                BString key = (BString) value(depth);
                if (!seen.add(key)) {
                    throw new BencodeException("duplicate dictionary key", keyAt);
                }
                out.put(key, value(depth));
            }
        }

        private static boolean isWhitespace(byte b) {
            return b == ' ' || b == '\t' || b == '\r' || b == '\n';
        }
    }
}
