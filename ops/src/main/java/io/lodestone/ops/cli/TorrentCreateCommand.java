package io.lodestone.ops.cli;

import io.lodestone.metainfo.CreateOptions;
import io.lodestone.metainfo.Metainfo;
import io.lodestone.metainfo.MetainfoParser;
import io.lodestone.metainfo.TorrentCreator;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code lodestone torrent create PATH -o OUT.torrent …}. */
@Command(name = "create",
        mixinStandardHelpOptions = true,
        description = {"Makes a .torrent of a file or a directory.",
                "Files of a directory are ordered by path, so the same tree always gives the same torrent."})
public final class TorrentCreateCommand implements Callable<Integer> {

    @Parameters(paramLabel = "PATH", description = "the file or directory to share")
    Path path;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "OUT.torrent", description = "where to write the torrent")
    Path output;

    @Option(names = "--piece-length", paramLabel = "N",
            description = "bytes per piece: a power of two from 16K up (suffixes K, M); default: chosen from the size")
    String pieceLength;

    @Option(names = "--format", paramLabel = "v1|v2|hybrid", defaultValue = "hybrid",
            description = "v1 (BEP 3), v2 (BEP 52) or hybrid (both, as libtorrent makes by default); default: ${DEFAULT-VALUE}")
    String format;

    @Option(names = "--name", description = "the torrent's name; default: the file or directory name")
    String name;

    @Option(names = "--tracker", paramLabel = "URL", description = "announce URL; repeat for more (each its own tier)")
    List<String> trackers = new ArrayList<>();

    @Option(names = "--private", description = "set the private flag (BEP 27): peers only from the trackers")
    boolean isPrivate;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        CreateOptions.Format fmt = switch (format.toLowerCase(java.util.Locale.ROOT)) {
            case "v1" -> CreateOptions.Format.V1;
            case "v2" -> CreateOptions.Format.V2;
            case "hybrid" -> CreateOptions.Format.HYBRID;
            default -> throw new BadInputException("--format must be v1, v2 or hybrid, not '" + format + "'");
        };
        int pieces = 0;
        if (pieceLength != null) {
            long n = Sizes.parse(pieceLength);
            if (n < 16 * 1024 || Long.bitCount(n) != 1 || n > CreateOptions.MAX_PIECE_LENGTH) {
                throw new BadInputException("--piece-length must be a power of two from 16 KiB to "
                        + Sizes.human(CreateOptions.MAX_PIECE_LENGTH) + ", not " + pieceLength);
            }
            pieces = (int) n;
        }
        if (!Files.exists(path)) {
            throw new BadInputException("no such file or directory: " + path);
        }
        for (String t : trackers) {
            if (!t.matches("(?i)(https?|udp)://[^\\s]+")) {
                throw new BadInputException("--tracker must be an http, https or udp URL, not '" + t + "'");
            }
        }
        CreateOptions options = new CreateOptions(fmt, pieces, name, List.copyOf(trackers), isPrivate,
                "Lodestone", null, null);
        byte[] torrent = TorrentCreator.create(path, options);
        Metainfo meta = MetainfoParser.parseTorrent(torrent); // what we write must read back
        Path target = output.toAbsolutePath();
        Path tmp = Files.createTempFile(target.getParent(), ".lodestone-", ".torrent.tmp");
        try {
            Files.write(tmp, torrent);
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
        PrintWriter out = spec.commandLine().getOut();
        if (meta.infoHashV1() != null) out.println("info-hash v1: " + meta.infoHashV1().hex());
        if (meta.infoHashV2() != null) out.println("info-hash v2: " + meta.infoHashV2().hex());
        out.println("wrote " + output + " (" + meta.version().wireName() + ", " + meta.pieceCount() + " pieces of "
                + Sizes.human(meta.pieceLength()) + ")");
        return ExitCodes.OK;
    }
}
