package io.lodestone.ops.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** One in-process run of the command line: exit code, stdout and stderr. */
record CliRun(int code, String out, String err) {

    static CliRun of(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = LodestoneCommand.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new CliRun(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** Exit 2 with exactly one line on stderr, no stack trace, nothing on stdout. */
    boolean isOneLineBadInput() {
        return code == ExitCodes.BAD_INPUT && out.isEmpty() && err.strip().lines().count() == 1
                && !err.contains("Exception") && !err.contains("\tat ");
    }
}
