package io.lodestone.ops;

import io.lodestone.ops.cli.LodestoneCommand;

/** Entry point of the runnable jar. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        System.exit(LodestoneCommand.run(args, System.out, System.err));
    }
}
