package io.lodestone.ops.cli;

import io.lodestone.index.content.AuditLog;
import io.lodestone.index.content.BlockList;
import io.lodestone.index.content.BlockRule;
import io.lodestone.time.Clock;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code lodestone block add|list|remove} and {@code lodestone delete}: the block list of a data
 * directory. A running serve applies changes within seconds (torrents named by a hash rule leave
 * the index); a stopped one applies them at its next start. Every change goes to the audit log.
 */
@Command(name = "block", mixinStandardHelpOptions = true,
        description = {"The block list: blocked torrents are never fetched or indexed again.",
                "A running serve on the same data directory applies changes within seconds."},
        subcommands = {BlockCommand.Add.class, BlockCommand.ListRules.class, BlockCommand.Remove.class})
public final class BlockCommand implements Runnable {
    /** Who the audit log says did it. */
    static final String ACTOR = "cli";

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing command: add, list or remove");
    }

    static BlockList open(Path dataDir) throws IOException {
        return new BlockList(dataDir, Clock.system());
    }

    @Command(name = "add", mixinStandardHelpOptions = true,
            description = "Blocks an info-hash (never fetched) or a name pattern ('*' and '?' wildcards, any case).")
    static final class Add implements Callable<Integer> {
        @CommandLine.ArgGroup(multiplicity = "1")
        What what;

        static final class What {
            @Option(names = "--hash", paramLabel = "HASH", description = "40 or 64 hex digits")
            String hash;
            @Option(names = "--pattern", paramLabel = "TEXT", description = "matched anywhere in the name")
            String pattern;
        }

        @CommandLine.Mixin
        ApiKeyCommand.DataDir dir = new ApiKeyCommand.DataDir();

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            BlockRule.Kind kind = what.hash != null ? BlockRule.Kind.HASH : BlockRule.Kind.PATTERN;
            BlockRule r = open(dir.dataDir).add(kind, what.hash != null ? what.hash : what.pattern, ACTOR);
            new AuditLog(dir.dataDir).record(ACTOR, "block-" + kind.label(), r.value(), 0);
            spec.commandLine().getOut().println(r.id());
            spec.commandLine().getOut().flush();
            return ExitCodes.OK;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Lists the rules: id, kind, value, by, created.")
    static final class ListRules implements Callable<Integer> {
        @CommandLine.Mixin
        ApiKeyCommand.DataDir dir = new ApiKeyCommand.DataDir();

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            for (BlockRule r : open(dir.dataDir).snapshot().rules()) {
                out.println(r.id() + "\t" + r.kind().label() + "\t" + r.value() + "\t" + r.by() + "\t" + r.createdAt());
            }
            out.flush();
            return ExitCodes.OK;
        }
    }

    @Command(name = "remove", mixinStandardHelpOptions = true,
            description = "Removes a rule by id; a deleted or blocked torrent may then be crawled again.")
    static final class Remove implements Callable<Integer> {
        @Parameters(paramLabel = "ID")
        long id;

        @CommandLine.Mixin
        ApiKeyCommand.DataDir dir = new ApiKeyCommand.DataDir();

        @Override
        public Integer call() throws Exception {
            var gone = open(dir.dataDir).remove(id);
            if (gone.isEmpty()) {
                throw new BadInputException("no rule with id " + id);
            }
            new AuditLog(dir.dataDir).record(ACTOR, "unblock-" + gone.get().kind().label(), gone.get().value(), 1);
            return ExitCodes.OK;
        }
    }

    /** {@code lodestone delete HASH…}: removes torrents from the index and keeps them out. */
    @Command(name = "delete", mixinStandardHelpOptions = true,
            description = {"Deletes torrents by info-hash and keeps them from being indexed again (a 'deleted'",
                    "rule; remove it with 'block remove ID' to let the crawl find them again). A running serve",
                    "removes them within seconds; otherwise the next serve start does."})
    public static final class Delete implements Callable<Integer> {
        @Parameters(paramLabel = "HASH", arity = "1..*", description = "40 or 64 hex digits")
        List<String> hashes;

        @CommandLine.Mixin
        ApiKeyCommand.DataDir dir = new ApiKeyCommand.DataDir();

        @Override
        public Integer call() throws Exception {
            BlockList blocks = open(dir.dataDir);
            for (String h : hashes) {
                BlockList.normalise(BlockRule.Kind.DELETED, h); // all checked before any is written
            }
            AuditLog audit = new AuditLog(dir.dataDir);
            for (String h : hashes) {
                BlockRule r = blocks.add(BlockRule.Kind.DELETED, h, ACTOR);
                audit.record(ACTOR, "delete", r.value(), 0);
            }
            return ExitCodes.OK;
        }
    }
}
