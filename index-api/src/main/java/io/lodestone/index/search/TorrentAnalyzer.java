package io.lodestone.index.search;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.LowerCaseFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.cjk.CJKBigramFilter;
import org.apache.lucene.analysis.charfilter.MappingCharFilter;
import org.apache.lucene.analysis.charfilter.NormalizeCharMap;
import org.apache.lucene.analysis.cjk.CJKWidthCharFilter;
import org.apache.lucene.analysis.miscellaneous.ASCIIFoldingFilter;
import org.apache.lucene.analysis.miscellaneous.WordDelimiterGraphFilter;
import org.apache.lucene.analysis.standard.StandardTokenizer;

import java.io.Reader;

/**
 * Tokens for torrent names and file paths, in Latin and CJK scripts alike.
 *
 * <p>Separators common in release names (dots, underscores, brackets) become spaces, then Unicode
 * word breaks, then the word delimiter splits words on case changes, keeping the original and the
 * joined word too ({@code BluRay} gives {@code blu}, {@code ray}, {@code bluray}); digits stay with
 * their letters so {@code 1080p}, {@code x264} and {@code s01e01} remain one token each. Han, kana
 * and Hangul runs become overlapping bigrams; indexing also keeps single characters, so a
 * one-character query still finds them. Then lowercase and ASCII folding ({@code Amélie} is
 * {@code amelie}); full-width forms are folded to their usual width first.
 */
public final class TorrentAnalyzer extends Analyzer {
    private static final int CJK_SCRIPTS = CJKBigramFilter.HAN | CJKBigramFilter.HIRAGANA
            | CJKBigramFilter.KATAKANA | CJKBigramFilter.HANGUL;
    private static final int DELIMITER_FLAGS = WordDelimiterGraphFilter.GENERATE_WORD_PARTS
            | WordDelimiterGraphFilter.GENERATE_NUMBER_PARTS | WordDelimiterGraphFilter.SPLIT_ON_CASE_CHANGE
            | WordDelimiterGraphFilter.CATENATE_WORDS | WordDelimiterGraphFilter.PRESERVE_ORIGINAL
            | WordDelimiterGraphFilter.STEM_ENGLISH_POSSESSIVE;

    private final boolean forIndexing;

    private TorrentAnalyzer(boolean forIndexing) {
        this.forIndexing = forIndexing;
    }

    /** For documents: CJK unigrams kept. */
    public static TorrentAnalyzer forIndexing() {
        return new TorrentAnalyzer(true);
    }

    /** For queries: a token graph (alternatives for split words) that the query builder follows. */
    public static TorrentAnalyzer forQueries() {
        return new TorrentAnalyzer(false);
    }

    /** Separators in torrent names that Unicode word breaks keep inside words ("a.b", "a_b", "1.5"). */
    private static final String SEPARATORS = "._[](){}+~,;:!=#@&|\\/^*?\"'";
    private static final NormalizeCharMap SEPARATORS_TO_SPACE = separatorMap();

    private static NormalizeCharMap separatorMap() {
        NormalizeCharMap.Builder b = new NormalizeCharMap.Builder();
        for (char c : SEPARATORS.toCharArray()) {
            b.add(String.valueOf(c), " ");
        }
        return b.build();
    }

    @Override
    protected Reader initReader(String fieldName, Reader reader) {
        return new MappingCharFilter(SEPARATORS_TO_SPACE, new CJKWidthCharFilter(reader));
    }

    @Override
    protected TokenStreamComponents createComponents(String fieldName) {
        Tokenizer source = new StandardTokenizer();
        // At index time the word delimiter's graph is not flattened: the index keeps no positions
        // (no phrase queries), only which terms a document has and how often.
        TokenStream s = new WordDelimiterGraphFilter(source, DELIMITER_FLAGS, null);
        s = new CJKBigramFilter(s, CJK_SCRIPTS, forIndexing);
        s = new LowerCaseFilter(s);
        s = new ASCIIFoldingFilter(s);
        return new TokenStreamComponents(source, s);
    }
}
