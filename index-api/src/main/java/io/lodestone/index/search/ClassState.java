package io.lodestone.index.search;

import io.lodestone.index.classify.RuleSet;
import java.util.Map;

/**
 * Which classifier rules a search index's documents were classified with, and how far a
 * reclassification got: kept in the index's commit data, so a restart knows whether (and from
 * where) to classify again. Read and written by the indexer thread; read by others.
 */
public final class ClassState {
    /** The fingerprint of the classifier rules every document was classified with. */
    static final String RULES_KEY = "lodestone.rules";
    /** While reclassifying: the store sequence reached, and the rules it is done with. */
    static final String RECLASSIFY_KEY = "lodestone.reclassify";

    private final RuleSet rules;
    /** The rules the documents were classified with (null: unknown, an index older than classes). */
    private volatile String classifiedWith;
    /** Reclassification progress: the store sequence reached with {@link #rules}, -1 when none runs. */
    private volatile long reclassifiedUpTo = -1;

    ClassState(RuleSet rules, Map<String, String> commitData) {
        this.rules = rules;
        this.classifiedWith = commitData.get(RULES_KEY);
        String progress = commitData.get(RECLASSIFY_KEY);
        if (progress != null && progress.endsWith(":" + rules.fingerprint())) {
            try {
                reclassifiedUpTo = Long.parseLong(progress.substring(0, progress.indexOf(':')));
            } catch (NumberFormatException e) {
                reclassifiedUpTo = -1; // only progress: starting over costs time, nothing else
            }
        }
    }

    /** Adds this state to the data of the next commit. */
    void write(Map<String, String> commitData) {
        String with = classifiedWith;
        if (with != null) {
            commitData.put(RULES_KEY, with);
        }
        long upTo = reclassifiedUpTo;
        if (upTo >= 0) {
            commitData.put(RECLASSIFY_KEY, upTo + ":" + rules.fingerprint());
        }
    }

    /** The rules new documents are classified with. */
    public RuleSet rules() {
        return rules;
    }

    /**
     * True when documents may have been classified by other rules than {@link #rules()}: the
     * recorded fingerprint differs (or an index from before classes has none).
     */
    public boolean needsReclassification() {
        return !rules.fingerprint().equals(classifiedWith);
    }

    /** Where a reclassification left off at the last commit, or -1 for none. */
    public long reclassifiedUpTo() {
        return reclassifiedUpTo;
    }

    /** Records progress; recorded with the next commit so a restart goes on from there. */
    public void reclassifiedUpTo(long sequence) {
        reclassifiedUpTo = sequence;
    }

    /** Every document is now classified with {@link #rules()}; recorded with the next commit. */
    public void markClassified() {
        classifiedWith = rules.fingerprint();
        reclassifiedUpTo = -1;
    }
}
