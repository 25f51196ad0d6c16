package io.lodestone.metainfo;

import io.lodestone.bencode.BDict;
import io.lodestone.bencode.BList;
import io.lodestone.bencode.BString;
import io.lodestone.bencode.BencodeEncoder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;

import static io.lodestone.metainfo.MetainfoFixtures.piecesRoot;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SafePathTest {

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Every unsafe form, with the reason the parser must give. */
    static Stream<Arguments> unsafe() {
        return Stream.of(
                Arguments.of("empty", new byte[0], "is empty"),
                Arguments.of("dot", utf8("."), "is a relative directory reference"),
                Arguments.of("dot dot", utf8(".."), "is a relative directory reference"),
                Arguments.of("slash inside", utf8("a/b"), "contains a path separator"),
                Arguments.of("absolute", utf8("/etc"), "contains a path separator"),
                Arguments.of("backslash", utf8("a\\b"), "contains a path separator"),
                Arguments.of("windows absolute", utf8("\\windows"), "contains a path separator"),
                Arguments.of("dot dot backslash", utf8("..\\x"), "contains a path separator"),
                Arguments.of("drive letter", utf8("C:"), "starts with a drive letter"),
                Arguments.of("drive relative", utf8("c:evil.exe"), "starts with a drive letter"),
                Arguments.of("NUL", utf8("a\0b"), "contains a control character"),
                Arguments.of("newline", utf8("a\nb"), "contains a control character"),
                Arguments.of("escape", utf8("\u001b[31m"), "contains a control character"),
                Arguments.of("DEL", utf8("x\u007f"), "contains a control character"),
                Arguments.of("C1 control", utf8("x\u0085"), "contains a control character"),
                Arguments.of("RLO", utf8("\u202egpj.exe"), "contains a bidirectional control character"),
                Arguments.of("RLM", utf8("a\u200f"), "contains a bidirectional control character"),
                Arguments.of("isolate", utf8("a\u2066b"), "contains a bidirectional control character"),
                Arguments.of("too long", utf8("x".repeat(256)), "is longer than 255 bytes"),
                Arguments.of("too long multibyte", utf8("é".repeat(128)), "is longer than 255 bytes"),
                Arguments.of("invalid byte", new byte[] {'a', (byte) 0xff}, "is not valid UTF-8"),
                Arguments.of("overlong slash", new byte[] {(byte) 0xc0, (byte) 0xaf}, "is not valid UTF-8"),
                Arguments.of("encoded surrogate", new byte[] {(byte) 0xed, (byte) 0xa0, (byte) 0x80}, "is not valid UTF-8"),
                Arguments.of("truncated sequence", new byte[] {'a', (byte) 0xe6, (byte) 0x97}, "is not valid UTF-8"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("unsafe")
    void rejectedInAV1Path(String label, byte[] component, String reason) {
        assertThatThrownBy(() -> MetainfoParser.parseTorrent(v1Path(List.of(utf8("dir"), component))))
                .isInstanceOf(MetainfoException.class)
                .hasMessageStartingWith("info.files[0].path: path element ").hasMessageEndingWith(reason);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("unsafe")
    void rejectedAsTheName(String label, byte[] component, String reason) {
        BDict info = BDict.builder().put("name", component).put("piece length", 16384).put("length", 10)
                .put("pieces", new byte[20]).build();
        assertThatThrownBy(() -> MetainfoParser.parseInfo(BencodeEncoder.encode(info)))
                .isInstanceOf(MetainfoException.class)
                .hasMessageStartingWith("info.name: path element ").hasMessageEndingWith(reason);
    }

    /** The empty key marks a file node in a v2 tree, not a name: Bep52MetainfoTest covers it. */
    static Stream<Arguments> unsafeTreeKeys() {
        return unsafe().filter(a -> ((byte[]) a.get()[1]).length > 0);
    }

    /** Invalid UTF-8 in path.utf-8 falls back to path, by design; the rest must be rejected there too. */
    static Stream<Arguments> unsafeText() {
        return unsafe().filter(a -> io.lodestone.bencode.Utf8.isValid((byte[]) a.get()[1]));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("unsafeTreeKeys")
    void rejectedInAV2FileTree(String label, byte[] component, String reason) {
        BDict dir = BDict.builder().put(BString.of(component), fileNode(10)).build();
        BDict tree = BDict.builder().put("d", dir).build();
        assertThatThrownBy(() -> MetainfoParser.parseInfo(v2Info(tree)))
                .isInstanceOf(MetainfoException.class)
                .hasMessageStartingWith("info.file tree['d']: path element ").hasMessageEndingWith(reason);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("unsafeText")
    void rejectedInPathUtf8(String label, byte[] component, String reason) {
        BDict file = BDict.builder().put("length", 10).put("path", MetainfoFixtures.pathList(List.of("ok")))
                .put("path.utf-8", BList.of(BString.of(component))).build();
        BDict info = BDict.builder().put("name", "n").put("piece length", 16384).put("files", BList.of(file))
                .put("pieces", new byte[20]).build();
        assertThatThrownBy(() -> MetainfoParser.parseInfo(BencodeEncoder.encode(info)))
                .isInstanceOf(MetainfoException.class)
                .hasMessageStartingWith("info.files[0].path.utf-8: path element ").hasMessageEndingWith(reason);
    }

    @Test
    void messagesShowInvisibleCharactersEscaped() {
        assertThatThrownBy(() -> MetainfoParser.parseTorrent(v1Path(List.of(utf8("a\nb")))))
                .hasMessage("info.files[0].path: path element 'a\\u000ab' contains a control character");
        assertThatThrownBy(() -> MetainfoParser.parseTorrent(v1Path(List.of(utf8("\u202egpj.exe")))))
                .hasMessage("info.files[0].path: path element '\\u202egpj.exe' contains a bidirectional control character");
    }

    @Test
    void unusualButSafeNamesAreKept() {
        List<String> names = List.of("...", "a b", " lead", "trail. ", ".hidden", "日本語", "Ünïcode", "ab:c", "con",
                "x".repeat(255), "é".repeat(127), "emoji-\ud83d\ude00");
        for (String n : names) {
            Metainfo m = MetainfoParser.parseTorrent(v1Path(List.of(utf8(n))));
            assertThat(m.files().getFirst().path()).containsExactly("n", n);
        }
    }

    @Test
    void pathDepthIsLimited() {
        List<byte[]> deepest = new ArrayList<>(Collections.nCopies(MetainfoLimits.MAX_PATH_DEPTH - 1, utf8("d")));
        assertThat(MetainfoParser.parseTorrent(v1Path(deepest)).files().getFirst().path())
                .hasSize(MetainfoLimits.MAX_PATH_DEPTH);
        deepest.add(utf8("d"));
        assertThatThrownBy(() -> MetainfoParser.parseTorrent(v1Path(deepest)))
                .isInstanceOf(MetainfoException.class)
                .hasMessage("info.files[0].path has 64 elements, more than the limit of 63");

        BDict tree = BDict.builder().put("f", fileNode(10)).build();
        for (int i = 0; i < MetainfoLimits.MAX_PATH_DEPTH - 2; i++) {
            tree = BDict.builder().put("d", tree).build();
        }
        assertThat(MetainfoParser.parseInfo(v2Info(tree)).files().getFirst().path()).hasSize(MetainfoLimits.MAX_PATH_DEPTH);
        BDict tooDeep = BDict.builder().put("d", tree).build();
        assertThatThrownBy(() -> MetainfoParser.parseInfo(v2Info(tooDeep)))
                .isInstanceOf(MetainfoException.class).hasMessageEndingWith("nests deeper than the limit of 64 path elements");
    }

    @Test
    void collisionsAreCaseSensitiveAndPrefixAware() {
        assertThatThrownBy(() -> MetainfoParser.parseTorrent(v1Paths(List.of(List.of("a", "b"), List.of("a", "b")))))
                .hasMessage("two files have the path 'n/a/b'");
        assertThatThrownBy(() -> MetainfoParser.parseTorrent(v1Paths(List.of(List.of("a"), List.of("a", "b")))))
                .hasMessage("file 'n/a' is also a directory of 'n/a/b'");
        assertThat(MetainfoParser.parseTorrent(v1Paths(List.of(List.of("a"), List.of("A"), List.of("ab")))).files()).hasSize(3);
    }

    private static BDict fileNode(int size) {
        byte[] data = new byte[size];
        return BDict.builder().put("", BDict.builder().put("length", size).put("pieces root", piecesRoot(data)).build()).build();
    }

    private static byte[] v2Info(BDict tree) {
        return BencodeEncoder.encode(BDict.builder().put("name", "n").put("piece length", 16384).put("meta version", 2)
                .put("file tree", tree).build());
    }

    private static byte[] v1Path(List<byte[]> components) {
        BDict file = BDict.builder().put("length", 10).put("path", BList.of(components.stream().map(BString::of).toList())).build();
        BDict info = BDict.builder().put("name", "n").put("piece length", 16384).put("files", BList.of(file))
                .put("pieces", new byte[20]).build();
        return BencodeEncoder.encode(BDict.builder().put("info", info).build());
    }

    private static byte[] v1Paths(List<List<String>> paths) {
        List<BDict> files = paths.stream()
                .map(p -> BDict.builder().put("length", 10).put("path", MetainfoFixtures.pathList(p)).build()).toList();
        BDict info = BDict.builder().put("name", "n").put("piece length", 16384).put("files", BList.of(files))
                .put("pieces", new byte[20]).build();
        return BencodeEncoder.encode(BDict.builder().put("info", info).build());
    }
}
