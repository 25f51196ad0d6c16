package io.lodestone.client.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PendingWorkTest {

    @Test
    void withNothingPendingWhatWaitsRunsAtOnce() {
        PendingWork w = new PendingWork();
        List<String> ran = new ArrayList<>();
        w.whenIdle(() -> ran.add("now"));
        assertThat(ran).containsExactly("now");
    }

    @Test
    void whatWaitsRunsOnceTheLastPendingWorkEndsInTheOrderItCame() {
        PendingWork w = new PendingWork();
        List<String> ran = new ArrayList<>();
        w.started();
        w.started();
        w.whenIdle(() -> ran.add("a"));
        w.whenIdle(() -> ran.add("b"));
        w.ended();
        assertThat(ran).isEmpty();
        w.ended();
        assertThat(ran).containsExactly("a", "b");
        w.started();
        w.ended();
        assertThat(ran).as("each runs once").containsExactly("a", "b");
    }

    @Test
    void endingMoreThanStartedIsABug() {
        assertThatThrownBy(() -> new PendingWork().ended()).isInstanceOf(IllegalStateException.class);
    }
}
