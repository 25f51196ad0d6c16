package io.lodestone.crawler.pipeline;

import io.lodestone.types.InfoHash;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The pipeline's resolutions under way: each with its start and deadline, how many of them are
 * plain hashes, and the outcomes that came back and wait for the crawler thread. Owned by that
 * thread; only the resolvers' completion callbacks add from elsewhere, to the outcome queue.
 */
final class RunningResolutions {

    record Running(long started, long deadline, CompletableFuture<ResolveOutcome> future, boolean plain) {
    }

    /** An outcome, with the future it came from: a stale one (cut short, expired) is told apart by it. */
    record Completion(InfoHash infoHash, CompletableFuture<ResolveOutcome> future, ResolveOutcome outcome) {
    }

    /** One resolution that ran past its deadline, taken out and cancelled. */
    record Expired(InfoHash infoHash, Running running) {
    }

    private final Map<InfoHash, Running> running = new HashMap<>();
    private final ConcurrentLinkedQueue<Completion> completions = new ConcurrentLinkedQueue<>();
    private int plain;

    void start(InfoHash hash, Running r) {
        running.put(hash, r);
        plain += r.plain() ? 1 : 0;
        // picked up by the crawler's next step, within its wait
        r.future().whenComplete((outcome, error) -> completions.add(new Completion(hash, r.future(),
                outcome != null ? outcome : new ResolveOutcome.Failed("resolver error: " + error))));
    }

    boolean hasCompletions() {
        return !completions.isEmpty();
    }

    /** The next outcome that came back, or null. */
    Completion nextCompletion() {
        return completions.poll();
    }

    /** Takes out the resolution {@code c} finished; null for a stale outcome (expired or cut short before). */
    Running finish(Completion c) {
        Running r = running.get(c.infoHash());
        if (r == null || r.future() != c.future()) {
            return null;
        }
        return stop(c.infoHash());
    }

    /** Takes out and cancels {@code hash}'s resolution, if one runs; its late outcome is stale. */
    Running cancel(InfoHash hash) {
        Running r = stop(hash);
        if (r != null) {
            r.future().cancel(true);
        }
        return r;
    }

    /** Takes out and cancels those past their deadline. */
    List<Expired> expire(long now) {
        List<Expired> out = new ArrayList<>();
        for (Iterator<Map.Entry<InfoHash, Running>> it = running.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<InfoHash, Running> e = it.next();
            if (now - e.getValue().deadline() > 0) {
                it.remove();
                plain -= e.getValue().plain() ? 1 : 0;
                e.getValue().future().cancel(true);
                out.add(new Expired(e.getKey(), e.getValue()));
            }
        }
        return out;
    }

    /** Cancels them all (the crawler stops): none counts as failed. */
    void cancelAll() {
        running.values().forEach(r -> r.future().cancel(true));
        running.clear();
        plain = 0;
    }

    List<InfoHash> hashes() {
        return List.copyOf(running.keySet());
    }

    int size() {
        return running.size();
    }

    int plain() {
        return plain;
    }

    private Running stop(InfoHash hash) {
        Running r = running.remove(hash);
        if (r != null && r.plain()) {
            plain--;
        }
        return r;
    }
}
