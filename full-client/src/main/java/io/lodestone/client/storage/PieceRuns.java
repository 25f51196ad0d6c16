package io.lodestone.client.storage;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.function.IntFunction;

/**
 * Verified pieces held in memory until a neighbour being gathered joins them, so that side by side
 * they reach the disk in one write. Each direct write costs the kernel (and, on a virtual machine,
 * the device's emulation) about the same whatever its size: 1 GiB took 0.54 CPU s of 64 KiB direct
 * writes, 0.37 s of 128 KiB and 0.09 s of 1 MiB (alone, on the machine the benches run on). A run
 * stays inside one file and one stretch of {@code perRun} pieces, so its bytes fit one buffer and
 * one aligned write.
 * <p>
 * A piece waits only while a neighbour next to its run is still being gathered, and not for long: its
 * Have waits with it, and in a swarm that trades, a Have late by a second cost the others pieces
 * they would have had from it. The disk queue writes every run that has waited for a while (see
 * {@link PieceAssembly#writeWaitingSince}); a neighbour that fails its hash lets its waiting
 * neighbours go. Thread-safe: the decision to wait and the neighbour's
 * arrival take the same lock, and a gathering piece leaves the held ones before it arrives here, so
 * no piece waits for a neighbour that has already passed by.
 */
final class PieceRuns {

    private final int perRun;
    /** The pieces being gathered now, null for any other. */
    private final IntFunction<HeldPiece> gathering;
    private final TreeMap<Integer, HeldPiece> waiting = new TreeMap<>();

    PieceRuns(int perRun, IntFunction<HeldPiece> gathering) {
        if (perRun < 1) {
            throw new IllegalArgumentException("perRun must be at least 1");
        }
        this.perRun = perRun;
        this.gathering = gathering;
    }

    /**
     * A piece that verified: an empty list when it waits (it may only when {@code mayWait}), else
     * the run to write now in piece order, itself and its waiting neighbours.
     */
    synchronized List<HeldPiece> passed(HeldPiece p, boolean mayWait) {
        waiting.put(p.piece, p);
        int lo = first(p.piece);
        int hi = last(p.piece);
        if (mayWait && (adjacent(gathering.apply(lo - 1), waiting.get(lo))
                || adjacent(waiting.get(hi), gathering.apply(hi + 1)))) {
            p.waitingSince = System.nanoTime();
            return List.of();
        }
        return take(lo, hi);
    }

    /** The waiting runs next to a piece that will not join them (it failed, or went away). */
    synchronized List<List<HeldPiece>> beside(int piece) {
        List<List<HeldPiece>> runs = new ArrayList<>(2);
        if (waiting.containsKey(piece - 1)) {
            runs.add(take(first(piece - 1), piece - 1));
        }
        if (waiting.containsKey(piece + 1)) {
            runs.add(take(piece + 1, last(piece + 1)));
        }
        return runs;
    }

    /**
     * Every waiting run with a piece that began to wait before {@code before} ({@link System#nanoTime}),
     * taken out; every waiting run when {@code all}.
     */
    synchronized List<List<HeldPiece>> take(long before, boolean all) {
        List<List<HeldPiece>> runs = new ArrayList<>();
        for (HeldPiece p : new ArrayList<>(waiting.values())) {
            if (waiting.containsKey(p.piece) && (all || p.waitingSince - before < 0)) {
                runs.add(take(first(p.piece), last(p.piece)));
            }
        }
        return runs;
    }

    synchronized int waitingCount() {
        return waiting.size();
    }

    /** The first piece of the waiting run that holds {@code piece}. */
    private int first(int piece) {
        int lo = piece;
        while (adjacent(waiting.get(lo - 1), waiting.get(lo))) {
            lo--;
        }
        return lo;
    }

    /** The last piece of the waiting run that holds {@code piece}. */
    private int last(int piece) {
        int hi = piece;
        while (adjacent(waiting.get(hi), waiting.get(hi + 1))) {
            hi++;
        }
        return hi;
    }

    private List<HeldPiece> take(int lo, int hi) {
        List<HeldPiece> run = new ArrayList<>(hi - lo + 1);
        for (int q = lo; q <= hi; q++) {
            run.add(waiting.remove(q));
        }
        return run;
    }

    /** Whether {@code b} follows {@code a} on disk inside one stretch of the same file. */
    private boolean adjacent(HeldPiece a, HeldPiece b) {
        return a != null && b != null && a.piece + 1 == b.piece && a.piece / perRun == b.piece / perRun
                && a.target.file().index() == b.target.file().index()
                && a.target.position() + a.size == b.target.position();
    }
}
