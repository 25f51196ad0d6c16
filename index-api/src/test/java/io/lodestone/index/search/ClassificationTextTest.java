package io.lodestone.index.search;

import static org.assertj.core.api.Assertions.assertThat;

import io.lodestone.index.SearchHit;
import io.lodestone.index.classify.Classification;
import io.lodestone.index.classify.Classifier;
import io.lodestone.index.classify.ContentType;
import io.lodestone.index.classify.MediaAttributes;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClassificationTextTest {

    @Test
    void roundTripsWhatTheClassifierSays() {
        Classifier c = Classifier.defaults();
        for (String name : List.of("Restless.River.S01-S03.1080p.BluRay.x265.MULTi.FRENCH.DTS-GRP",
                "[Group] Some Show - 1087-1090 [1080p].mkv", "Dune.Part.Two.2024.2160p.WEB-DL.DDP5.1.Atmos.H.265-GRP",
                "Ada Varga - Northern Lights (2019) [FLAC]", "nothing to see")) {
            Classification k = c.classify(name, List.of());
            assertThat(ClassificationText.decode(ClassificationText.encode(k))).as(name).isEqualTo(k);
        }
    }

    @Test
    void separatorsInValuesAreDroppedAndBadTextReadsAsUnclassified() {
        MediaAttributes a = new MediaAttributes("10\u001f80p", null, null, null, null, null, null, false, null,
                List.of("Eng\u001elish", "French"), List.of());
        Classification k = ClassificationText.decode(ClassificationText.encode(new Classification(ContentType.TV, a)));
        assertThat(k.attributes().resolution()).isEqualTo("1080p");
        assertThat(k.attributes().languages()).containsExactly("English", "French");
        for (String bad : new String[] {null, "", "tv", "films\u001f\u001f\u001f\u001f\u001f\u001f\u001f\u001f\u001f\u001f\u001f",
                "tv\u001f\u001f\u001f\u001fx\u001f\u001f\u001f\u001f\u001f\u001f\u001f"}) {
            assertThat(ClassificationText.decode(bad)).isEqualTo(SearchHit.UNCLASSIFIED);
        }
    }
}
