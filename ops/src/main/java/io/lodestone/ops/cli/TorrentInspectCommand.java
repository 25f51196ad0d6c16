package io.lodestone.ops.cli;

import io.lodestone.index.json.TorrentJson;
import io.lodestone.magnet.MagnetUri;
import io.lodestone.metainfo.Metainfo;
import io.lodestone.metainfo.MetainfoParser;
import io.lodestone.metainfo.TorrentFile;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code lodestone torrent inspect FILE.torrent|MAGNET [--json]}. */
@Command(name = "inspect",
        mixinStandardHelpOptions = true,
        description = {"Shows what a .torrent file or a magnet URI holds.",
                "A magnet only names the torrent; its metadata needs `lodestone resolve`."})
public final class TorrentInspectCommand implements Callable<Integer> {

    @Parameters(paramLabel = "FILE.torrent|MAGNET", description = "a .torrent file, a magnet URI, or a bare info-hash")
    String input;

    @Option(names = "--json", description = "print the torrent object of the JSON contract")
    boolean json;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (looksLikeMagnetOrHash(input)) {
            MagnetUri magnet = MagnetUri.parseAny(input);
            out.println(json ? TorrentJson.write(TorrentJson.of(magnet)) : HumanText.magnet(magnet));
            return ExitCodes.OK;
        }
        Metainfo meta = MetainfoParser.parseTorrent(TorrentFiles.read(Path.of(input)));
        out.println(json ? TorrentJson.write(TorrentJson.of(meta.summary())) : HumanText.torrent(meta));
        return ExitCodes.OK;
    }

    /** A magnet, or a bare hash that is not also the name of an existing file. */
    private static boolean looksLikeMagnetOrHash(String s) {
        if (s.regionMatches(true, 0, "magnet:", 0, 7)) {
            return true;
        }
        boolean hashShaped = s.matches("[0-9a-fA-F]{40}|[0-9a-fA-F]{64}|[a-zA-Z2-7]{32}");
        return hashShaped && !Files.exists(Path.of(s));
    }

    /** Plain-text rendering for people. */
    static final class HumanText {
        private HumanText() {
        }

        static String torrent(Metainfo m) {
            StringBuilder b = new StringBuilder();
            line(b, "name", m.name());
            if (m.infoHashV1() != null) line(b, "info-hash v1", m.infoHashV1().hex());
            if (m.infoHashV2() != null) line(b, "info-hash v2", m.infoHashV2().hex());
            line(b, "format", m.version().wireName());
            List<TorrentFile> files = m.files().stream().filter(f -> !f.pad()).toList();
            line(b, "size", Sizes.human(m.totalSize()) + " (" + m.totalSize() + " bytes) in " + files.size()
                    + (files.size() == 1 ? " file" : " files"));
            line(b, "pieces", m.pieceCount() + " x " + Sizes.human(m.pieceLength()));
            line(b, "private", m.isPrivate() ? "yes" : "no");
            m.trackers().stream().flatMap(List::stream).forEach(t -> line(b, "tracker", t));
            m.webSeeds().forEach(w -> line(b, "web seed", w));
            if (m.comment() != null) line(b, "comment", m.comment());
            if (m.createdBy() != null) line(b, "created by", m.createdBy());
            b.append("files:\n");
            for (TorrentFile f : files) {
                b.append(String.format("  %12d  %s%n", f.size(), f.joinedPath()));
            }
            return b.toString().stripTrailing();
        }

        static String magnet(MagnetUri m) {
            StringBuilder b = new StringBuilder();
            if (m.displayName() != null) line(b, "name", m.displayName());
            if (m.infoHashV1() != null) line(b, "info-hash v1", m.infoHashV1().hex());
            if (m.infoHashV2() != null) line(b, "info-hash v2", m.infoHashV2().hex());
            if (m.exactLength() != null) line(b, "size", Sizes.human(m.exactLength()) + " (" + m.exactLength() + " bytes)");
            m.trackers().forEach(t -> line(b, "tracker", t));
            m.peers().forEach(p -> line(b, "peer", p.toString()));
            m.webSeeds().forEach(w -> line(b, "web seed", w));
            b.append("metadata: not in a magnet; `lodestone resolve` fetches it");
            return b.toString();
        }

        private static void line(StringBuilder b, String key, String value) {
            b.append(String.format("%-13s %s%n", key + ":", value));
        }
    }
}
