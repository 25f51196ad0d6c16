package io.lodestone.index.classify;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Classifies a torrent from its name and file list by the weighted votes of {@link ClassifierRules}.
 * Pure and thread-safe: all patterns are compiled when the rules are read, and hostile input is cut
 * to bounded lengths before any pattern sees it.
 */
public final class Classifier {
    /** Longer names are cut: release names are far shorter, and it bounds the regex work. */
    public static final int MAX_NAME_CHARS = 512;
    public static final int MAX_PATH_CHARS = 512;
    /** Files beyond this many are not looked at (neither their extension nor their size). */
    public static final int MAX_FILES = 10_000;
    /** File rules look at this many files at most; the evidence they seek shows in the first few. */
    public static final int MAX_RULE_FILES = 500;
    /** Weights of this pseudo-kind apply when the name holds a season or episode. */
    public static final String EPISODE_KIND = "@episode";
    private static final String UNKNOWN_KIND = "unknown";
    private static final Pattern DIGIT = Pattern.compile("\\d");

    private final ClassifierRules rules;

    public Classifier(ClassifierRules rules) {
        this.rules = Objects.requireNonNull(rules, "rules");
    }

    public static Classifier defaults() {
        return new Classifier(ClassifierRules.defaults());
    }

    public Classification classify(String name, List<TorrentFile> files) {
        String n = clean(name == null ? "" : name, MAX_NAME_CHARS);
        List<TorrentFile> fs = files == null ? List.of() : files;
        MediaAttributes attrs = attributes(n);
        EnumMap<ContentType, Double> scores = new EnumMap<>(ContentType.class);
        addFileEvidence(fs, scores);
        for (ClassifierRules.TypeRule r : rules.nameRules()) {
            if (r.pattern().matcher(n).find()) {
                scores.merge(r.type(), r.weight(), Double::sum);
            }
        }
        if (attrs.seasonFrom() != null || attrs.episodeFrom() != null) {
            addKind(scores, EPISODE_KIND, 1.0);
        }
        ContentType best = ContentType.OTHER;
        double bestScore = rules.threshold();
        for (Map.Entry<ContentType, Double> e : scores.entrySet()) {
            if (e.getValue() > bestScore) {
                best = e.getKey();
                bestScore = e.getValue();
            }
        }
        return new Classification(best, attrs);
    }

    private void addFileEvidence(List<TorrentFile> files, EnumMap<ContentType, Double> scores) {
        int count = Math.min(files.size(), MAX_FILES);
        long total = 0;
        for (int i = 0; i < count; i++) {
            TorrentFile f = files.get(i);
            total = f == null ? total : saturatingAdd(total, Math.max(0, f.size()));
        }
        Map<String, Double> shares = new HashMap<>();
        boolean[] fileRuleHit = new boolean[rules.fileRules().size()];
        for (int i = 0; i < count; i++) {
            TorrentFile f = files.get(i);
            if (f == null) {
                continue;
            }
            String path = clean(f.path(), MAX_PATH_CHARS);
            // An empty torrent's files share equally; otherwise each file weighs as much as its bytes.
            double share = total == 0 ? 1.0 / count : Math.max(0, f.size()) / (double) total;
            shares.merge(kindOf(path), share, Double::sum);
            if (i >= MAX_RULE_FILES) {
                continue;
            }
            String tail = lastTwoSegments(path);
            for (int r = 0; r < fileRuleHit.length; r++) {
                if (!fileRuleHit[r] && rules.fileRules().get(r).pattern().matcher(tail).find()) {
                    fileRuleHit[r] = true;
                    scores.merge(rules.fileRules().get(r).type(), rules.fileRules().get(r).weight(), Double::sum);
                }
            }
        }
        shares.forEach((kind, share) -> addKind(scores, kind, share));
    }

    /** parent/name: what file rules look at, as the torrent's own folder names repeat in every path. */
    private static String lastTwoSegments(String path) {
        int last = path.lastIndexOf('/');
        if (last <= 0) {
            return path;
        }
        int parent = path.lastIndexOf('/', last - 1);
        return parent < 0 ? path : path.substring(parent + 1);
    }

    private void addKind(EnumMap<ContentType, Double> scores, String kind, double share) {
        Map<ContentType, Double> w = rules.kindWeights().get(kind);
        if (w != null) {
            w.forEach((type, weight) -> scores.merge(type, weight * share, Double::sum));
        }
    }

    private String kindOf(String path) {
        int slash = path.lastIndexOf('/');
        int dot = path.lastIndexOf('.');
        if (dot <= slash || dot == path.length() - 1) {
            return UNKNOWN_KIND;
        }
        String ext = path.substring(dot + 1).toLowerCase(Locale.ROOT);
        String kind = rules.extensionKinds().get(ext);
        if (kind == null) {
            // Rules write split-archive parts as r## or ###: any digit matches '#'.
            kind = rules.extensionKinds().get(DIGIT.matcher(ext).replaceAll("#"));
        }
        return kind == null ? UNKNOWN_KIND : kind;
    }

    private MediaAttributes attributes(String name) {
        Map<String, String> single = new HashMap<>();
        Set<String> languages = new LinkedHashSet<>();
        Set<String> audio = new LinkedHashSet<>();
        for (ClassifierRules.AttrRule r : rules.attrRules()) {
            boolean multi = r.key().equals("language") || r.key().equals("audio");
            if (!multi && single.containsKey(r.key())) {
                continue;
            }
            Matcher m = r.pattern().matcher(name);
            String value = null;
            // A captured value is the last match: in "2001 A Space Odyssey 1968" the year comes last.
            while (m.find()) {
                value = r.captures() ? m.group("v") : r.value();
                if (!r.captures()) {
                    break;
                }
            }
            if (value == null) {
                continue;
            }
            if (multi) {
                (r.key().equals("language") ? languages : audio).add(value);
            } else {
                single.put(r.key(), value);
            }
        }
        SeasonEpisode se = seasonEpisode(name);
        return new MediaAttributes(single.get("resolution"), single.get("source"), single.get("codec"),
                se.seasonFrom(), se.seasonTo(), se.episodeFrom(), se.episodeTo(), se.absolute(),
                parse(single.get("year")), new ArrayList<>(languages), new ArrayList<>(audio));
    }

    private record SeasonEpisode(Integer seasonFrom, Integer seasonTo, Integer episodeFrom, Integer episodeTo,
                                 boolean absolute) {
        static final SeasonEpisode NONE = new SeasonEpisode(null, null, null, null, false);
    }

    /** Season and episode from the first pattern that matches and yields a number. */
    private SeasonEpisode seasonEpisode(String name) {
        for (Pattern p : rules.episodePatterns()) {
            Matcher m = p.matcher(name);
            if (!m.find()) {
                continue;
            }
            Map<String, Integer> groups = m.namedGroups();
            Integer a = group(m, groups, "a");
            if (a != null) {
                return new SeasonEpisode(null, null, a, upper(a, group(m, groups, "a2")), true);
            }
            Integer s = group(m, groups, "s");
            Integer e = group(m, groups, "e");
            if (s == null && e == null) {
                continue;
            }
            return new SeasonEpisode(s, s == null ? null : upper(s, group(m, groups, "s2")),
                    e, e == null ? null : upper(e, group(m, groups, "e2")), false);
        }
        return SeasonEpisode.NONE;
    }

    private static Integer upper(Integer from, Integer to) {
        return to == null || to < from ? from : to;
    }

    private static Integer group(Matcher m, Map<String, Integer> groups, String group) {
        return groups.containsKey(group) ? parse(m.group(group)) : null;
    }

    private static Integer parse(String digits) {
        if (digits == null || digits.isEmpty() || digits.length() > 6) {
            return null;
        }
        for (int i = 0; i < digits.length(); i++) {
            if (digits.charAt(i) < '0' || digits.charAt(i) > '9') {
                return null;
            }
        }
        return Integer.parseInt(digits);
    }

    /** Cuts to a bound and makes '_' a separator, as release names use it like '.' and ' '. */
    private static String clean(String s, int max) {
        String cut = s.length() > max ? s.substring(0, max) : s;
        return cut.replace('_', ' ');
    }

    private static long saturatingAdd(long a, long b) {
        long r = a + b;
        return r < 0 ? Long.MAX_VALUE : r;
    }
}
