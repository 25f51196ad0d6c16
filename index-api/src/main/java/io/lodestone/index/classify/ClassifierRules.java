package io.lodestone.index.classify;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The classifier's rules, read from a line-based text file so users can extend them without code.
 * The built-in set ships as {@code classify-rules.txt}; {@link #merge} lays a user's file on top.
 *
 * <pre>
 * # comment
 * ext KIND EXT...              file extensions that are evidence of KIND (video, audio, ebook, …)
 * weigh KIND TYPE=W...         the size share of KIND's files votes W for each TYPE
 * name TYPE W REGEX            the torrent name matching REGEX votes W for TYPE (W may be negative)
 * file TYPE W REGEX            any file whose parent/name matches REGEX votes W for TYPE, once
 * attr KEY VALUE REGEX         KEY (resolution, source, codec, year, language, audio) is VALUE when the
 *                              name matches; VALUE {v} takes the regex's group v
 * episode REGEX                season/episode pattern with named groups s, s2 (season range),
 *                              e, e2 (episode range), a, a2 (absolute episode range)
 * threshold W                  below this best score the type is "other"
 * </pre>
 * Regexes are case-insensitive unless they say {@code (?-i)}; each is compiled once, here.
 */
public record ClassifierRules(Map<String, String> extensionKinds, Map<String, Map<ContentType, Double>> kindWeights,
                              List<TypeRule> nameRules, List<TypeRule> fileRules, List<AttrRule> attrRules,
                              List<Pattern> episodePatterns, double threshold) {
    public static final String RESOURCE = "classify-rules.txt";
    /** A rule file longer than this is refused rather than read into memory. */
    public static final int MAX_LINES = 20_000;
    /** Weights beyond this would drown every other vote; NaN and infinities are refused too. */
    public static final double MAX_WEIGHT = 1_000;
    public static final Set<String> EPISODE_GROUPS = Set.of("s", "s2", "e", "e2", "a", "a2");
    public static final Set<String> ATTR_KEYS = Set.of("resolution", "source", "codec", "year", "language", "audio");

    /** A vote of weight for type when pattern matches. */
    public record TypeRule(ContentType type, double weight, Pattern pattern) { }

    /** Sets key to value (or to group v when value is {v}) when pattern matches. */
    public record AttrRule(String key, String value, Pattern pattern) {
        public boolean captures() {
            return "{v}".equals(value);
        }
    }

    public ClassifierRules {
        extensionKinds = Map.copyOf(extensionKinds);
        Map<String, Map<ContentType, Double>> kw = new HashMap<>();
        kindWeights.forEach((k, v) -> kw.put(k, Map.copyOf(v)));
        kindWeights = Map.copyOf(kw);
        nameRules = List.copyOf(nameRules);
        fileRules = List.copyOf(fileRules);
        attrRules = List.copyOf(attrRules);
        episodePatterns = List.copyOf(episodePatterns);
    }

    /** The rules shipped in the jar. */
    public static ClassifierRules defaults() {
        try (InputStream in = ClassifierRules.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("built-in classifier rules missing: " + RESOURCE);
            }
            return parse(new java.io.InputStreamReader(in, StandardCharsets.UTF_8), RESOURCE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The built-in rules with a user's file merged on top. */
    public static ClassifierRules defaultsWith(Path extra) throws IOException {
        try (Reader r = Files.newBufferedReader(extra, StandardCharsets.UTF_8)) {
            return defaults().merge(parse(r, extra.toString()));
        }
    }

    /**
     * This set with {@code extra} on top: extra's attribute and episode rules are tried first, its
     * name and file rules add to these, its extensions and weights replace the same keys here.
     */
    public ClassifierRules merge(ClassifierRules extra) {
        Map<String, String> ext = new HashMap<>(extensionKinds);
        ext.putAll(extra.extensionKinds);
        Map<String, Map<ContentType, Double>> kw = new HashMap<>();
        kindWeights.forEach((k, v) -> kw.put(k, new EnumMap<>(v)));
        extra.kindWeights.forEach((k, v) -> kw.computeIfAbsent(k, x -> new EnumMap<>(ContentType.class)).putAll(v));
        return new ClassifierRules(ext, kw, concat(nameRules, extra.nameRules), concat(fileRules, extra.fileRules),
                concat(extra.attrRules, attrRules), concat(extra.episodePatterns, episodePatterns),
                extra.threshold > 0 ? extra.threshold : threshold);
    }

    private static <T> List<T> concat(List<T> a, List<T> b) {
        List<T> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }

    /** Parses a rule file; a bad line gets an IllegalArgumentException naming the source and line. */
    public static ClassifierRules parse(Reader reader, String source) throws IOException {
        Map<String, String> ext = new HashMap<>();
        Map<String, Map<ContentType, Double>> kw = new HashMap<>();
        List<TypeRule> names = new ArrayList<>();
        List<TypeRule> files = new ArrayList<>();
        List<AttrRule> attrs = new ArrayList<>();
        List<Pattern> episodes = new ArrayList<>();
        double threshold = 0;
        BufferedReader in = new BufferedReader(reader);
        String line;
        int n = 0;
        while ((line = in.readLine()) != null) {
            if (++n > MAX_LINES) {
                throw new IllegalArgumentException(source + ": more than " + MAX_LINES + " lines");
            }
            String l = line.strip();
            if (l.isEmpty() || l.startsWith("#")) {
                continue;
            }
            try {
                String[] f = l.split("\\s+", 4);
                switch (f[0]) {
                    case "ext" -> {
                        String[] all = l.split("\\s+");
                        need(all, 3);
                        for (int i = 2; i < all.length; i++) {
                            ext.put(all[i].toLowerCase(Locale.ROOT), all[1]);
                        }
                    }
                    case "weigh" -> {
                        String[] all = l.split("\\s+");
                        need(all, 3);
                        Map<ContentType, Double> m = kw.computeIfAbsent(all[1], k -> new EnumMap<>(ContentType.class));
                        for (int i = 2; i < all.length; i++) {
                            String[] tw = all[i].split("=", 2);
                            need(tw, 2);
                            m.put(ContentType.of(tw[0]), weight(tw[1]));
                        }
                    }
                    case "name", "file" -> {
                        need(f, 4);
                        TypeRule r = new TypeRule(ContentType.of(f[1]), weight(f[2]), compile(f[3]));
                        (f[0].equals("name") ? names : files).add(r);
                    }
                    case "attr" -> {
                        need(f, 4);
                        if (!ATTR_KEYS.contains(f[1])) {
                            throw new IllegalArgumentException("unknown attribute " + f[1] + ", one of " + ATTR_KEYS);
                        }
                        AttrRule r = new AttrRule(f[1], f[2], compile(f[3]));
                        if (r.captures() && !r.pattern().namedGroups().containsKey("v")) {
                            throw new IllegalArgumentException("value {v} needs a group (?<v>...)");
                        }
                        attrs.add(r);
                    }
                    case "episode" -> {
                        Pattern p = compile(l.substring("episode".length()).strip());
                        for (String g : p.namedGroups().keySet()) {
                            if (!EPISODE_GROUPS.contains(g)) {
                                throw new IllegalArgumentException("unknown group " + g + ", one of " + EPISODE_GROUPS);
                            }
                        }
                        episodes.add(p);
                    }
                    case "threshold" -> threshold = weight(f[1]);
                    default -> throw new IllegalArgumentException("unknown rule kind " + f[0]);
                }
            } catch (PatternSyntaxException | NumberFormatException | ArrayIndexOutOfBoundsException e) {
                throw new IllegalArgumentException(source + ":" + n + ": " + e.getMessage(), e);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(source + ":" + n + ": " + e.getMessage(), e);
            }
        }
        return new ClassifierRules(ext, kw, names, files, attrs, episodes, threshold);
    }

    private static double weight(String text) {
        double w = Double.parseDouble(text);
        if (!Double.isFinite(w) || Math.abs(w) > MAX_WEIGHT) {
            throw new IllegalArgumentException("weight must be a number within ±" + MAX_WEIGHT + ": " + text);
        }
        return w;
    }

    private static void need(String[] fields, int count) {
        if (fields.length < count) {
            throw new IllegalArgumentException("expected at least " + count + " fields");
        }
    }

    private static Pattern compile(String regex) {
        return Pattern.compile(regex, Pattern.CASE_INSENSITIVE);
    }
}
