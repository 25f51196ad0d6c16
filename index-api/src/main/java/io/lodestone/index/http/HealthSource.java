package io.lodestone.index.http;

import io.lodestone.index.TorrentIndex;
import java.io.IOException;
import java.util.Objects;
import java.util.function.Supplier;
import tools.jackson.databind.node.ObjectNode;

/** The health figures with their rates and the index's counts, for the API and the page alike. */
final class HealthSource {

    private final Supplier<DhtHealth> supplier;
    private final HealthRates rates;
    private final TorrentIndex index;

    HealthSource(Supplier<DhtHealth> supplier, HealthRates rates, TorrentIndex index) {
        this.supplier = supplier;
        this.rates = rates;
        this.index = index;
    }

    /** Which worker died and why, or null while all live. */
    String deadWorker() {
        DhtHealth h = supplier.get();
        return h == null ? null : h.service().deadWorker();
    }

    ObjectNode json() throws IOException {
        DhtHealth h = Objects.requireNonNull(supplier.get(), "the health supplier gave null");
        return ApiJson.health(h, rates.update(h.total()), index.torrentCount(), index.pendingCount());
    }
}
