package io.lodestone.ops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.lodestone.bencode.BDict;
import io.lodestone.bencode.BList;
import io.lodestone.bencode.BString;
import io.lodestone.bencode.BencodeEncoder;
import io.lodestone.index.json.TorrentJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

class TorrentCommandTest {

    @TempDir
    Path dir;

    @Test
    void inspectJsonHasTheContractKeysInOrder() throws Exception {
        Path t = write("ok.torrent", singleFileTorrent("hello.txt", 40_000, 16384));
        CliRun run = CliRun.of("torrent", "inspect", t.toString(), "--json");
        assertThat(run.code()).as(run.err()).isZero();
        JsonNode json = TorrentJson.MAPPER.readTree(run.out());
        assertThat(json.propertyNames()).containsExactly("infoHash", "infoHashV2", "name", "totalSize",
                "pieceLength", "pieceCount", "private", "files", "version");
        assertThat(json.get("name").asString()).isEqualTo("hello.txt");
        assertThat(json.get("totalSize").asLong()).isEqualTo(40_000);
        assertThat(json.get("pieceCount").asInt()).isEqualTo(3);
        assertThat(json.get("version").asString()).isEqualTo("v1");
        assertThat(json.get("infoHashV2").isNull()).isTrue();
        assertThat(json.get("files").get(0).get("path").asString()).isEqualTo("hello.txt");
    }

    @Test
    void inspectJsonInfoHashIsSha1OfInfoBytes() throws Exception {
        BDict info = info("hello.txt", 40_000, 16384);
        Path t = write("ok.torrent", BencodeEncoder.encode(BDict.builder().put("info", info).build()));
        CliRun run = CliRun.of("torrent", "inspect", t.toString(), "--json");
        String sha1 = java.util.HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(BencodeEncoder.encode(info)));
        assertThat(TorrentJson.MAPPER.readTree(run.out()).get("infoHash").asString()).isEqualTo(sha1);
    }

    @Test
    void inspectMagnetPrintsWhatTheMagnetHolds() throws Exception {
        String hash = "c12fe1c06bba254a9dc9f519b335aa7c1367a88a";
        CliRun run = CliRun.of("torrent", "inspect", "magnet:?xt=urn:btih:" + hash.toUpperCase() + "&dn=Some+Name", "--json");
        assertThat(run.code()).as(run.err()).isZero();
        JsonNode json = TorrentJson.MAPPER.readTree(run.out());
        assertThat(json.get("infoHash").asString()).isEqualTo(hash);
        assertThat(json.get("name").asString()).isEqualTo("Some Name");
        assertThat(json.get("pieceCount").isNull()).isTrue();
    }

    @Test
    void humanOutputNamesTheFiles() throws Exception {
        Path t = write("ok.torrent", singleFileTorrent("hello.txt", 1000, 16384));
        CliRun run = CliRun.of("torrent", "inspect", t.toString());
        assertThat(run.code()).isZero();
        assertThat(run.out()).contains("hello.txt").contains("info-hash v1:");
    }

    @Test
    void randomBytesAreOneLineBadInput() throws Exception {
        Random r = new Random(7);
        for (int i = 0; i < 50; i++) {
            byte[] junk = new byte[1 + r.nextInt(300)];
            r.nextBytes(junk);
            Path t = write("junk" + i + ".torrent", junk);
            CliRun run = CliRun.of("torrent", "inspect", t.toString(), "--json");
            assertThat(run.isOneLineBadInput()).as(run.toString()).isTrue();
        }
    }

    @Test
    void truncatedTorrentIsOneLineBadInputAtEveryLength() throws Exception {
        byte[] ok = singleFileTorrent("hello.txt", 40_000, 16384);
        for (int len = 0; len < ok.length; len += 7) {
            Path t = write("trunc.torrent", java.util.Arrays.copyOf(ok, len));
            CliRun run = CliRun.of("torrent", "inspect", t.toString());
            assertThat(run.isOneLineBadInput()).as("length " + len + ": " + run).isTrue();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "d4:infod6:lengthi1e4:name1:a12:piece lengthi16384e6:pieces20:aaaaaaaaaaaaaaaaaaaaee", // fine shape, checked below
        "d4:infod4:name1:a6:lengthi1eee",                 // unsorted keys
        "d4:infod6:lengthi01e4:name1:aee",                // leading zero
        "d4:infod6:lengthi-0e4:name1:aee",                // negative zero
        "d4:info999999999999:xe",                          // huge declared length
        "d4:infod6:lengthi1e4:name1:aeexxx",              // trailing bytes
        "d4:infod6:lengthi1e6:lengthi1eee",               // duplicate key
    })
    void malformedBencodeIsOneLineBadInput(String text) throws Exception {
        Path t = write("bad.torrent", text.getBytes(StandardCharsets.ISO_8859_1));
        CliRun run = CliRun.of("torrent", "inspect", t.toString(), "--json");
        if (text.contains("pieces20")) {
            assertThat(run.code()).as(run.err()).isZero(); // the control case parses
        } else {
            assertThat(run.isOneLineBadInput()).as(run.toString()).isTrue();
        }
    }

    @Test
    void deepNestingIsOneLineBadInput() throws Exception {
        String deep = "d4:info" + "l".repeat(100_000) + "e".repeat(100_000) + "e";
        Path t = write("deep.torrent", deep.getBytes(StandardCharsets.US_ASCII));
        assertThat(CliRun.of("torrent", "inspect", t.toString()).isOneLineBadInput()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"..", "../../etc/passwd", "/etc/passwd", "a/../../b", "", "C:\\x", "a\u0000b"})
    void unsafePathsAreOneLineBadInput(String unsafe) throws Exception {
        BDict info = BDict.builder()
                .put("name", "top")
                .put("piece length", 16384)
                .put("pieces", new byte[20])
                .put("files", BList.of(BDict.builder()
                        .put("length", 10)
                        .put("path", BList.of(java.util.Arrays.stream(unsafe.split("/", -1)).map(BString::of).toList()))
                        .build()))
                .build();
        Path t = write("unsafe.torrent", BencodeEncoder.encode(BDict.builder().put("info", info).build()));
        CliRun run = CliRun.of("torrent", "inspect", t.toString(), "--json");
        assertThat(run.isOneLineBadInput()).as(unsafe + ": " + run).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"magnet:?xt=urn:btih:123", "magnet:?dn=x", "magnet:?xt=urn:btih:zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz",
        "magnet:?xt=urn:btmh:1114" + "00000000000000000000000000000000000000000000000000000000000000000000",
        "magnet:?xt=urn:btih:c12fe1c06bba254a9dc9f519b335aa7c1367a88a&dn=%zz", "magnet:"})
    void malformedMagnetsAreOneLineBadInput(String magnet) {
        CliRun run = CliRun.of("torrent", "inspect", magnet, "--json");
        assertThat(run.isOneLineBadInput()).as(magnet + ": " + run).isTrue();
    }

    @Test
    void missingFileAndMissingArgumentsAreOneLineBadInput() {
        assertThat(CliRun.of("torrent", "inspect", dir.resolve("nope.torrent").toString()).isOneLineBadInput()).isTrue();
        assertThat(CliRun.of("torrent", "inspect").isOneLineBadInput()).isTrue();
        assertThat(CliRun.of("torrent").isOneLineBadInput()).isTrue();
        assertThat(CliRun.of("no-such-command").isOneLineBadInput()).isTrue();
        assertThat(CliRun.of("torrent", "inspect", dir.toString()).isOneLineBadInput()).isTrue();
    }

    @Test
    void createRejectsBadOptions() throws Exception {
        Path f = write("content.bin", new byte[1000]);
        Path out = dir.resolve("out.torrent");
        assertThat(CliRun.of("torrent", "create", f.toString(), "-o", out.toString(), "--piece-length", "1000").isOneLineBadInput()).isTrue();
        assertThat(CliRun.of("torrent", "create", f.toString(), "-o", out.toString(), "--piece-length", "8K").isOneLineBadInput()).isTrue();
        assertThat(CliRun.of("torrent", "create", f.toString(), "-o", out.toString(), "--format", "v3").isOneLineBadInput()).isTrue();
        assertThat(CliRun.of("torrent", "create", dir.resolve("missing").toString(), "-o", out.toString()).isOneLineBadInput()).isTrue();
        assertThat(CliRun.of("torrent", "create", f.toString()).isOneLineBadInput()).isTrue();
        assertThat(out).doesNotExist();
    }

    @Test
    void createThenInspectAgree() throws Exception {
        Path content = Files.createDirectories(dir.resolve("album"));
        Files.write(content.resolve("b.bin"), new byte[70_000]);
        Files.createDirectories(content.resolve("sub"));
        Files.write(content.resolve("sub/a.bin"), new byte[5]);
        Files.write(content.resolve("empty"), new byte[0]);
        for (String format : new String[] {"v1", "v2", "hybrid"}) {
            Path out = dir.resolve(format + ".torrent");
            CliRun made = CliRun.of("torrent", "create", content.toString(), "-o", out.toString(), "--format", format, "--piece-length", "16K");
            assertThat(made.code()).as(made.err()).isZero();
            CliRun run = CliRun.of("torrent", "inspect", out.toString(), "--json");
            JsonNode json = TorrentJson.MAPPER.readTree(run.out());
            assertThat(json.get("version").asString()).isEqualTo(format);
            assertThat(json.get("totalSize").asLong()).isEqualTo(70_005);
            assertThat(json.get("files").valueStream().map(f -> f.get("path").asString()))
                    .containsExactly("album/b.bin", "album/empty", "album/sub/a.bin");
        }
    }

    private Path write(String name, byte[] bytes) throws IOException {
        return Files.write(dir.resolve(name), bytes);
    }

    private static BDict info(String name, long length, int pieceLength) {
        int pieces = (int) ((length + pieceLength - 1) / pieceLength);
        return BDict.builder()
                .put("name", name)
                .put("length", length)
                .put("piece length", pieceLength)
                .put("pieces", new byte[20 * pieces])
                .build();
    }

    private static byte[] singleFileTorrent(String name, long length, int pieceLength) {
        return BencodeEncoder.encode(BDict.builder().put("info", info(name, length, pieceLength)).build());
    }
}
