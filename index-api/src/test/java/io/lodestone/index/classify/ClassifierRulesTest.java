package io.lodestone.index.classify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The rule file: the built-in set loads, a user file extends it, and a bad line gets a clear error. */
class ClassifierRulesTest {
    @TempDir
    Path dir;

    @Test
    void userFileExtendsTheBuiltInRules() throws IOException {
        List<TorrentFile> files = List.of(new TorrentFile("scan/page.xyz", 40_000_000));
        assertThat(Classifier.defaults().classify("Old Atlas Scans", files).type()).isEqualTo(ContentType.OTHER);

        Path extra = dir.resolve("my-rules.txt");
        Files.writeString(extra, """
                # a user's own extension and words
                ext scan xyz
                weigh scan ebook=5
                attr source Scan \\bScans?\\b
                """);
        Classification c = new Classifier(ClassifierRules.defaultsWith(extra)).classify("Old Atlas Scans", files);
        assertThat(c.type()).isEqualTo(ContentType.EBOOK);
        assertThat(c.attributes().source()).isEqualTo("Scan");
    }

    @Test
    void userAttributeRulesComeBeforeTheBuiltInOnes() throws IOException {
        ClassifierRules extra = ClassifierRules.parse(new StringReader("attr resolution 1080p-ish \\b1080p\\b"), "extra");
        Classifier c = new Classifier(ClassifierRules.defaults().merge(extra));
        assertThat(c.classify("Show.S01E02.1080p.WEB.x264", List.of()).attributes().resolution()).isEqualTo("1080p-ish");
    }

    @Test
    void badLinesAreRefusedWithSourceAndLineNumber() {
        assertThatThrownBy(() -> parse("ext video mkv\nname movie 2 (unclosed"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("t:2:");
        assertThatThrownBy(() -> parse("name film 2 x")).hasMessageContaining("unknown content type: film");
        assertThatThrownBy(() -> parse("name movie heavy x")).hasMessageStartingWith("t:1:");
        assertThatThrownBy(() -> parse("attr colour red red")).hasMessageContaining("unknown attribute colour");
        assertThatThrownBy(() -> parse("attr year {v} \\d{4}")).hasMessageContaining("(?<v>");
        assertThatThrownBy(() -> parse("frobnicate x")).hasMessageContaining("unknown rule kind frobnicate");
        assertThatThrownBy(() -> parse("weigh video movie")).hasMessageStartingWith("t:1:");
        assertThatThrownBy(() -> parse("threshold")).hasMessageStartingWith("t:1:");
        assertThatThrownBy(() -> parse("weigh video movie=NaN")).hasMessageContaining("weight must be a number");
        assertThatThrownBy(() -> parse("name movie 1e300 x")).hasMessageContaining("weight must be a number");
    }

    @Test
    void episodePatternsUseKnownGroupsOnly() throws IOException {
        assertThatThrownBy(() -> parse("episode (?<season>\\d+)")).hasMessageContaining("unknown group season");
        ClassifierRules r = parse("episode \\bChapter (?<e>\\d+)");
        assertThat(new Classifier(r).classify("Saga Chapter 12", List.of()).attributes().episodeLabel()).isEqualTo("12");
    }

    private static ClassifierRules parse(String text) throws IOException {
        return ClassifierRules.parse(new StringReader(text), "t");
    }
}
