package io.lodestone.ops.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPOutputStream;

/**
 * Random HTTP/1.1 requests as raw bytes, from a seed: methods, paths (the real routes, mutated),
 * query strings, headers (Host, Origin, content types and encodings, keys, cookies) and bodies
 * (JSON, broken JSON, deep nesting, binary, gzip, chunked with bad chunks). Each ends with
 * {@code Connection: close} and never announces more body than it sends, so no request can leave
 * the server waiting for bytes that do not come.
 */
final class HttpFuzzRequests {

    static final List<String> METHODS = List.of("GET", "GET", "GET", "HEAD", "POST", "POST", "POST", "PUT", "DELETE",
            "DELETE", "PATCH", "OPTIONS", "TRACE", "CONNECT", "PROPFIND", "G\u00c9T", "get", "");
    static final List<String> ROUTES = List.of("/", "/torrent/{h}", "/health", "/signin", "/static/style.css",
            "/static/actions.js", "/static/{x}", "/api/v1/torrents/{h}", "/api/v1/torrents/{h}/torrent",
            "/api/v1/search", "/api/v1/resolve", "/api/v1/downloads", "/api/v1/downloads/{x}", "/api/v1/dht/health",
            "/api/v1/blocks", "/api/v1/blocks/{n}", "/api/v1/bulk-delete", "/api/v1/audit", "/api/v1/session",
            "/metrics", "/healthz", "/{x}", "/api/v1/{x}", "/torznab/api", "/feed");
    static final List<String> PARAMS = List.of("q", "limit", "offset", "minSize", "maxSize", "minFiles", "maxFiles",
            "apikey", "x", "", "t", "cat", "season", "ep", "year", "type", "sort", "resolution");
    static final List<String> CONTENT_TYPES = List.of("application/json", "application/json; charset=utf-8",
            "text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/JSON",
            "application/json; charset=latin1", "", "*/*", "application/json\u0000");
    static final List<String> ENCODINGS = List.of("gzip", "deflate", "br", "identity", "x-bogus", "gzip, gzip");

    private final Random r;
    private final String host;
    private final String key;

    /** @param key a real API key sent with some requests (so write routes parse bodies), or null */
    HttpFuzzRequests(long seed, String host, String key) {
        this.r = new Random(seed);
        this.host = host;
        this.key = key;
    }

    byte[] next() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
        String method = pick(METHODS);
        byte[] body = body();
        boolean chunked = body.length > 0 && r.nextInt(8) == 0;
        boolean gzip = body.length > 0 && r.nextInt(10) == 0;
        if (gzip) {
            body = gzip(body);
        }
        StringBuilder head = new StringBuilder(256);
        head.append(method).append(' ').append(target()).append(r.nextInt(50) == 0 ? " HTTP/1.0" : " HTTP/1.1")
                .append("\r\n");
        if (r.nextInt(30) != 0) {
            head.append("Host: ").append(hostHeader()).append("\r\n");
        }
        // a third carry a real key and mostly JSON, so the write routes' own checks get exercised
        boolean authorised = key != null && r.nextInt(3) == 0;
        if (!authorised && r.nextInt(4) == 0) {
            head.append("Origin: ").append(r.nextBoolean() ? "http://" + host : pick(List.of("http://evil.example",
                    "null", "file://", "http://127.0.0.1:1", "\u00ff\u00fe"))).append("\r\n");
        }
        if (authorised && r.nextInt(4) != 0) {
            head.append("Content-Type: application/json\r\n");
        } else if (r.nextInt(3) == 0) {
            head.append("Content-Type: ").append(pick(CONTENT_TYPES)).append("\r\n");
        }
        if (gzip || r.nextInt(30) == 0) {
            head.append("Content-Encoding: ").append(gzip ? "gzip" : pick(ENCODINGS)).append("\r\n");
        }
        if (r.nextInt(10) == 0) {
            head.append("Accept-Encoding: ").append(pick(ENCODINGS)).append("\r\n");
        }
        if (authorised) {
            head.append(r.nextBoolean() ? "X-Api-Key: " + key : "Authorization: Bearer " + key).append("\r\n");
        } else if (r.nextInt(10) == 0) {
            head.append(pick(List.of("Authorization: Bearer lsk_", "Authorization: Basic Zm9vOmJhcg==",
                    "X-Api-Key: " + "k".repeat(r.nextInt(400)), "Authorization: Bearer\u0000"))).append("\r\n");
        }
        if (r.nextInt(12) == 0) {
            head.append("Cookie: lodestone_session=").append(token(r.nextInt(100))).append("\r\n");
        }
        if (r.nextInt(20) == 0) {
            head.append("Sec-Fetch-Site: ").append(pick(List.of("cross-site", "same-origin", "none", "same-site")))
                    .append("\r\n");
        }
        if (r.nextInt(25) == 0) {
            head.append("X-Junk-").append(r.nextInt(100)).append(": ").append("v".repeat(r.nextInt(4000))).append("\r\n");
        }
        if (chunked) {
            head.append("Transfer-Encoding: chunked\r\n");
        } else if (body.length > 0 || r.nextInt(10) == 0) {
            // never more than is sent: a shorter length cuts the body, which is fine
            head.append("Content-Length: ").append(r.nextInt(8) == 0 ? r.nextInt(body.length + 1) : body.length)
                    .append("\r\n");
        }
        head.append("Connection: close\r\n\r\n");
        out.writeBytes(head.toString().getBytes(StandardCharsets.ISO_8859_1));
        if (chunked) {
            writeChunked(out, body);
        } else {
            out.writeBytes(body);
        }
        return out.toByteArray();
    }

    private String hostHeader() {
        return switch (r.nextInt(10)) {
            case 0 -> "evil.example";
            case 1 -> "localhost";
            case 2 -> "[::1]:8080";
            case 3 -> "a b";
            case 4 -> "x".repeat(300);
            default -> host;
        };
    }

    private String target() {
        String route = pick(ROUTES)
                .replace("{h}", r.nextInt(4) == 0 ? token(r.nextInt(70)) : HexFormat.of().formatHex(bytes(r.nextBoolean() ? 20 : 32)))
                .replace("{x}", token(r.nextInt(40)))
                .replace("{n}", Long.toString(r.nextInt(5) == 0 ? r.nextLong() : r.nextInt(20)));
        StringBuilder t = new StringBuilder(route);
        switch (r.nextInt(20)) {
            case 0 -> t.append("/../../etc/passwd");
            case 1 -> t.append("%2e%2e%2f");
            case 2 -> t.append("%zz");
            case 3 -> t.append("/").append("a".repeat(r.nextInt(9000)));
            case 4 -> t.insert(0, "//");
            default -> { }
        }
        int params = r.nextInt(4);
        for (int i = 0; i < params; i++) {
            t.append(i == 0 ? '?' : '&').append(pick(PARAMS)).append('=').append(paramValue());
        }
        return t.toString();
    }

    private String paramValue() {
        return switch (r.nextInt(11)) {
            case 0 -> Integer.toString(r.nextInt());
            case 9 -> pick(List.of("caps", "search", "tvsearch", "movie", "music", "book", "tv", "date", "1080p"));
            case 10 -> "5040,2000,1";
            case 1 -> "%" + Integer.toHexString(r.nextInt(256));
            case 2 -> "%C3%28";
            case 3 -> "ubuntu+linux";
            case 4 -> "\"unbalanced";
            case 5 -> "a*b?c~2^3";
            case 6 -> "x".repeat(r.nextInt(600));
            case 7 -> "99999999999999999999999";
            default -> token(r.nextInt(12));
        };
    }

    private byte[] body() {
        return switch (r.nextInt(12)) {
            case 0, 1, 2 -> new byte[0];
            case 3 -> ("{\"uri\":\"" + pick(List.of("magnet:?xt=urn:btih:" + HexFormat.of().formatHex(bytes(20)),
                    HexFormat.of().formatHex(bytes(20)), "magnet:?xt=urn:btih:zz", "", "\u0000")) + "\"}")
                    .getBytes(StandardCharsets.UTF_8);
            case 4 -> ("{\"pattern\":\"" + token(r.nextInt(30)) + "\"}").getBytes(StandardCharsets.UTF_8);
            case 5 -> ("{\"infoHash\":\"" + HexFormat.of().formatHex(bytes(20)) + "\"}").getBytes(StandardCharsets.UTF_8);
            case 6 -> ("{\"q\":\"" + token(r.nextInt(10)) + "\",\"dryRun\":" + (r.nextInt(4) != 0) + "}")
                    .getBytes(StandardCharsets.UTF_8);
            case 7 -> "[".repeat(r.nextInt(20_000)).getBytes(StandardCharsets.US_ASCII);
            case 8 -> bytes(r.nextInt(4096));
            case 9 -> ("{\"uri\": 1e99999, \"key\": " + "9".repeat(r.nextInt(5000)) + "}").getBytes(StandardCharsets.UTF_8);
            case 10 -> new byte[] {'{', '"', (byte) 0xC3, (byte) 0x28, '"', ':', '1', '}'};
            default -> ("{\"key\":\"lsk_" + token(43) + "\"}").getBytes(StandardCharsets.UTF_8);
        };
    }

    private void writeChunked(ByteArrayOutputStream out, byte[] body) {
        int at = 0;
        while (at < body.length) {
            int n = Math.min(body.length - at, 1 + r.nextInt(512));
            String size = r.nextInt(20) == 0 ? "zz" : Integer.toHexString(n);
            out.writeBytes((size + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(body, at, n);
            out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
            at += n;
        }
        out.writeBytes("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
    }

    private String token(int length) {
        String alphabet = "abcdefghijklmnopqrstuvwxyzABCDEF0123456789-_.~%+&=?/:;\u00e9\u65e5\"'<>";
        StringBuilder b = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            b.append(alphabet.charAt(r.nextInt(alphabet.length())));
        }
        return b.toString();
    }

    private byte[] bytes(int n) {
        byte[] b = new byte[n];
        r.nextBytes(b);
        return b;
    }

    private <T> T pick(List<T> list) {
        return list.get(r.nextInt(list.size()));
    }

    private static byte[] gzip(byte[] in) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(out)) {
            z.write(in);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out.toByteArray();
    }
}
