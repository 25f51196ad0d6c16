package io.lodestone.ops.bench.sim;

import io.lodestone.crawler.harvest.Harvest;
import io.lodestone.time.VirtualClock;
import io.lodestone.types.InfoHash;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Crawl reach at internet scale, by simulation: our real farm, BEP 51 sweep and harvest
 * ({@link SimFarm}) in a deterministic simulated DHT ({@link SimPopulation}, {@link SimResponder},
 * {@link SimNetwork}) on a virtual clock. Counts which stored hashes reach the harvester and how
 * much traffic that took.
 *
 * <pre>{@code
 * SimulationReport r = CrawlSimulation.run(SimulationConfig.defaults());
 * System.out.print(r.text());
 * }</pre>
 */
public final class CrawlSimulation {

    private static final long MINUTE = 60_000_000_000L;
    private static final int CURVE_STEP_MINUTES = 10;
    /** Routers the farm bootstraps from: as the public routers, always up. */
    private static final int ROUTERS = 4;

    private CrawlSimulation() {
    }

    public static SimulationReport run(SimulationConfig c) {
        long wallStart = System.nanoTime();
        SplittableRandom random = new SplittableRandom(c.seed());
        SimPopulation pop = new SimPopulation(c, random.split());
        VirtualEvents events = new VirtualEvents(new VirtualClock());
        SimResponder responder = new SimResponder(pop, c, random.split());
        SimNetwork net = new SimNetwork(pop, responder, events, c.loss(), random.split());
        double unreachable = unreachableShare(pop, responder);
        SimFarm farm = new SimFarm(c, events, net::sinkFor, routers(pop, responder), random.split());
        net.attach(farm);
        farm.start();

        Map<InfoHash, Integer> index = new HashMap<>(pop.hashes.length * 2);
        for (int h = 0; h < pop.hashes.length; h++) {
            index.put(pop.hashes[h], h);
        }
        BitSet seen = new BitSet(pop.hashes.length);
        int[] onBep51Seen = {0};
        List<SimulationReport.Point> curve = new ArrayList<>();
        double coverage1h = -1;
        long end = c.duration().toNanos();
        for (long t = CURVE_STEP_MINUTES * MINUTE; ; t = Math.min(end, t + CURVE_STEP_MINUTES * MINUTE)) {
            runDraining(events, farm, t, index, seen, pop, onBep51Seen);
            double cov = (double) onBep51Seen[0] / Math.max(1, pop.onBep51Count);
            int minutes = (int) (t / MINUTE);
            curve.add(new SimulationReport.Point(minutes, cov));
            if (minutes <= 60) {
                coverage1h = cov;
            }
            if (t >= end) {
                break;
            }
        }
        long harvested = seen.cardinality();
        long sweepQueries = farm.sweepers().stream().mapToLong(s -> s.stats().queries()).sum();
        return new SimulationReport(c.nodes(), c.deadContacts(), c.hashes(), c.replicas(), c.farmNodes(),
                c.duration().toMinutes() / 60.0, pop.onBep51Count, harvested, pop.sampleBound(c.sampleCount()), coverage1h,
                (double) onBep51Seen[0] / Math.max(1, pop.onBep51Count), List.copyOf(curve), net.sent(),
                (double) net.sent() / Math.max(1, harvested), net.maxInWindow(),
                responder.bans(), net.queriedNodes(), net.silentNodes(), unreachable, sweepQueries,
                farm.networkSizeEstimate(), answering(pop, responder, end),
                (System.nanoTime() - wallStart) / 1e9);
    }

    /** Runs to {@code until}, emptying the harvester every simulated second as the crawler thread would. */
    private static void runDraining(VirtualEvents events, SimFarm farm, long until, Map<InfoHash, Integer> index,
            BitSet seen, SimPopulation pop, int[] onBep51Seen) {
        long step = Duration.ofSeconds(1).toNanos();
        for (long t = Math.min(until, events.clock().nanos() + step); ; t = Math.min(until, t + step)) {
            events.runUntil(t);
            Harvest h;
            try {
                while ((h = farm.harvester().poll(0)) != null) {
                    Integer k = index.get(h.infoHash());
                    if (k != null && !seen.get(k)) {
                        seen.set(k);
                        if (pop.onBep51[k]) {
                            onBep51Seen[0]++;
                        }
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
            if (t >= until) {
                return;
            }
        }
    }

    /** Nodes that are up and reachable at the start, for the farm to bootstrap from. */
    private static List<InetSocketAddress> routers(SimPopulation pop, SimResponder responder) {
        List<InetSocketAddress> out = new ArrayList<>();
        for (int i = 0; i < pop.live && out.size() < ROUTERS; i++) {
            if (!pop.nat[i] && responder.online(i, 0) && pop.tables[i].length > 0) {
                out.add(pop.addresses[i]);
            }
        }
        return out;
    }

    private static int answering(SimPopulation pop, SimResponder responder, long at) {
        int n = 0;
        for (int i = 0; i < pop.live; i++) {
            n += !pop.nat[i] && responder.online(i, at) ? 1 : 0;
        }
        return n;
    }

    private static double unreachableShare(SimPopulation pop, SimResponder responder) {
        long entries = 0;
        long dead = 0;
        for (int i = 0; i < pop.live; i++) {
            for (int c : pop.tables[i]) {
                entries++;
                if (c >= pop.live || pop.nat[c] || !responder.online(c, 0)) {
                    dead++;
                }
            }
        }
        return entries == 0 ? 0 : (double) dead / entries;
    }

    /** Runs the simulation from the command line: {@code [ci] [--json]}. */
    public static void main(String[] args) {
        boolean ci = List.of(args).contains("ci");
        SimulationReport r = run(ci ? SimulationConfig.ciSized() : SimulationConfig.defaults());
        System.out.print(List.of(args).contains("--json") ? r.json() + System.lineSeparator() : r.text());
    }
}
