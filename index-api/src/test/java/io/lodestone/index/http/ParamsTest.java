package io.lodestone.index.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lodestone.index.SearchQuery;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ParamsTest {

    static Map<String, List<String>> params(String... kv) {
        Map<String, List<String>> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.computeIfAbsent(kv[i], k -> new java.util.ArrayList<>()).add(kv[i + 1]);
        }
        return m;
    }

    @Test
    void defaultsWhenOnlyQIsGiven() {
        SearchQuery q = Params.search(params("q", "ubuntu"));
        assertThat(q).isEqualTo(SearchQuery.of("ubuntu"));
    }

    @Test
    void everyFilterIsRead() {
        SearchQuery q = Params.search(params("q", "x", "limit", "100", "offset", "10000", "minSize", "0",
                "maxSize", "9223372036854775807", "minFiles", "2", "maxFiles", "2147483647"));
        assertThat(q).isEqualTo(new SearchQuery("x", 0, Long.MAX_VALUE, 2, Integer.MAX_VALUE, 100, 10_000));
        assertThat(Params.search(params("q", "x", "limit", "007")).limit()).isEqualTo(7);
    }

    @Test
    void reasonsNameTheParameterAndTheRange() {
        assertReason(params("q", "x", "limit", "0"), "limit must be from 1 to 100, not 0");
        assertReason(params("q", "x", "offset", "abc"), "offset must be a whole number from 0 to 10000, not 'abc'");
        assertReason(params("q", "x", "maxSize", "9223372036854775808"), "maxSize must be from 0 to 9223372036854775807");
        assertReason(params("q", "x", "minFiles", "2147483648"), "minFiles must be from 0 to 2147483647, not 2147483648");
        assertReason(params("q", "x", "minSize", "5", "maxSize", "4"), "maxSize must not be below minSize");
        assertReason(params(), "q is required");
        assertReason(params("q", "x", "q", "y"), "q is given more than once");
        assertReason(params("q", "x", "order", "name"), "unknown parameter 'order'");
        assertReason(params("q", "x", "sort", "name"), "sort must be relevance, date, size, seen, seeders or indexed, not 'name'");
        assertReason(params("q", "x", "type", "films"), "type must be one of movie, tv, music, audiobook, ebook, software,"
                + " game, xxx, other, not 'films'");
        assertReason(params("q", "x", "resolution", "big"), "resolution must look like 1080p, not 'big'");
        assertReason(params("q", "x", "season", "-1"), "season must be a whole number from 0 to 100000, not '-1'");
        assertReason(params("q", "x", "limit", "1\u0000"), "limit must be a whole number from 1 to 100, not '1?'");
    }

    @Test
    void thePageTreatsAMissingOrBlankQueryAsTheBareForm() {
        assertThat(Params.searchIfAsked(params())).isEmpty();
        assertThat(Params.searchIfAsked(params("q", " "))).isEmpty();
        assertThat(Params.searchIfAsked(params("q", "x"))).isPresent();
        assertThatThrownBy(() -> Params.searchIfAsked(params("q", "x", "foo", "1"))).isInstanceOf(HttpError.class);
    }

    @Test
    void hashes() {
        assertThat(Params.infoHash("AB".repeat(20)).hex()).isEqualTo("ab".repeat(20));
        assertThat(Params.infoHash("cd".repeat(32)).isV2()).isTrue();
        for (String bad : new String[] {null, "", "ab".repeat(21), "zz".repeat(20), "ab".repeat(20) + " "}) {
            assertThatThrownBy(() -> Params.infoHash(bad)).isInstanceOf(HttpError.class)
                    .satisfies(e -> assertThat(((HttpError) e).status()).isEqualTo(400));
        }
    }

    @Test
    void downloadIds() {
        assertThat(Params.downloadId("a-Z_9")).isEqualTo("a-Z_9");
        for (String bad : new String[] {"", "a/b", "..", "x".repeat(65), "é"}) {
            assertThatThrownBy(() -> Params.downloadId(bad)).isInstanceOf(HttpError.class);
        }
    }

    @Test
    void quotedInputIsCutAndHasNoControlCharacters() {
        assertThat(Params.describe("a".repeat(100))).isEqualTo("'" + "a".repeat(40) + "...'");
        assertThat(Params.describe("x\ny\u0085")).isEqualTo("'x?y?'");
    }

    @Test
    void queryStringsAreDecodedStrictly() {
        assertThat(QueryString.parse("q=a+b%20c&limit=5&q=%C3%A4&flag&&x=")).isEqualTo(Map.of(
                "q", List.of("a b c", "ä"), "limit", List.of("5"), "flag", List.of(""), "x", List.of("")));
        assertThat(QueryString.parse("q=日本")).isEqualTo(Map.of("q", List.of("日本")));
        assertThat(QueryString.parse(null)).isEmpty();
        for (String bad : new String[] {"q=%zz", "q=%", "q=%4", "%zz=1", "q=%C3%28", "q=%FF"}) {
            assertThatThrownBy(() -> QueryString.parse(bad)).as(bad).isInstanceOf(HttpError.class);
        }
        assertThatThrownBy(() -> QueryString.parse("a=1&".repeat(33))).hasMessageContaining("more than 32");
    }

    private static void assertReason(Map<String, List<String>> p, String reason) {
        assertThatThrownBy(() -> Params.search(p)).isInstanceOf(HttpError.class).hasMessage(reason);
    }
}
