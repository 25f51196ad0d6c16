package io.lodestone.index.content;

import io.lodestone.index.access.SharedFile;
import io.lodestone.time.Clock;
import io.lodestone.types.InfoHash;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The block list in the data directory's {@value #FILE_NAME} file, one rule per line:
 * {@code id kind created-epoch-seconds by value}. Both the server and the command line change
 * it (through {@link SharedFile}); each process re-reads it when it changed, looking at most once
 * per {@link #RELOAD_CHECK_NANOS}, so the crawler's per-hash check costs a set lookup.
 */
public final class BlockList {

    public static final String FILE_NAME = "blocks";
    public static final int MAX_RULES = 1_000_000;
    public static final int MAX_PATTERNS = 1_000;
    static final long RELOAD_CHECK_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final Logger LOG = LoggerFactory.getLogger(BlockList.class);

    /** What the list holds now; replaced whole on every change. */
    public record Snapshot(List<BlockRule> rules, Set<String> hashes, List<NamePattern> patterns, long generation) {
    }

    private final SharedFile file;
    private final Clock clock;
    private volatile Snapshot snapshot = new Snapshot(List.of(), Set.of(), List.of(), 0);
    private volatile Object version;
    private volatile long checkedAt;

    public BlockList(Path dataDir, Clock clock) throws IOException {
        this.file = new SharedFile(dataDir.resolve(FILE_NAME));
        this.clock = clock;
        reload();
        checkedAt = clock.nanos();
    }

    /** Is this hash (or, for a v2 hash, its truncated form) blocked or deleted? */
    public boolean blocksHash(InfoHash h) {
        Set<String> hashes = fresh().hashes();
        return hashes.contains(h.hex()) || (h.isV2() && hashes.contains(h.truncated().hex()));
    }

    /** Does a name-pattern rule match this name? */
    public boolean blocksName(String name) {
        for (NamePattern p : fresh().patterns()) {
            if (p.matches(name)) {
                return true;
            }
        }
        return false;
    }

    public Snapshot snapshot() {
        return fresh();
    }

    /** Adds a rule; an identical one already there is returned instead of a second copy. */
    public BlockRule add(BlockRule.Kind kind, String value, String by) throws IOException {
        String v = normalise(kind, value);
        BlockRule[] added = new BlockRule[1];
        String text = file.update(t -> {
            List<BlockRule> rules = parse(t);
            for (BlockRule r : rules) {
                if (r.kind() == kind && r.value().equals(v)) {
                    added[0] = r;
                    return t;
                }
            }
            if (rules.size() >= MAX_RULES) {
                throw new IllegalArgumentException("the block list is full (" + MAX_RULES + " rules)");
            }
            if (kind == BlockRule.Kind.PATTERN
                    && rules.stream().filter(r -> r.kind() == BlockRule.Kind.PATTERN).count() >= MAX_PATTERNS) {
                throw new IllegalArgumentException("there are " + MAX_PATTERNS + " patterns already");
            }
            long id = rules.stream().mapToLong(BlockRule::id).max().orElse(0) + 1;
            added[0] = new BlockRule(id, kind, v, Instant.ofEpochSecond(Instant.now().getEpochSecond()), by);
            rules.add(added[0]);
            return format(rules);
        });
        install(text);
        return added[0];
    }

    /** Adds many hash rules of one kind in one write (bulk delete). */
    public int addHashes(BlockRule.Kind kind, List<InfoHash> hashes, String by) throws IOException {
        int[] n = {0};
        String text = file.update(t -> {
            List<BlockRule> rules = parse(t);
            Set<String> have = new HashSet<>();
            rules.forEach(r -> have.add(r.kind() + r.value()));
            long id = rules.stream().mapToLong(BlockRule::id).max().orElse(0);
            Instant now = Instant.ofEpochSecond(Instant.now().getEpochSecond());
            for (InfoHash h : hashes) {
                if (rules.size() >= MAX_RULES) {
                    throw new IllegalArgumentException("the block list is full (" + MAX_RULES + " rules)");
                }
                if (have.add(kind + h.hex())) {
                    rules.add(new BlockRule(++id, kind, h.hex(), now, by));
                    n[0]++;
                }
            }
            return format(rules);
        });
        install(text);
        return n[0];
    }

    /** Removes a rule by id; the removed rule, or empty when there was none. */
    public Optional<BlockRule> remove(long id) throws IOException {
        BlockRule[] gone = new BlockRule[1];
        String text = file.update(t -> {
            List<BlockRule> rules = parse(t);
            rules.removeIf(r -> {
                if (r.id() == id) {
                    gone[0] = r;
                    return true;
                }
                return false;
            });
            return format(rules);
        });
        install(text);
        return Optional.ofNullable(gone[0]);
    }

    /** Checks the value of a new rule and returns it as stored. */
    public static String normalise(BlockRule.Kind kind, String value) {
        if (value == null) {
            throw new IllegalArgumentException("a value is required");
        }
        if (kind == BlockRule.Kind.PATTERN) {
            return NamePattern.parse(value).text();
        }
        String v = value.strip().toLowerCase(Locale.ROOT);
        if (v.length() != 40 && v.length() != 64) {
            throw new IllegalArgumentException("an info-hash is 40 or 64 hex digits");
        }
        return InfoHash.fromHex(v).hex();
    }

    private Snapshot fresh() {
        long now = clock.nanos();
        if (now - checkedAt >= RELOAD_CHECK_NANOS) {
            checkedAt = now;
            try {
                if (!java.util.Objects.equals(file.version(), version)) {
                    reload();
                }
            } catch (IOException | RuntimeException e) {
                // keep enforcing the rules we have: a read error must not unblock anything
                LOG.warn("could not re-read {}: {}", file.path(), e.toString());
            }
        }
        return snapshot;
    }

    private synchronized void reload() throws IOException {
        Object v = file.version();
        String text = file.read();
        install(text);
        version = v;
    }

    private synchronized void install(String text) {
        List<BlockRule> rules = parse(text);
        Set<String> hashes = new HashSet<>();
        List<NamePattern> patterns = new ArrayList<>();
        for (BlockRule r : rules) {
            if (r.isHash()) {
                hashes.add(r.value());
            } else {
                patterns.add(NamePattern.parse(r.value()));
            }
        }
        snapshot = new Snapshot(List.copyOf(rules), Set.copyOf(hashes), List.copyOf(patterns),
                snapshot.generation() + 1);
        try {
            version = file.version();
        } catch (IOException e) {
            version = null; // checked again at the next look
        }
    }

    static List<BlockRule> parse(String text) {
        return new ArrayList<>(SharedFile.parseLines(text, FILE_NAME, line -> {
            String[] f = line.split(" ", 5);
            if (f.length != 5) {
                throw new IllegalArgumentException("expected: id kind created by value");
            }
            BlockRule.Kind kind = BlockRule.Kind.valueOf(f[1].toUpperCase(Locale.ROOT));
            return new BlockRule(Long.parseLong(f[0]), kind, normalise(kind, f[4]),
                    Instant.ofEpochSecond(Long.parseLong(f[2])), f[3]);
        }));
    }

    static String format(List<BlockRule> rules) {
        StringBuilder b = new StringBuilder("# id kind created-epoch-seconds by value (lodestone block list)\n");
        for (BlockRule r : rules) {
            b.append(r.id()).append(' ').append(r.kind().label()).append(' ').append(r.createdAt().getEpochSecond())
                    .append(' ').append(r.by()).append(' ').append(r.value()).append('\n');
        }
        return b.toString();
    }
}
