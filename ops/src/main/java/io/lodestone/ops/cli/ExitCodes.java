package io.lodestone.ops.cli;

/** Exit codes of the command-line contract. */
public final class ExitCodes {
    public static final int OK = 0;
    /** Something went wrong inside Lodestone (a bug or an I/O failure), not in the input. */
    public static final int INTERNAL = 1;
    public static final int BAD_INPUT = 2;
    public static final int NOT_FOUND_IN_TIME = 3;

    private ExitCodes() {
    }
}
