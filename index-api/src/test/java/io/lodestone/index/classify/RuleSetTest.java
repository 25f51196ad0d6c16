package io.lodestone.index.classify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RuleSetTest {
    @TempDir
    Path data;

    @Test
    void aUserFileAddsRulesAndChangesTheFingerprint() throws Exception {
        RuleSet builtIn = RuleSet.load(data);
        assertThat(builtIn.userFile()).isNull();
        assertThat(builtIn.fingerprint()).isEqualTo(RuleSet.builtIn().fingerprint()).hasSize(32);
        String name = "Obscure.Widget.Thing.v2";
        assertThat(builtIn.classifier().classify(name, List.of()).type()).isNotEqualTo(ContentType.SOFTWARE);

        Files.writeString(data.resolve(RuleSet.USER_FILE), "name software 50 \\bWidget\\b\n");
        RuleSet withUser = RuleSet.load(data);
        assertThat(withUser.classifier().classify(name, List.of()).type()).isEqualTo(ContentType.SOFTWARE);
        assertThat(withUser.fingerprint()).isNotEqualTo(builtIn.fingerprint());
        assertThat(RuleSet.load(data).fingerprint()).as("stable").isEqualTo(withUser.fingerprint());

        Files.writeString(data.resolve(RuleSet.USER_FILE), "weird line\n");
        assertThatThrownBy(() -> RuleSet.load(data)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("classify-rules.txt:1");
    }
}
