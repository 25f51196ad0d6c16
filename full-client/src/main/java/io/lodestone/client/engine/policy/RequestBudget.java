package io.lodestone.client.engine.policy;

/** Whether the adapter can take more blocks now (disk queue, download limit), as the policy asks before requesting. */
public interface RequestBudget {

    /** False while the disk is behind or the download limit is spent: the next tick tries again. */
    boolean open();

    /** The download limit in bytes per second; 0 when there is none. */
    long rateLimit();

    /** No limit, never full: for tests and for callers without a disk queue. */
    static RequestBudget unlimited() {
        return new RequestBudget() {
            @Override
            public boolean open() {
                return true;
            }

            @Override
            public long rateLimit() {
                return 0;
            }
        };
    }
}
