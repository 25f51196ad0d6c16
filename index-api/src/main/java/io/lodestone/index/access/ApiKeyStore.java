package io.lodestone.index.access;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * API keys in the data directory's {@value #FILE_NAME} file, one per line:
 * {@code name scope sha256-hex created-epoch-seconds}. Only the hash is stored. The command line
 * writes the file (under an inter-process lock, replaced atomically); a running server sees a
 * new or revoked key at its next request, because every lookup checks whether the file changed.
 *
 * <p>A key is 256 random bits, so one unsalted SHA-256 is as good as a slow password hash here:
 * there is no dictionary to try.
 */
public final class ApiKeyStore {

    public static final String FILE_NAME = "api-keys";
    /** What a key starts with, so it is recognisable in a config or a leak scan. */
    public static final String PREFIX = "lsk_";
    public static final int SECRET_BYTES = 32;
    public static final int MAX_KEYS = 10_000;
    /** Longest key accepted from a request; anything longer is no key of ours. */
    public static final int MAX_PRESENTED_LENGTH = 256;
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    private final SharedFile file;
    private final SecureRandom random = new SecureRandom();
    private volatile Snapshot snapshot = new Snapshot(null, Map.of());

    private record Snapshot(Object version, Map<String, ApiKey> byHash) {
    }

    public ApiKeyStore(Path dataDir) {
        this.file = new SharedFile(dataDir.resolve(FILE_NAME));
    }

    /** Checks a name for {@code apikey create}. */
    public static String checkName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("a key name is 1 to 64 letters, digits, '.', '_' or '-', "
                    + "starting with a letter or digit");
        }
        return name;
    }

    /** Makes a key and returns its secret, which is never shown again. */
    public String create(String name, Scope scope) throws IOException {
        checkName(name);
        byte[] secret = new byte[SECRET_BYTES];
        random.nextBytes(secret);
        String key = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        ApiKey k = new ApiKey(name, scope, sha256(key), Instant.now());
        file.update(text -> {
            List<ApiKey> keys = parse(text);
            if (keys.stream().anyMatch(e -> e.name().equals(name))) {
                throw new IllegalArgumentException("a key named '" + name + "' exists already; revoke it first");
            }
            if (keys.size() >= MAX_KEYS) {
                throw new IllegalArgumentException("there are " + MAX_KEYS + " keys already");
            }
            keys.add(k);
            return format(keys);
        });
        return key;
    }

    /** Removes the key; false when there was none of that name. */
    public boolean revoke(String name) throws IOException {
        boolean[] found = {false};
        file.update(text -> {
            List<ApiKey> keys = parse(text);
            found[0] = keys.removeIf(k -> k.name().equals(name));
            return format(keys);
        });
        return found[0];
    }

    /** Every key, in creation order. */
    public List<ApiKey> list() throws IOException {
        return List.copyOf(current().byHash().values());
    }

    public boolean isEmpty() throws IOException {
        return current().byHash().isEmpty();
    }

    /** The key a request presented, when it is one of ours. */
    public Optional<ApiKey> find(String presented) throws IOException {
        if (presented == null || presented.length() > MAX_PRESENTED_LENGTH || !presented.startsWith(PREFIX)) {
            return Optional.empty();
        }
        return Optional.ofNullable(current().byHash().get(sha256(presented)));
    }

    /** Is this key (by name and hash) still there? Sessions ask, so a revoked key ends them. */
    public boolean stillValid(ApiKey k) throws IOException {
        ApiKey now = current().byHash().get(k.sha256Hex());
        return now != null && now.name().equals(k.name()) && now.scope() == k.scope();
    }

    private Snapshot current() throws IOException {
        Object v = file.version();
        Snapshot s = snapshot;
        if (java.util.Objects.equals(v, s.version())) {
            return s;
        }
        Map<String, ApiKey> byHash = new LinkedHashMap<>();
        for (ApiKey k : parse(file.read())) {
            byHash.put(k.sha256Hex(), k);
        }
        s = new Snapshot(v, byHash);
        snapshot = s;
        return s;
    }

    static List<ApiKey> parse(String text) {
        return SharedFile.parseLines(text, FILE_NAME, line -> {
            String[] f = line.strip().split(" ");
            if (f.length != 4 || !f[2].matches("[0-9a-f]{64}")) {
                throw new IllegalArgumentException("expected: name scope sha256 created");
            }
            return new ApiKey(checkName(f[0]), Scope.parse(f[1]), f[2], Instant.ofEpochSecond(Long.parseLong(f[3])));
        });
    }

    static String format(List<ApiKey> keys) {
        StringBuilder b = new StringBuilder("# name scope sha256-of-key created-epoch-seconds (lodestone apikey)\n");
        for (ApiKey k : keys) {
            b.append(k.name()).append(' ').append(k.scope().label()).append(' ').append(k.sha256Hex()).append(' ')
                    .append(k.createdAt().getEpochSecond()).append('\n');
        }
        return b.toString();
    }

    static String sha256(String key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
