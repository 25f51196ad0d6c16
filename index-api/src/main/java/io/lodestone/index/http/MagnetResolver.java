package io.lodestone.index.http;

import io.lodestone.magnet.MagnetUri;
import io.lodestone.resolve.ResolveResult;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/** Fetches a magnet's metadata for {@code POST /api/v1/resolve}; {@code ResolveService::resolve} fits. */
@FunctionalInterface
public interface MagnetResolver {

    /** Completes with the result by {@code timeout} (give or take); never completes exceptionally on purpose. */
    CompletableFuture<ResolveResult> resolve(MagnetUri magnet, Duration timeout);
}
