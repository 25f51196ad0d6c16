package io.lodestone.client.engine.policy;

import io.lodestone.client.engine.RateMeter;
import io.lodestone.time.Clock;

/** Bytes moved for one torrent: totals, waste, hash failures and the recent rates. */
public final class Transfers {

    private final RateMeter downRate;
    private final RateMeter upRate;
    private long downloaded;
    private long uploaded;
    private long wasted;
    private int hashFailures;

    Transfers(Clock clock) {
        this.downRate = new RateMeter(clock);
        this.upRate = new RateMeter(clock);
    }

    void downloaded(long bytes) {
        downloaded += bytes;
        downRate.add(bytes);
    }

    void uploaded(long bytes) {
        uploaded += bytes;
        upRate.add(bytes);
    }

    void wasted(long bytes) {
        wasted += bytes;
    }

    void hashFailed(long pieceBytes) {
        hashFailures++;
        wasted += pieceBytes;
    }

    public long downloaded() {
        return downloaded;
    }

    public long uploaded() {
        return uploaded;
    }

    public long wasted() {
        return wasted;
    }

    public int hashFailures() {
        return hashFailures;
    }

    public long downloadRate() {
        return downRate.rate();
    }

    public long uploadRate() {
        return upRate.rate();
    }
}
