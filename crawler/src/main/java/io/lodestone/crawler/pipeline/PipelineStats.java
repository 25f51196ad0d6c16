package io.lodestone.crawler.pipeline;

/**
 * What the pipeline has done since start, and where it stands.
 *
 * @param unique       new hashes taken up as pending
 * @param repeats      sightings of hashes already pending
 * @param sightings    sightings of indexed hashes passed to the sink
 * @param ignored      sightings of hashes given up on lately, or of a resolved torrent's other key
 * @param pendingFull  new hashes dropped because the pending set was full
 * @param restored     pending hashes taken back from the sink at start
 * @param started      resolution attempts started
 * @param resolved     hashes resolved and stored
 * @param failed       attempts that failed (each is retried later or abandoned)
 * @param abandoned    hashes given up after the last attempt
 * @param pending      pending hashes now (in flight included)
 * @param inFlight     resolutions running now
 * @param unflushed    items waiting for the sink
 * @param sinkWrites   batches written
 * @param sinkErrors   failed sink calls
 * @param harvestedPerMinute harvest events handled per minute, over the last minute
 * @param resolvedPerMinute  hashes resolved per minute, over the last minute
 * @param harvestedPerHour   new hashes taken up per hour, over the last hour (or since start)
 * @param resolvedPerHour    hashes resolved per hour, over the last hour (or since start)
 */
public record PipelineStats(long unique, long repeats, long sightings, long ignored, long pendingFull, long restored,
                            long started, long resolved, long failed, long abandoned, int pending, int inFlight,
                            int unflushed, long sinkWrites, long sinkErrors, double harvestedPerMinute,
                            double resolvedPerMinute, double harvestedPerHour, double resolvedPerHour) {

    public static final PipelineStats EMPTY = new PipelineStats(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
            0);
}
