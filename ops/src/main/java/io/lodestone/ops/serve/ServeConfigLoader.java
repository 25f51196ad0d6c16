package io.lodestone.ops.serve;

import io.lodestone.ops.cli.BadInputException;
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
                (int) h.integer("port", f.n(() -> base.http().port()), 0, 65535));
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
        ServeConfig.Crawler crawler = new ServeConfig.Crawler(
                (int) c.integer("resolve-concurrency", f.n(() -> base.crawler().resolveConcurrency()), 1, 10_000),
                Duration.ofSeconds(c.integer("resolve-timeout-seconds",
                        f.n(() -> base.crawler().resolveTimeout().toSeconds()), 1, 3600)),
                c.bool("sample", f.v(() -> base.crawler().sample())));
        c.rejectUnknownKeys();

        YamlSection r = doc.section("resolver");
        ServeConfig.Resolver resolver = new ServeConfig.Resolver(
                (int) r.integer("max-connections", f.n(() -> base.resolver().maxConnections()), 1, 100_000),
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
                encryption(dl, f.v(() -> base.downloads().encryption().key())));
        dl.rejectUnknownKeys();

        doc.rejectUnknownKeys();
        return new ServeConfig(dataDir, http, dht, crawler, resolver, downloads);
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
