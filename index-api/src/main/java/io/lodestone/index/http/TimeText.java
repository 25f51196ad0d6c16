package io.lodestone.index.http;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Times of day on the pages, in UTC (the server does not know the reader's zone). */
final class TimeText {

    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);

    private TimeText() {
    }

    static String clock(Instant t) {
        return CLOCK.format(t);
    }
}
