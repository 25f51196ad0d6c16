package io.lodestone.index.http;

import io.javalin.http.Context;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Set;

/** What operators and monitors read: liveness, Prometheus metrics and the DHT's health. */
final class OpsRoutes {

    static final String HEALTHZ = "/healthz";
    static final String METRICS = "/metrics";
    static final String DHT_HEALTH = "/api/v1/dht/health";

    private final PrometheusRegistry registry;
    private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();
    private final HealthSource health;

    OpsRoutes(PrometheusRegistry registry, HealthSource health) {
        this.registry = registry;
        this.health = health;
    }

    void register(Router r) {
        r.get(HEALTHZ, this::healthz);
        r.get(METRICS, this::metrics);
        r.get(DHT_HEALTH, this::dhtHealth);
    }

    private void healthz(Context ctx) {
        Router.onlyParams(ctx, Set.of());
        String dead = health.deadWorker();
        if (dead != null) {
            ctx.status(503).contentType(Router.TEXT).result("worker died: " + dead + "\n");
            return;
        }
        ctx.status(200).contentType(Router.TEXT).result("ok\n");
    }

    private void metrics(Context ctx) throws IOException {
        Router.onlyParams(ctx, Set.of());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        writer.write(out, registry.scrape());
        ctx.status(200).contentType(writer.getContentType()).result(out.toByteArray());
    }

    private void dhtHealth(Context ctx) throws IOException {
        Router.onlyParams(ctx, Set.of());
        Router.json(ctx, 200, health.json());
    }
}
