package io.lodestone.ops.serve;

import io.lodestone.crawler.CrawlProfile;
import io.lodestone.crawler.scrape.ScrapeConfig;
import io.lodestone.crawler.CrawlTuning;
import io.lodestone.crawler.CrawlerConfig;
import io.lodestone.ops.cli.BadInputException;
import io.lodestone.resolve.DialConfig;
import io.lodestone.ops.cli.dht.DhtOptions;
import io.lodestone.types.HostPort;
import io.lodestone.wire.mse.EncryptionPolicy;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/** Reads the serve config: the bundled defaults first, then the user's file over them, strictly. */
public final class ServeConfigLoader {

    /** The bundled, commented default config; also what {@code serve --print-config} shows. */
    public static final String DEFAULT_RESOURCE = "lodestone-default.yaml";
    /** A config file is a few KiB; anything this big is not one. */
    public static final long MAX_FILE_BYTES = 1 << 20;

    private static final YAMLMapper YAML = new YAMLMapper();
    private static final ServeConfig DEFAULTS = parse(defaultText(), null);

    private ServeConfigLoader() {
    }

    static ServeConfig defaults() {
        return DEFAULTS;
    }

    /** The bundled default config text, comments included. */
    public static String defaultText() {
        try (InputStream in = ServeConfigLoader.class.getResourceAsStream(DEFAULT_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + DEFAULT_RESOURCE);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Loads a config file over the defaults. */
    public static ServeConfig load(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new BadInputException("config: no such file: " + file);
        }
        if (Files.size(file) > MAX_FILE_BYTES) {
            throw new BadInputException("config: " + file + " is larger than " + MAX_FILE_BYTES + " bytes");
        }
        return parse(Files.readString(file, StandardCharsets.UTF_8), DEFAULTS);
    }

    /** Parses YAML text; keys missing from it take {@code base}'s values (all keys required when null). */
    static ServeConfig parse(String text, ServeConfig base) {
        JsonNode root;
        try {
            root = YAML.readTree(text);
        } catch (JacksonException e) {
            String why = String.valueOf(e.getOriginalMessage()).lines().findFirst().orElse("").strip();
            throw new BadInputException("config: not valid YAML"
                    + (e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr()) + ": " + why);
        }
        YamlSection doc = new YamlSection(root, "");
        Fallback f = new Fallback(base);
        Path dataDir = path(doc, "data-dir", f.v(() -> base.dataDir().toString()));

        YamlSection h = doc.section("http");
        ServeConfig.Http http = new ServeConfig.Http(
                h.string("host", f.v(() -> base.http().host())),
                (int) h.integer("port", f.n(() -> base.http().port()), 0, 65535),
                h.strings("public-names", f.v(() -> base.http().publicNames())),
                h.bool("require-key-for-read", f.v(() -> base.http().keysForRead())),
                h.integer("search-per-minute", f.n(() -> Math.round(base.http().searchPerSecond() * 60)), 1,
                        1_000_000) / 60.0,
                (int) h.integer("search-burst", f.n(() -> base.http().searchBurst()), 1, 1_000_000),
                h.integer("resolve-per-minute", f.n(() -> Math.round(base.http().resolvePerSecond() * 60)), 1,
                        1_000_000) / 60.0,
                (int) h.integer("resolve-burst", f.n(() -> base.http().resolveBurst()), 1, 1_000_000));
        for (String name : http.publicNames()) {
            if (!name.matches("[A-Za-z0-9.-]{1,253}")) {
                throw h.bad("public-names", "holds '" + name + "', which is not a host name");
            }
        }
        h.rejectUnknownKeys();

        YamlSection d = doc.section("dht");
        List<String> boot = d.strings("bootstrap", f.v(() -> base.dht().bootstrap().stream().map(HostPort::toString).toList()));
        List<HostPort> bootstrap;
        try {
            bootstrap = boot.stream().map(DhtOptions::hostPort).toList();
        } catch (BadInputException e) {
            throw d.bad("bootstrap", "holds a bad entry: " + e.getMessage());
        }
        String bind = d.string("bind", f.v(() -> base.dht().bind()));
        try {
            io.lodestone.ops.cli.dht.DhtRunCommand.literal(bind);
        } catch (BadInputException e) {
            throw d.bad("bind", "must be an IP address");
        }
        ServeConfig.Dht dht = new ServeConfig.Dht(
                bind,
                (int) d.integer("port", f.n(() -> base.dht().port()), 0, 65535),
                (int) d.integer("nodes", f.n(() -> base.dht().nodes()), 1, 256),
                bootstrap,
                d.bool("allow-private", f.v(() -> base.dht().allowPrivate())));
        d.rejectUnknownKeys();

        YamlSection c = doc.section("crawler");
        String profileKey = c.string("profile", f.v(() -> base.crawler().profile().key()));
        CrawlProfile profile;
        try {
            profile = CrawlProfile.parse(profileKey);
        } catch (IllegalArgumentException e) {
            throw c.bad("profile", "must be home or server");
        }
        ServeConfig.Crawler crawler = new ServeConfig.Crawler(
                profile,
                (int) c.integer("resolve-concurrency", f.n(() -> base.crawler().resolveConcurrency()), 0,
                        CrawlerConfig.MAX_IN_FLIGHT),
                Duration.ofSeconds(c.integer("resolve-timeout-seconds",
                        f.n(() -> base.crawler().resolveTimeout().toSeconds()), 0, 3600)),
                c.bool("sample", f.v(() -> base.crawler().sample())),
                tuning(c.section("home"), base == null ? null : base.crawler().home()),
                tuning(c.section("server"), base == null ? null : base.crawler().server()));
        c.rejectUnknownKeys();

        YamlSection r = doc.section("resolver");
        ServeConfig.Resolver resolver = new ServeConfig.Resolver(
                (int) r.integer("max-connections", f.n(() -> base.resolver().maxConnections()), 0,
                        DialConfig.MAX_CONNECTIONS),
                (int) r.integer("max-metadata-size", f.n(() -> base.resolver().maxMetadataSize()), 16 * 1024,
                        Integer.MAX_VALUE),
                encryption(r, f.v(() -> base.resolver().encryption().key())));
        r.rejectUnknownKeys();

        YamlSection dl = doc.section("downloads");
        ServeConfig.Downloads downloads = new ServeConfig.Downloads(
                path(dl, "dir", f.v(() -> base.downloads().dir().toString())),
                (int) dl.integer("port", f.n(() -> base.downloads().port()), 0, 65535),
                dl.bool("seed-after", f.v(() -> base.downloads().seedAfter())),
                Duration.ofSeconds(dl.integer("timeout-seconds", f.n(() -> base.downloads().timeout().toSeconds()),
                        1, 30L * 24 * 3600)),
                (int) dl.integer("max-running", f.n(() -> base.downloads().maxRunning()), 1, 10_000),
                dl.integer("max-total-bytes", f.n(() -> base.downloads().maxTotalBytes()), 0, Long.MAX_VALUE),
                dl.integer("min-free-bytes", f.n(() -> base.downloads().minFreeBytes()), 0, Long.MAX_VALUE),
                (int) dl.integer("max-peer-connections", f.n(() -> base.downloads().maxPeerConnections()), 1, 100_000),
                (int) dl.integer("max-incoming-per-ip", f.n(() -> base.downloads().maxIncomingPerIp()), 1, 10_000),
                dl.integer("download-rate-limit", f.n(() -> base.downloads().rateLimit()), 0, Long.MAX_VALUE),
                encryption(dl, f.v(() -> base.downloads().encryption().key())));
        dl.rejectUnknownKeys();

        YamlSection ix = doc.section("index");
        ServeConfig.Index index;
        try {
            index = new ServeConfig.Index(
                    ix.integer("map-size-bytes", f.n(() -> base.index().mapSizeBytes()), 1L << 20, 1L << 50),
                    ix.integer("max-map-size-bytes", f.n(() -> base.index().maxMapSizeBytes()), 1L << 20, 1L << 50));
        } catch (IllegalArgumentException e) {
            throw ix.bad("max-map-size-bytes", "is below map-size-bytes");
        }
        ix.rejectUnknownKeys();

        ScrapeConfig scrape = scrape(doc.section("scrape"), f, base);
        io.lodestone.ops.fleet.FleetConfig fleet = FleetYaml.read(doc, base == null ? null : base.fleet());

        doc.rejectUnknownKeys();
        return new ServeConfig(dataDir, http, dht, crawler, resolver, downloads, index, scrape, fleet);
    }

    private static ScrapeConfig scrape(YamlSection s, Fallback f, ServeConfig base) {
        ScrapeConfig c = new ScrapeConfig(
                s.bool("enabled", f.v(() -> base.scrape().enabled())),
                s.integer("packets-per-minute", f.n(() -> Math.round(base.scrape().packetsPerSecond() * 60)), 1,
                        6_000_000) / 60.0,
                (int) s.integer("burst-packets", f.n(() -> base.scrape().burstPackets()), 1, 1_000_000),
                Duration.ofMinutes(s.integer("refresh-after-minutes",
                        f.n(() -> base.scrape().refreshAfter().toMinutes()), 0, 365L * 24 * 60)),
                (int) s.integer("at-once", f.n(() -> base.scrape().atOnce()), 1, ScrapeConfig.MAX_AT_ONCE));
        s.rejectUnknownKeys();
        return c;
    }

    /** One profile's knobs; missing keys take {@code base}'s (all required when null). */
    private static CrawlTuning tuning(YamlSection s, CrawlTuning base) {
        Fallback f = new Fallback(base == null ? null : DEFAULTS); // only its nullness counts
        CrawlTuning t;
        try {
            t = new CrawlTuning(
                    (int) s.integer("resolve-concurrency", f.n(() -> base.resolveConcurrency()), 1,
                            CrawlerConfig.MAX_IN_FLIGHT),
                    Duration.ofSeconds(s.integer("resolve-timeout-seconds", f.n(() -> base.resolveTimeout().toSeconds()),
                            1, 3600)),
                    (int) s.integer("max-connections", f.n(() -> base.maxConnections()), 1, DialConfig.MAX_CONNECTIONS),
                    (int) s.integer("parallel-fetches", f.n(() -> base.parallelFetches()), 1,
                            CrawlTuning.MAX_PARALLEL_FETCHES),
                    Duration.ofMillis(s.integer("connect-timeout-ms", f.n(() -> base.connectTimeout().toMillis()),
                            1, 600_000)),
                    Duration.ofMillis(s.integer("first-bytes-timeout-ms",
                            f.n(() -> base.firstBytesTimeout().toMillis()), 1, 600_000)),
                    Duration.ofMillis(s.integer("peer-deadline-ms", f.n(() -> base.peerDeadline().toMillis()), 1,
                            3_600_000)),
                    Duration.ofMinutes(s.integer("dead-peer-minutes", f.n(() -> base.deadPeerTtl().toMinutes()), 0,
                            DialConfig.MAX_DEAD_PEER_TTL.toMinutes())),
                    (int) s.integer("dead-peer-capacity", f.n(() -> base.deadPeerCapacity()), 1,
                            DialConfig.MAX_DEAD_PEERS),
                    s.integer("per-ip-dials-per-second", f.n(() -> (long) base.perIpDialsPerSecond()), 0, 100_000),
                    (int) s.integer("per-ip-dial-burst", f.n(() -> base.perIpDialBurst()), 1, 100_000),
                    (int) s.integer("lookup-rounds", f.n(() -> base.lookupRounds()), 1, CrawlTuning.MAX_LOOKUP_ROUNDS),
                    (int) s.integer("lookups-at-once", f.n(() -> base.lookupsAtOnce()), 1,
                            CrawlTuning.MAX_LOOKUPS_AT_ONCE),
                    Duration.ofSeconds(s.integer("retry-after-seconds", f.n(() -> base.retryAfter().toSeconds()), 1,
                            24 * 3600)),
                    Duration.ofSeconds(s.integer("sample-revisit-seconds",
                            f.n(() -> base.sampleRevisit().toSeconds()), 1, 24 * 3600)));
        } catch (IllegalArgumentException e) {
            throw new BadInputException("config: crawler profile: " + e.getMessage());
        }
        s.rejectUnknownKeys();
        return t;
    }

    private static EncryptionPolicy encryption(YamlSection s, String fallback) {
        return EncryptionPolicy.parse(s.oneOf("encryption", fallback, "prefer", "require", "disable"));
    }

    private static Path path(YamlSection s, String key, String fallback) {
        String v = s.string(key, fallback);
        try {
            return Path.of(v);
        } catch (RuntimeException e) {
            throw s.bad(key, "is not a usable path");
        }
    }

    /** Defaults from the base config, or "required" (null) while the bundled file itself is read. */
    private record Fallback(ServeConfig base) {
        <T> T v(java.util.function.Supplier<T> get) {
            return base == null ? null : get.get();
        }

        long n(java.util.function.LongSupplier get) {
            return base == null ? YamlSection.REQUIRED : get.getAsLong();
        }
    }
}
