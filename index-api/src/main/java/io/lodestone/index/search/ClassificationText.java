package io.lodestone.index.search;

import io.lodestone.index.SearchHit;
import io.lodestone.index.classify.Classification;
import io.lodestone.index.classify.ContentType;
import io.lodestone.index.classify.MediaAttributes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A classification as one stored string in a search document, so a result list shows type and
 * attributes without classifying again. Fields are separated by U+001F and list items by U+001E,
 * characters a value never keeps (they are dropped from it). A string that does not decode reads
 * as unclassified: it is derived data, and the next reclassification writes it again.
 */
final class ClassificationText {
    private static final char FIELD = '\u001f';
    private static final char ITEM = '\u001e';
    private static final int FIELDS = 12;
    private static final int MAX_VALUE_CHARS = 64;

    private ClassificationText() {
    }

    static String encode(Classification c) {
        MediaAttributes a = c.attributes();
        Object[] values = {c.type().label(), a.resolution(), a.source(), a.videoCodec(), a.seasonFrom(), a.seasonTo(),
                a.episodeFrom(), a.episodeTo(), a.absoluteEpisode() ? "1" : "", a.year()};
        StringBuilder b = new StringBuilder(64);
        for (Object v : values) {
            b.append(v == null ? "" : clean(v.toString())).append(FIELD);
        }
        // lists clean each item themselves: cleaning the joined text would drop their separators
        return b.append(list(a.languages())).append(FIELD).append(list(a.audio())).toString();
    }

    static Classification decode(String s) {
        if (s == null) {
            return SearchHit.UNCLASSIFIED;
        }
        String[] f = s.split(String.valueOf(FIELD), -1);
        if (f.length != FIELDS) {
            return SearchHit.UNCLASSIFIED;
        }
        try {
            MediaAttributes a = new MediaAttributes(text(f[1]), text(f[2]), text(f[3]), number(f[4]), number(f[5]),
                    number(f[6]), number(f[7]), f[8].equals("1"), number(f[9]), items(f[10]), items(f[11]));
            return new Classification(ContentType.of(f[0]), a);
        } catch (IllegalArgumentException e) {
            return SearchHit.UNCLASSIFIED;
        }
    }

    private static String list(List<String> items) {
        StringBuilder b = new StringBuilder();
        for (String i : items) {
            if (b.length() > 0) {
                b.append(ITEM);
            }
            b.append(clean(i));
        }
        return b.toString();
    }

    private static String clean(String v) {
        String cut = v.length() > MAX_VALUE_CHARS ? v.substring(0, MAX_VALUE_CHARS) : v;
        return cut.replace(String.valueOf(FIELD), "").replace(String.valueOf(ITEM), "");
    }

    private static String text(String f) {
        return f.isEmpty() ? null : f;
    }

    private static Integer number(String f) {
        return f.isEmpty() ? null : Integer.valueOf(f);
    }

    private static List<String> items(String f) {
        return f.isEmpty() ? List.of() : new ArrayList<>(Arrays.asList(f.split(String.valueOf(ITEM), -1)));
    }
}
