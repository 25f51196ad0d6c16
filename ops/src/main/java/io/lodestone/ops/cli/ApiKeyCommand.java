package io.lodestone.ops.cli;

import io.lodestone.index.access.ApiKey;
import io.lodestone.index.access.ApiKeyStore;
import io.lodestone.index.access.Scope;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code lodestone apikey create|list|revoke}: API keys of a data directory. They take effect in
 * a {@code serve} running on the same directory at its next request; only their hashes are stored.
 */
@Command(name = "apikey", mixinStandardHelpOptions = true,
        description = {"API keys for the HTTP API and the web pages, stored hashed in the data directory.",
                "A running serve on the same data directory sees changes at once."},
        subcommands = {ApiKeyCommand.Create.class, ApiKeyCommand.ListKeys.class, ApiKeyCommand.Revoke.class})
public final class ApiKeyCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing command: create, list or revoke");
    }

    /** The data directory option every subcommand takes. */
    static final class DataDir {
        @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = "data",
                description = "the service's data directory (default ./${DEFAULT-VALUE})")
        Path dataDir;
    }

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = "Makes a key and prints it, alone, on stdout: it is shown this once.")
    static final class Create implements Callable<Integer> {
        @Parameters(paramLabel = "NAME", description = "what the key is for (letters, digits, '.', '_', '-')")
        String name;

        @Option(names = "--scope", required = true, paramLabel = "read|write|admin",
                description = "read: search and pages; write: also resolve, download, delete, block; admin: also the audit log")
        String scope;

        @CommandLine.Mixin
        DataDir dir = new DataDir();

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            Scope s = Scope.parse(scope);
            ApiKeyStore.checkName(name);
            String key = new ApiKeyStore(dir.dataDir).create(name, s);
            PrintWriter out = spec.commandLine().getOut();
            out.println(key);
            out.flush();
            return ExitCodes.OK;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Lists the keys: name, scope, created.")
    static final class ListKeys implements Callable<Integer> {
        @CommandLine.Mixin
        DataDir dir = new DataDir();

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            for (ApiKey k : new ApiKeyStore(dir.dataDir).list()) {
                out.println(k.name() + "\t" + k.scope().label() + "\t" + k.createdAt());
            }
            out.flush();
            return ExitCodes.OK;
        }
    }

    @Command(name = "revoke", mixinStandardHelpOptions = true, description = "Removes a key; it stops working at once.")
    static final class Revoke implements Callable<Integer> {
        @Parameters(paramLabel = "NAME")
        String name;

        @CommandLine.Mixin
        DataDir dir = new DataDir();

        @Override
        public Integer call() throws Exception {
            if (!new ApiKeyStore(dir.dataDir).revoke(name)) {
                throw new BadInputException("no key named '" + name + "'");
            }
            return ExitCodes.OK;
        }
    }
}
