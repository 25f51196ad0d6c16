package io.lodestone.index.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.lodestone.index.json.TorrentJson;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

/** The health page's fleet card: on a fleet member only, with membership, lags and per-crawler counts. */
class HealthViewFleetTest {

    static final Instant NOW = Instant.parse("2026-12-06T10:00:00Z");

    @Test
    void aFleetMemberShowsMembershipLagsAndWhatEachCrawlerAdded() throws Exception {
        ObjectNode health = (ObjectNode) TorrentJson.MAPPER.readTree("""
                {"crawl": {"fleet": {"role": "index", "crawlers": 2, "catalogLag": 7, "harvestLag": 0,
                  "harvestUnfinished": 0, "published": 0, "catalogApplied": 100,
                  "verifiedToSearchableMs": {"p50": 1056, "p99": 3263},
                  "appliedByCrawler": {"crawl-127.0.0.2": 48, "crawl-127.0.0.3": 52}}}}
                """);
        String page = HealthView.render(health, Duration.ofSeconds(5), NOW);
        assertThat(page).contains("<h2>Fleet (index)</h2>")
                .contains("<dt>Crawlers in the group</dt><dd data-field=\"crawl.fleet.crawlers\" data-format=\"count\">2</dd>")
                .contains("data-field=\"crawl.fleet.catalogLag\" data-format=\"count\">7</dd>")
                .contains("data-field=\"crawl.fleet.verifiedToSearchableMs.p99\" data-format=\"count\">3,263</dd>")
                .contains("<dt>crawl-127.0.0.2</dt><dd>48</dd>").contains("<dt>crawl-127.0.0.3</dt><dd>52</dd>");
    }

    @Test
    void aSingleProcessHasNoFleetCard() throws Exception {
        ObjectNode health = (ObjectNode) TorrentJson.MAPPER.readTree("{\"crawl\": {}}");
        assertThat(HealthView.render(health, Duration.ofSeconds(5), NOW)).doesNotContain("Fleet (");
    }
}
