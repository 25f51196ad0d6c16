package io.lodestone.index.http;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/** Numbers as people read them on the pages: sizes in binary units, counts grouped, ages rounded. */
final class Formats {

    private static final String[] UNITS = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};

    private Formats() {
    }

    static String size(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        double v = bytes;
        int unit = 0;
        while (v >= 1024 && unit < UNITS.length - 1) {
            v /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, v < 10 ? "%.2f %s" : v < 100 ? "%.1f %s" : "%.0f %s", v, UNITS[unit]);
    }

    static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    /** One decimal: the health page's rates and latencies (its script formats the same way). */
    static String decimal(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    /** How long ago, to the largest whole unit; a time in the future (clock skew) is "just now". */
    static String age(Instant then, Instant now) {
        long s = Duration.between(then, now).toSeconds();
        if (s < 60) {
            return "just now";
        }
        if (s < 3600) {
            return plural(s / 60, "minute") + " ago";
        }
        if (s < 86_400) {
            return plural(s / 3600, "hour") + " ago";
        }
        if (s < 86_400L * 60) {
            return plural(s / 86_400, "day") + " ago";
        }
        if (s < 86_400L * 730) {
            return plural(s / (86_400L * 30), "month") + " ago";
        }
        return plural(s / (86_400L * 365), "year") + " ago";
    }

    private static String plural(long n, String unit) {
        return n + " " + unit + (n == 1 ? "" : "s");
    }
}
