package io.lodestone.index.torznab;

import static org.assertj.core.api.Assertions.assertThat;

import io.lodestone.index.SearchHit;
import io.lodestone.index.SearchPage;
import io.lodestone.index.classify.Classification;
import io.lodestone.index.classify.ContentType;
import io.lodestone.index.classify.MediaAttributes;
import io.lodestone.interop.StrictXml;
import io.lodestone.types.InfoHash;
import java.io.StringReader;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.xml.XMLConstants;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.SchemaFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class TorznabXmlTest {
    static final String NASTY = "A&B <tag> \"quoted\" 'single' \u0000nul \u0001ctl \u0008bs \u000bvt \u001fus \ud800lone "
            + "\ufffe\uffff tab\there 😀 ünï";

    static SearchHit hit(String name, ContentType type, String resolution) {
        return hit(name, type, resolution, -1, -1);
    }

    static SearchHit hit(String name, ContentType type, String resolution, long seeders, long peers) {
        MediaAttributes a = new MediaAttributes(resolution, null, null, 2, 2, 5, 5, false, 2021, List.of(), List.of());
        return new SearchHit(InfoHash.fromHex("ab".repeat(20)), name, 1234, 3, Instant.parse("2025-03-01T12:00:00Z"),
                1, 1f, new Classification(type, a), seeders, peers);
    }

    @Test
    void capsPassTheSchemaAndAdvertiseOnlyWhatWeHonour() throws Exception {
        String caps = TorznabXml.caps("Lodestone");
        var schema = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI)
                .newSchema(TorznabXml.class.getResource("torznab-caps.xsd"));
        schema.newValidator().validate(new StreamSource(new StringReader(caps)));
        Document d = StrictXml.parse(caps);
        Map<String, String> params = new HashMap<>();
        NodeList searching = d.getElementsByTagName("searching").item(0).getChildNodes();
        for (int i = 0; i < searching.getLength(); i++) {
            if (searching.item(i) instanceof Element e) {
                params.put(e.getTagName(), e.getAttribute("supportedParams"));
            }
        }
        assertThat(params).containsEntry("search", "q").containsEntry("tv-search", "q,season,ep")
                .containsEntry("movie-search", "q,year").containsEntry("music-search", "q")
                .containsEntry("book-search", "q");
        assertThat(caps).doesNotContain("imdbid").doesNotContain("tvdbid");
        List<String> ids = new ArrayList<>();
        NodeList cats = d.getElementsByTagName("*");
        for (int i = 0; i < cats.getLength(); i++) {
            Element e = (Element) cats.item(i);
            if (e.getTagName().equals("category") || e.getTagName().equals("subcat")) {
                ids.add(e.getAttribute("id"));
            }
        }
        assertThat(ids).contains("2000", "2040", "2045", "5000", "5040", "5045", "3000", "7000", "4000", "6000", "8000");
    }

    @Test
    void itemsCarryTheAttributesAndSurviveAnyName() throws Exception {
        SearchHit tv = hit(NASTY, ContentType.TV, "720p", 3, 2);
        SearchHit movie = hit("Movie.2021.2160p", ContentType.MOVIE, "2160p");
        String xml = TorznabXml.results(new TorznabXml.Channel("Lodestone", "d & <d>", "http://h/torznab/api?t=search&q=a",
                "http://h/"), new SearchPage(7, List.of(tv, movie)), 5, List.of(
                new TorznabXml.Item(tv, "magnet:?xt=urn:btih:" + "ab".repeat(20) + "&dn=A%26B", "http://h/torrent/x",
                        "http://h/api/v1/torrents/x/torrent?apikey=k&x=1"),
                new TorznabXml.Item(movie, "magnet:?xt=urn:btih:" + "ab".repeat(20), "http://h/p", "http://h/f")));
        Document d = StrictXml.parse(xml);
        Element item = (Element) d.getElementsByTagName("item").item(0);
        String title = item.getElementsByTagName("title").item(0).getTextContent();
        assertThat(title).startsWith("A&B <tag> \"quoted\" 'single' \ufffdnul \ufffdctl")
                .contains("\ufffdlone \ufffd\ufffd tab\there 😀 ünï");
        Map<String, List<String>> attrs = attrs(item);
        assertThat(attrs.get("category")).containsExactly("5040", "5000");
        assertThat(attrs.get("size")).containsExactly("1234");
        assertThat(attrs.get("files")).containsExactly("3");
        assertThat(attrs.get("infohash")).containsExactly("ab".repeat(20));
        assertThat(attrs.get("magneturl")).containsExactly("magnet:?xt=urn:btih:" + "ab".repeat(20) + "&dn=A%26B");
        assertThat(attrs.get("seeders")).containsExactly("3");
        assertThat(attrs.get("peers")).containsExactly("5"); // Torznab's peers: seeders and downloaders
        assertThat(attrs((Element) d.getElementsByTagName("item").item(1))).doesNotContainKeys("seeders", "peers");
        assertThat(attrs.get("season")).containsExactly("2");
        assertThat(attrs.get("episode")).containsExactly("5");
        Element enclosure = (Element) item.getElementsByTagName("enclosure").item(0);
        assertThat(enclosure.getAttribute("url")).isEqualTo("http://h/api/v1/torrents/x/torrent?apikey=k&x=1");
        assertThat(attrs((Element) d.getElementsByTagName("item").item(1)).get("category"))
                .containsExactly("2045", "2000");
        Element response = (Element) d.getElementsByTagNameNS(TorznabXml.TORZNAB_NS, "response").item(0);
        assertThat(response.getAttribute("offset")).isEqualTo("5");
        assertThat(response.getAttribute("total")).isEqualTo("7");
        assertThat(d.getElementsByTagName("pubDate").item(0).getTextContent()).isEqualTo("Sat, 1 Mar 2025 12:00:00 GMT");
    }

    @Test
    void errorsAreOneElementWithCodeAndEscapedDescription() throws Exception {
        Document d = StrictXml.parse(TorznabXml.error(100, "unknown key <\u0007>"));
        Element e = d.getDocumentElement();
        assertThat(e.getTagName()).isEqualTo("error");
        assertThat(e.getAttribute("code")).isEqualTo("100");
        assertThat(e.getAttribute("description")).isEqualTo("unknown key <\ufffd>");
    }

    static Map<String, List<String>> attrs(Element item) {
        Map<String, List<String>> out = new HashMap<>();
        NodeList list = item.getElementsByTagNameNS(TorznabXml.TORZNAB_NS, "attr");
        for (int i = 0; i < list.getLength(); i++) {
            Element a = (Element) list.item(i);
            out.computeIfAbsent(a.getAttribute("name"), k -> new ArrayList<>()).add(a.getAttribute("value"));
        }
        return out;
    }
}
