package io.lodestone.index.classify;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Seeded hostile input: the classifier answers every time, never throws, never hangs. */
class ClassifierFuzzTest {
    private static final String[] FRAGMENTS = {"S01", "E", "-", "[", "]", "(", ")", ".", " ", "x", "1080p", "Season",
        "19", "20", "99999999999", "v2", "\u0000", "\uD83D\uDE00", "\uD800", "ä", "/", "..", "mkv", "(?<v>", "\\", "*",
        "FLAC", "XXX", "Repack", "Seasons 1-", "S01E", "E-", "~", "&", "Episode", "Ep.", "-  -", "[Group]", "\t", "\n"};

    private final Classifier classifier = Classifier.defaults();

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void randomNamesAndFileListsNeverThrow() {
        Random rnd = new Random(0x5EED_14L);
        for (int i = 0; i < 20_000; i++) {
            String name = randomName(rnd);
            List<TorrentFile> files = new ArrayList<>();
            int n = rnd.nextInt(6);
            for (int f = 0; f < n; f++) {
                long size = switch (rnd.nextInt(5)) {
                    case 0 -> -rnd.nextLong(Long.MAX_VALUE);
                    case 1 -> Long.MAX_VALUE;
                    case 2 -> 0;
                    default -> rnd.nextLong(1L << 40);
                };
                files.add(new TorrentFile(randomName(rnd) + "." + randomName(rnd), size));
            }
            Classification c = classifier.classify(name, files);
            assertThat(c.type()).isNotNull();
            assertThat(c.attributes()).isNotNull();
        }
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void hugeAndMissingInputIsBounded() {
        String longName = "S01E01 [".repeat(200_000) + "1080p";
        List<TorrentFile> many = new ArrayList<>();
        for (int i = 0; i < 200_000; i++) {
            many.add(new TorrentFile("d/".repeat(i % 50) + "f" + i + ".mkv", Long.MAX_VALUE / 3));
        }
        assertThat(classifier.classify(longName, many).type()).isNotNull();
        assertThat(classifier.classify(null, null).type()).isEqualTo(ContentType.OTHER);
        assertThat(classifier.classify("", List.of()).type()).isEqualTo(ContentType.OTHER);
        assertThat(classifier.classify("x", List.of(new TorrentFile("", -1), new TorrentFile(".", 0))).type()).isNotNull();
        List<TorrentFile> withNull = new ArrayList<>();
        withNull.add(null);
        withNull.add(new TorrentFile("a/b.mkv", 5));
        assertThat(classifier.classify("x", withNull).type()).isNotNull();
    }

    private static String randomName(Random rnd) {
        StringBuilder sb = new StringBuilder();
        int parts = rnd.nextInt(20);
        for (int p = 0; p < parts; p++) {
            if (rnd.nextBoolean()) {
                sb.append(FRAGMENTS[rnd.nextInt(FRAGMENTS.length)]);
            } else if (rnd.nextBoolean()) {
                sb.append(rnd.nextInt(10_000));
            } else {
                sb.append((char) rnd.nextInt(0x3000));
            }
        }
        return sb.toString();
    }
}
