package io.lodestone.ops.cli;

import io.lodestone.bencode.BencodeException;
import io.lodestone.magnet.MagnetException;
import io.lodestone.metainfo.MetainfoException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The root of the {@code lodestone} command line. */
@Command(name = "lodestone",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "BitTorrent Mainline DHT crawler, magnet resolver, torrent index and client.",
        subcommands = {io.lodestone.ops.serve.ServeCommand.class, ResolveCommand.class, DownloadCommand.class, TorrentCommand.class, io.lodestone.ops.cli.dht.DhtCommand.class,
                IndexCommand.class, ApiKeyCommand.class, BlockCommand.class, BlockCommand.Delete.class,
                io.lodestone.ops.bench.BenchCommand.class,
                io.lodestone.ops.transfer.ExportCommand.class, io.lodestone.ops.transfer.ImportCommand.class})
public final class LodestoneCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing command");
    }

    /** Runs the command line and returns the exit code; never throws. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        PrintWriter outWriter = new PrintWriter(new java.io.OutputStreamWriter(out, StandardCharsets.UTF_8), true);
        PrintWriter errWriter = new PrintWriter(new java.io.OutputStreamWriter(err, StandardCharsets.UTF_8), true);
        CommandLine cli = new CommandLine(new LodestoneCommand())
                .setOut(outWriter)
                .setErr(errWriter)
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setParameterExceptionHandler(LodestoneCommand::onParameterError)
                .setExecutionExceptionHandler(LodestoneCommand::onExecutionError);
        int code = cli.execute(args);
        outWriter.flush();
        errWriter.flush();
        return code;
    }

    private static int onParameterError(CommandLine.ParameterException e, String[] args) {
        CommandLine cmd = e.getCommandLine();
        cmd.getErr().println(cmd.getCommandSpec().qualifiedName() + ": " + oneLine(e.getMessage())
                + " (see --help)");
        return ExitCodes.BAD_INPUT;
    }

    private static int onExecutionError(Exception e, CommandLine cmd, CommandLine.ParseResult parsed) {
        String prefix = cmd.getCommandSpec().qualifiedName() + ": ";
        int code = exitCodeFor(e);
        if (code == ExitCodes.INTERNAL) {
            cmd.getErr().println(prefix + "internal error: " + e.getClass().getSimpleName() + ": " + oneLine(e.getMessage()));
            if (System.getenv("LODESTONE_DEBUG") != null) {
                e.printStackTrace(cmd.getErr());
            }
        } else {
            cmd.getErr().println(prefix + oneLine(messageOf(e)));
        }
        return code;
    }

    static int exitCodeFor(Throwable e) {
        return switch (e) {
            case BadInputException x -> ExitCodes.BAD_INPUT;
            // a refused start: another process has the data directory
            case io.lodestone.index.DataDirLock.InUseException x -> ExitCodes.BAD_INPUT;
            case MetainfoException x -> ExitCodes.BAD_INPUT;
            case MagnetException x -> ExitCodes.BAD_INPUT;
            case BencodeException x -> ExitCodes.BAD_INPUT;
            case NoSuchFileException x -> ExitCodes.BAD_INPUT;
            case AccessDeniedException x -> ExitCodes.BAD_INPUT;
            case IllegalArgumentException x -> ExitCodes.BAD_INPUT;
            // serve in a fleet whose Kafka did not answer at start
            case io.lodestone.ops.fleet.KafkaUnavailableException x -> ExitCodes.NOT_FOUND_IN_TIME;
            default -> ExitCodes.INTERNAL;
        };
    }

    private static String messageOf(Throwable e) {
        return switch (e) {
            case NoSuchFileException x -> "no such file: " + x.getFile();
            case AccessDeniedException x -> "permission denied: " + x.getFile();
            default -> e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
        };
    }

    /** Errors are one line: newlines and control characters from hostile input are flattened. */
    static String oneLine(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(Math.min(s.length(), 400));
        for (int i = 0; i < s.length() && b.length() < 400; i++) {
            char c = s.charAt(i);
            b.append(Character.isISOControl(c) ? ' ' : c);
        }
        return b.toString().strip();
    }
}
