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

    static final String ACTIONS = "lodestone_http_actions";
    static final String RESOLVE = "resolve";
    static final String DOWNLOAD = "download";

    private final Counter requests;
    private final Counter actions;

    HttpMetrics(PrometheusRegistry registry) {
        requests = Counter.builder()
                .name(REQUESTS)
                .help("HTTP requests answered, by route template and status code")
                .labelNames("route", "status")
                .register(registry);
        actions = Counter.builder()
                .name(ACTIONS)
                .help("actions the HTTP API started: resolves and downloads")
                .labelNames("action")
                .register(registry);
        actions.labelValues(RESOLVE).inc(0); // shown as 0 before the first, so a check can read it
        actions.labelValues(DOWNLOAD).inc(0);
    }

    /** A resolve or download started (after every check passed). */
    void started(String action) {
        actions.labelValues(action).inc();
    }

    void count(String route, int status) {
        requests.labelValues(route == null ? UNMATCHED : route, Integer.toString(status)).inc();
    }
}
