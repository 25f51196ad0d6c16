package io.lodestone.ops.cli;

import java.util.Locale;

/** Byte counts for people, and back: "16K", "4MiB", "1048576". */
public final class Sizes {
    private static final String[] UNITS = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};

    private Sizes() {
    }

    public static String human(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        int unit = (63 - Long.numberOfLeadingZeros(bytes)) / 10;
        return String.format(Locale.ROOT, "%.1f %s", bytes / Math.pow(1024, unit), UNITS[unit]);
    }

    /** Parses a whole number of bytes with an optional binary suffix K, M, G (KiB, MiB, GiB). */
    public static long parse(String s) {
        String t = s.trim().toUpperCase(Locale.ROOT).replace("IB", "").replace("B", "");
        long factor = 1;
        if (!t.isEmpty()) {
            switch (t.charAt(t.length() - 1)) {
                case 'K' -> factor = 1L << 10;
                case 'M' -> factor = 1L << 20;
                case 'G' -> factor = 1L << 30;
                default -> factor = 1;
            }
            if (factor != 1) {
                t = t.substring(0, t.length() - 1);
            }
        }
        if (t.isEmpty() || t.length() > 12 || !t.chars().allMatch(Character::isDigit)) {
            throw new BadInputException("not a size: '" + s + "' (use bytes or a K, M, G suffix)");
        }
        return Math.multiplyExact(Long.parseLong(t), factor);
    }
}
