package io.lodestone.bencode;

import java.util.ArrayList;
import java.util.Arrays;

/**
 * Strict bencode decoder: dict keys sorted and unique, no leading zeros, no {@code -0}, every
 * length checked against the bytes that remain, nesting depth and item count bounded. Decoded
 * values keep their byte span in the (unshared, unmodified) input array.
 */
public final class BencodeDecoder {

    /** Digits in the longest length prefix we ever read; more cannot fit an int anyway. */
    private static final int MAX_LENGTH_DIGITS = 10;
    /** Digits of Long.MAX_VALUE; more cannot be a long. */
    private static final int MAX_INT_DIGITS = 19;

    /** Keys a dict starts with room for; KRPC dicts have at most about this many. */
    private static final int DICT_CAPACITY = 8;

    private final BencodeLimits limits;

    public BencodeDecoder(BencodeLimits limits) {
        this.limits = limits;
    }

    public static BencodeDecoder strict() {
        return new BencodeDecoder(BencodeLimits.defaults());
    }

    /** Decodes exactly one value that fills the whole input. */
    public BValue decode(byte[] input) {
        Decoded d = decodePrefix(input, 0);
        if (d.end() != input.length) {
            throw new BencodeException("trailing bytes after value", d.end());
        }
        return d.value();
    }

    /** Decodes one value starting at {@code offset}; bytes after it are left to the caller. */
    public Decoded decodePrefix(byte[] input, int offset) {
        if (input.length > limits.maxInputBytes()) {
            throw new BencodeException("input of " + input.length + " bytes exceeds the limit of "
                    + limits.maxInputBytes());
        }
        if (offset < 0 || offset > input.length) {
            throw new BencodeException("offset outside input", offset);
        }
        Cursor c = new Cursor(input, offset);
        BValue v = c.value(0);
        return new Decoded(v, c.pos);
    }

    /** A value and the offset just past it. */
    public record Decoded(BValue value, int end) {
    }

    private final class Cursor {
        private final byte[] in;
        private int pos;
        private int items;

        Cursor(byte[] in, int pos) {
            this.in = in;
            this.pos = pos;
        }

        BValue value(int depth) {
            if (++items > limits.maxItems()) {
                throw new BencodeException("more than " + limits.maxItems() + " values", pos);
            }
            if (pos >= in.length) {
                throw new BencodeException("unexpected end of input", pos);
            }
            byte b = in[pos];
            return switch (b) {
                case 'i' -> integer();
                case 'l' -> list(depth + 1);
                case 'd' -> dict(depth + 1);
                default -> {
                    if (b >= '0' && b <= '9') {
                        yield string();
                    }
                    throw new BencodeException("unexpected byte 0x" + Integer.toHexString(b & 0xff), pos);
                }
            };
        }

        private BInt integer() {
            int start = pos++;
            boolean negative = false;
            if (pos < in.length && in[pos] == '-') {
                negative = true;
                pos++;
            }
            int digitsStart = pos;
            long value = 0;
            while (pos < in.length && in[pos] >= '0' && in[pos] <= '9') {
                if (pos - digitsStart >= MAX_INT_DIGITS) {
                    // 19 digits may still overflow; the check below catches that. 20+ never fit.
                    throw new BencodeException("integer out of range", start);
                }
                value = value * 10 + (in[pos] - '0');
                pos++;
            }
            int digits = pos - digitsStart;
            if (digits == 0) {
                throw new BencodeException(pos >= in.length ? "unexpected end of input" : "integer without digits", pos);
            }
            // 19 digits overflowed into the sign bit; Long.MIN_VALUE is the one such value that
            // is in range (as a negative number), since its magnitude is one past Long.MAX_VALUE
            if (value < 0 && !(negative && value == Long.MIN_VALUE)) {
                throw new BencodeException("integer out of range", start);
            }
            if (in[digitsStart] == '0' && digits > 1) {
                throw new BencodeException("integer with leading zero", start);
            }
            if (negative && value == 0) {
                throw new BencodeException("negative zero", start);
            }
            expect('e', "integer not terminated by 'e'");
            return new BInt(negative ? -value : value, span(start));
        }

        private BString string() {
            int start = pos;
            int len = length();
            if (len > in.length - pos) {
                throw new BencodeException("string length " + len + " exceeds the " + (in.length - pos)
                        + " bytes that remain", start);
            }
            byte[] bytes = java.util.Arrays.copyOfRange(in, pos, pos + len);
            pos += len;
            return new BString(bytes, span(start));
        }

        private int length() {
            int start = pos;
            long len = 0;
            while (pos < in.length && in[pos] >= '0' && in[pos] <= '9') {
                if (pos - start >= MAX_LENGTH_DIGITS) {
                    throw new BencodeException("string length too large", start);
                }
                len = len * 10 + (in[pos] - '0');
                pos++;
            }
            if (in[start] == '0' && pos - start > 1) {
                throw new BencodeException("string length with leading zero", start);
            }
            if (len > Integer.MAX_VALUE) {
                throw new BencodeException("string length too large", start);
            }
            expect(':', "string length not followed by ':'");
            return (int) len;
        }

        private BList list(int depth) {
            checkDepth(depth);
            int start = pos++;
            ArrayList<BValue> items = new ArrayList<>();
            while (true) {
                if (pos >= in.length) {
                    throw new BencodeException("unterminated list", start);
                }
                if (in[pos] == 'e') {
                    pos++;
                    return new BList(items, span(start));
                }
                items.add(value(depth));
            }
        }

        private BDict dict(int depth) {
            checkDepth(depth);
            int start = pos++;
            // sorted and unique, checked key by key below: two arrays will do, no tree needed
            BString[] keys = new BString[DICT_CAPACITY];
            BValue[] values = new BValue[DICT_CAPACITY];
            int n = 0;
            BString previous = null;
            while (true) {
                if (pos >= in.length) {
                    throw new BencodeException("unterminated dictionary", start);
                }
                if (in[pos] == 'e') {
                    pos++;
                    return new BDict(Arrays.copyOf(keys, n), Arrays.copyOf(values, n), span(start));
                }
                int keyAt = pos;
                if (in[pos] < '0' || in[pos] > '9') {
                    throw new BencodeException("dictionary key is not a string", keyAt);
                }
                if (++items > limits.maxItems()) {
                    throw new BencodeException("more than " + limits.maxItems() + " values", pos);
                }
                BString key = string();
                if (previous != null) {
                    int cmp = previous.compareTo(key);
                    if (cmp == 0) {
                        throw new BencodeException("duplicate dictionary key " + key, keyAt);
                    }
                    if (cmp > 0) {
                        throw new BencodeException("dictionary keys not sorted (" + key + " after " + previous + ")", keyAt);
                    }
                }
                previous = key;
                if (pos >= in.length) {
                    throw new BencodeException("dictionary key " + key + " without a value", keyAt);
                }
                if (n == keys.length) {
                    keys = Arrays.copyOf(keys, n * 2);
                    values = Arrays.copyOf(values, n * 2);
                }
                keys[n] = key;
                values[n++] = value(depth);
            }
        }

        private void checkDepth(int depth) {
            if (depth > limits.maxDepth()) {
                throw new BencodeException("nesting deeper than " + limits.maxDepth(), pos);
            }
        }

        private void expect(char c, String reason) {
            if (pos >= in.length) {
                throw new BencodeException("unexpected end of input", pos);
            }
            if (in[pos] != c) {
                throw new BencodeException(reason, pos);
            }
            pos++;
        }

        private BValue.Span span(int start) {
            return new BValue.Span(in, start, pos - start);
        }
    }
}
