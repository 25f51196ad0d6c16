package io.lodestone.index.http;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A strict reader of the Prometheus text exposition format (version 0.0.4), for tests: every line
 * must be a HELP, a TYPE or a sample; a family is typed once, before its samples; sample names
 * fit their family's type; label values are properly escaped; values are floats.
 */
final class PrometheusText {

    static final Pattern METRIC_NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
    private static final Pattern HELP = Pattern.compile("# HELP (" + METRIC_NAME + ") (.*)");
    private static final Pattern TYPE = Pattern.compile("# TYPE (" + METRIC_NAME + ") (counter|gauge|histogram|summary|untyped)");
    private static final Pattern VALUE = Pattern.compile("[+-]?(Inf|NaN|\\d+(\\.\\d*)?([eE][+-]?\\d+)?|\\.\\d+([eE][+-]?\\d+)?)");
    private static final Pattern TIMESTAMP = Pattern.compile("-?\\d+");

    record Sample(String name, Map<String, String> labels, double value) {
    }

    record Family(String name, String type, List<Sample> samples) {
    }

    private PrometheusText() {
    }

    /** The families by name; throws {@link IllegalArgumentException} naming the first bad line. */
    static Map<String, Family> parse(String text) {
        if (!text.isEmpty() && !text.endsWith("\n")) {
            throw new IllegalArgumentException("the exposition must end with a newline");
        }
        Map<String, Family> families = new LinkedHashMap<>();
        Map<String, String> helps = new HashMap<>();
        String current = null;
        int lineNo = 0;
        for (String line : text.split("\n", -1)) {
            lineNo++;
            if (line.isEmpty()) {
                continue;
            }
            Matcher m;
            if ((m = HELP.matcher(line)).matches()) {
                if (helps.put(m.group(1), m.group(2)) != null) {
                    throw bad(lineNo, line, "second HELP for " + m.group(1));
                }
            } else if ((m = TYPE.matcher(line)).matches()) {
                if (families.containsKey(m.group(1))) {
                    throw bad(lineNo, line, "second TYPE for " + m.group(1));
                }
                current = m.group(1);
                families.put(current, new Family(current, m.group(2), new ArrayList<>()));
            } else if (line.startsWith("# HELP") || line.startsWith("# TYPE")) {
                throw bad(lineNo, line, "malformed HELP or TYPE");
            } else if (line.startsWith("#")) {
                continue; // other comments are allowed
            } else {
                Sample s = sample(lineNo, line);
                Family f = current == null ? null : families.get(current);
                if (f == null || !belongs(s.name(), f)) {
                    throw bad(lineNo, line, "sample outside its TYPEd family");
                }
                f.samples().add(s);
            }
        }
        return families;
    }

    private static boolean belongs(String sample, Family f) {
        String n = f.name();
        return switch (f.type()) {
            case "counter" -> sample.equals(n) || sample.equals(n + "_total") || sample.equals(n + "_created");
            case "histogram" -> Set.of(n + "_bucket", n + "_sum", n + "_count", n + "_created").contains(sample);
            case "summary" -> Set.of(n, n + "_sum", n + "_count", n + "_created").contains(sample);
            default -> sample.equals(n);
        };
    }

    private static Sample sample(int lineNo, String line) {
        int i = 0;
        while (i < line.length() && line.charAt(i) != '{' && line.charAt(i) != ' ') {
            i++;
        }
        String name = line.substring(0, i);
        if (!METRIC_NAME.matcher(name).matches()) {
            throw bad(lineNo, line, "bad metric name");
        }
        Map<String, String> labels = new LinkedHashMap<>();
        if (i < line.length() && line.charAt(i) == '{') {
            i++;
            while (line.charAt(i) != '}') {
                int eq = line.indexOf('=', i);
                if (eq < 0) {
                    throw bad(lineNo, line, "label without '='");
                }
                String label = line.substring(i, eq);
                if (!LABEL_NAME.matcher(label).matches() || eq + 1 >= line.length() || line.charAt(eq + 1) != '"') {
                    throw bad(lineNo, line, "bad label " + label);
                }
                StringBuilder v = new StringBuilder();
                int j = eq + 2;
                while (true) {
                    if (j >= line.length()) {
                        throw bad(lineNo, line, "unterminated label value");
                    }
                    char c = line.charAt(j);
                    if (c == '"') {
                        break;
                    }
                    if (c == '\\') {
                        char e = j + 1 < line.length() ? line.charAt(j + 1) : 0;
                        switch (e) {
                            case '\\' -> v.append('\\');
                            case '"' -> v.append('"');
                            case 'n' -> v.append('\n');
                            default -> throw bad(lineNo, line, "bad escape");
                        }
                        j += 2;
                    } else {
                        v.append(c);
                        j++;
                    }
                }
                if (labels.put(label, v.toString()) != null) {
                    throw bad(lineNo, line, "repeated label " + label);
                }
                i = j + 1;
                if (i < line.length() && line.charAt(i) == ',') {
                    i++;
                } else if (i >= line.length() || line.charAt(i) != '}') {
                    throw bad(lineNo, line, "expected ',' or '}'");
                }
            }
            i++;
        }
        if (i >= line.length() || line.charAt(i) != ' ') {
            throw bad(lineNo, line, "expected a space before the value");
        }
        String[] rest = line.substring(i + 1).split(" ", -1);
        if (rest.length < 1 || rest.length > 2 || !VALUE.matcher(rest[0]).matches()
                || (rest.length == 2 && !TIMESTAMP.matcher(rest[1]).matches())) {
            throw bad(lineNo, line, "bad value or timestamp");
        }
        String v = rest[0].replace("Inf", "Infinity");
        return new Sample(name, labels, Double.parseDouble(v));
    }

    private static IllegalArgumentException bad(int lineNo, String line, String why) {
        return new IllegalArgumentException("line " + lineNo + ": " + why + ": " + line);
    }
}
