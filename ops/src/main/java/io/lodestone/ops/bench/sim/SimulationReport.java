package io.lodestone.ops.bench.sim;

import tools.jackson.databind.json.JsonMapper;
import java.util.List;
import java.util.Locale;

/**
 * What one {@link CrawlSimulation} run measured.
 *
 * @param hashesOnBep51      hashes stored on at least one BEP 51 node: the coverage denominator
 * @param sampleBound        the most coverage one sample interval allows: each BEP 51 node shows at
 *                           most sampleCount of its hashes per interval
 * @param coverage1h         share of those harvested after one simulated hour (at the end if the run was shorter)
 * @param coverageEnd        share harvested by the end of the run
 * @param curve              coverage every 10 simulated minutes
 * @param packetsSent        datagrams our farm sent, all kinds
 * @param packetsPerNewHash  packetsSent divided by the distinct hashes harvested (by 1 if none)
 * @param maxPacketsPerNodeIn10s the most datagrams any simulated node got from us inside any 10 s
 * @param bans               times a simulated node banned our IP
 * @param queriedNodes       simulated nodes we sent anything to
 * @param silentNodes        of those, the ones that never answered (NATed, dead, away, or lost)
 * @param unreachableContactShare share of routing-table entries of simulated nodes that cannot answer
 *                               us at the start (NATed, dead or away)
 * @param networkSizeEstimate the farm's estimate from id density (it sees the nodes that answer)
 * @param answeringNodes     nodes that could answer us at the end: live, not NATed, online
 * @param wallSeconds        how long the run took
 */
public record SimulationReport(int nodes, int deadContacts, int hashes, int replicas, int farmNodes,
        double simulatedHours, int hashesOnBep51, long harvested, double sampleBound, double coverage1h, double coverageEnd,
        List<Point> curve, long packetsSent, double packetsPerNewHash, int maxPacketsPerNodeIn10s, long bans,
        int queriedNodes, int silentNodes, double unreachableContactShare, long sweepQueries,
        long networkSizeEstimate, int answeringNodes, double wallSeconds) {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** Coverage after {@code minutes} simulated minutes. */
    public record Point(int minutes, double coverage) {
    }

    public String text() {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "simulated DHT: %,d nodes (+%,d dead contacts), %,d hashes x %d replicas,"
                + " %d farm nodes on one IP, %.1f simulated hours%n", nodes, deadContacts, hashes, replicas, farmNodes,
                simulatedHours));
        b.append(String.format(Locale.ROOT, "unreachable contacts in tables at start: %.0f%%; nodes queried %,d, of"
                + " which never answered %,d%n", 100 * unreachableContactShare, queriedNodes, silentNodes));
        b.append(String.format(Locale.ROOT, "hashes on BEP 51 nodes: %,d; harvested %,d; at most %.1f%% visible per"
                + " sample interval%n", hashesOnBep51, harvested, 100 * sampleBound));
        b.append(String.format(Locale.ROOT, "coverage after 1 h: %.1f%%; at the end: %.1f%%%n", 100 * coverage1h,
                100 * coverageEnd));
        b.append(String.format(Locale.ROOT, "packets sent: %,d (%,d sample_infohashes); per new hash: %.2f%n",
                packetsSent, sweepQueries, packetsPerNewHash));
        b.append(String.format(Locale.ROOT, "most packets any node got from us in 10 s: %d; bans: %d%n",
                maxPacketsPerNodeIn10s, bans));
        b.append(String.format(Locale.ROOT, "network size estimate: %,d (nodes able to answer: %,d)%n",
                networkSizeEstimate, answeringNodes));
        b.append("curve (simulated minutes: coverage):");
        for (Point p : curve) {
            b.append(String.format(Locale.ROOT, " %d:%.1f%%", p.minutes(), 100 * p.coverage()));
        }
        b.append(String.format(Locale.ROOT, "%nwall time: %.1f s%n", wallSeconds));
        return b.toString();
    }

    public String json() {
        return JSON.writeValueAsString(this);
    }
}
