package io.lodestone.index.classify;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The rules a data directory classifies with: the built-in file, plus {@code DATA/classify-rules.txt}
 * when the user wrote one, and a fingerprint of both texts. The search index records the
 * fingerprint it classified with; a different one at start means the rules changed and every
 * torrent is classified again.
 *
 * @param userFile the user's file, or null when there is none
 */
public record RuleSet(Classifier classifier, String fingerprint, Path userFile) {
    /** The user's file name inside the data directory. */
    public static final String USER_FILE = ClassifierRules.RESOURCE;
    /** A user file beyond this is refused rather than read. */
    public static final long MAX_USER_FILE_BYTES = 4L << 20;

    /** The built-in rules alone. */
    public static RuleSet builtIn() {
        String text = builtInText();
        return new RuleSet(new Classifier(parse(text, ClassifierRules.RESOURCE)), fingerprint(text, null), null);
    }

    /**
     * The built-in rules with {@code dataDir/classify-rules.txt} on top when it exists. A file that
     * does not parse is an IllegalArgumentException naming the file and line.
     */
    public static RuleSet load(Path dataDir) throws IOException {
        Path user = dataDir.resolve(USER_FILE);
        if (!Files.isRegularFile(user)) {
            return builtIn();
        }
        if (Files.size(user) > MAX_USER_FILE_BYTES) {
            throw new IllegalArgumentException(user + " is over " + MAX_USER_FILE_BYTES + " bytes");
        }
        String extra = Files.readString(user, StandardCharsets.UTF_8);
        String text = builtInText();
        ClassifierRules rules = parse(text, ClassifierRules.RESOURCE).merge(parse(extra, user.toString()));
        return new RuleSet(new Classifier(rules), fingerprint(text, extra), user);
    }

    private static ClassifierRules parse(String text, String source) {
        try {
            return ClassifierRules.parse(new StringReader(text), source);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String builtInText() {
        try (InputStream in = ClassifierRules.class.getResourceAsStream(ClassifierRules.RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("built-in classifier rules missing: " + ClassifierRules.RESOURCE);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** SHA-256 over both texts, each length-prefixed so that moving a line between them changes it. */
    static String fingerprint(String builtIn, String user) {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            for (String s : new String[] {builtIn, user == null ? "" : user}) {
                byte[] b = s.getBytes(StandardCharsets.UTF_8);
                d.update((b.length + ":").getBytes(StandardCharsets.US_ASCII));
                d.update(b);
            }
            return HexFormat.of().formatHex(d.digest()).substring(0, 32);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
