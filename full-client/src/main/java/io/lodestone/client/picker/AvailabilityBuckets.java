package io.lodestone.client.picker;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The pieces not yet started, grouped by availability, so the rarest ones are found without
 * sorting: each level is an unordered bag with O(1) add and remove (swap with the last), and a
 * piece whose availability changes moves between neighbouring bags in O(1).
 */
final class AvailabilityBuckets {

    private static final int INITIAL_BAG = 16;

    private final List<int[]> bags = new ArrayList<>();
    private int[] sizes = new int[INITIAL_BAG];
    /** Per piece: its index inside its bag, or -1 when it is in none. */
    private final int[] slot;
    private int total;

    AvailabilityBuckets(int pieces) {
        slot = new int[pieces];
        Arrays.fill(slot, -1);
    }

    boolean contains(int piece) {
        return slot[piece] >= 0;
    }

    int size() {
        return total;
    }

    int levels() {
        return bags.size();
    }

    int sizeAt(int level) {
        return level < bags.size() ? sizes[level] : 0;
    }

    int at(int level, int index) {
        return bags.get(level)[index];
    }

    void add(int piece, int level) {
        if (slot[piece] >= 0) {
            throw new IllegalStateException("piece " + piece + " is already bucketed");
        }
        while (bags.size() <= level) {
            bags.add(new int[INITIAL_BAG]);
        }
        if (sizes.length < bags.size()) {
            sizes = Arrays.copyOf(sizes, Math.max(bags.size(), 2 * sizes.length));
        }
        int n = sizes[level];
        int[] bag = bags.get(level);
        if (n == bag.length) {
            bag = Arrays.copyOf(bag, bag.length * 2);
            bags.set(level, bag);
        }
        bag[n] = piece;
        slot[piece] = n;
        sizes[level] = n + 1;
        total++;
    }

    void remove(int piece, int level) {
        int i = slot[piece];
        if (i < 0) {
            return;
        }
        int[] bag = bags.get(level);
        int last = sizes[level] - 1;
        if (bag[i] != piece) {
            throw new IllegalStateException("piece " + piece + " is not at level " + level);
        }
        bag[i] = bag[last];
        slot[bag[i]] = i;
        sizes[level] = last;
        slot[piece] = -1;
        total--;
    }

    /** Moves a bucketed piece whose availability went from {@code from} to {@code to}. */
    void move(int piece, int from, int to) {
        if (slot[piece] >= 0) {
            remove(piece, from);
            add(piece, to);
        }
    }
}
