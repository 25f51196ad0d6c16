package io.lodestone.index.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The test parser itself: it must refuse what Prometheus would refuse, or the /metrics test proves nothing. */
class PrometheusTextTest {

    @Test
    void readsAWellFormedExposition() {
        var f = PrometheusText.parse("# HELP a_total things\n# TYPE a counter\na_total{x=\"1\",y=\"q\\\"\"} 3\n"
                + "# TYPE g gauge\ng -Inf\ng{z=\"\"} 1.5e3 1700000000000\n");
        assertThat(f.get("a").samples().get(0).labels()).containsEntry("y", "q\"");
        assertThat(f.get("g").samples()).hasSize(2);
    }

    @ParameterizedTest
    @ValueSource(strings = {"a 1\n", "# TYPE a counter\nb_total 1\n", "# TYPE a gauge\na{x=1} 1\n",
            "# TYPE a gauge\na{x=\"1} 1\n", "# TYPE a gauge\na one\n", "# TYPE a gauge\na 1", "# TYPE a gauge\na  1\n",
            "# TYPE a gauge\n# TYPE a gauge\n", "# TYPE a gauge\na{x=\"\\q\"} 1\n", "# TYPE a wrong\n",
            "# TYPE a gauge\n1a 1\n", "# TYPE a gauge\na{x=\"1\",x=\"2\"} 1\n"})
    void refusesMalformedText(String text) {
        assertThatThrownBy(() -> PrometheusText.parse(text)).isInstanceOf(IllegalArgumentException.class);
    }
}
