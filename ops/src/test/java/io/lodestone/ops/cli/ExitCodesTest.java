package io.lodestone.ops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.lodestone.ops.fleet.KafkaUnavailableException;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class ExitCodesTest {

    @Test
    void outsideConditionsAndBadInputAreNotInternalErrors() {
        assertThat(LodestoneCommand.exitCodeFor(new KafkaUnavailableException("Kafka did not answer", null)))
                .isEqualTo(ExitCodes.NOT_FOUND_IN_TIME);
        assertThat(LodestoneCommand.exitCodeFor(new IllegalArgumentException("bad"))).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(LodestoneCommand.exitCodeFor(new IOException("disk"))).isEqualTo(ExitCodes.INTERNAL);
    }
}
