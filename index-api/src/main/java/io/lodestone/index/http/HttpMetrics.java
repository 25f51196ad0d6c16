package io.lodestone.index.http;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/**
 * The server's own counter, registered once per server in its registry. Labels are route
 * templates and status codes, never raw paths, so their number stays bounded.
 */
final class HttpMetrics {

    static final String REQUESTS = "lodestone_http_requests";
    /** The route label of requests that matched no route. */
    static final String UNMATCHED = "unmatched";

    private final Counter requests;

    HttpMetrics(PrometheusRegistry registry) {
        requests = Counter.builder()
                .name(REQUESTS)
                .help("HTTP requests answered, by route template and status code")
                .labelNames("route", "status")
                .register(registry);
    }

    void count(String route, int status) {
        requests.labelValues(route == null ? UNMATCHED : route, Integer.toString(status)).inc();
    }
}
