package io.lodestone.ops.bench;

import io.lodestone.ops.cli.BadInputException;
import io.lodestone.ops.cli.ExitCodes;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code lodestone bench http}: random HTTP requests against a running serve on loopback (paths,
 * methods, headers, bodies, encodings); reports the status codes, the 5xx count, and with
 * {@code --pid} the server's resident memory and thread count before and after.
 */
@Command(name = "http", mixinStandardHelpOptions = true,
        description = {"Random HTTP requests against a running serve on loopback: status codes seen, server errors,",
                "and (with --pid) the server's RSS and threads before and after. Exit 1 on any 500."})
public final class BenchHttpCommand implements Callable<Integer> {

    @Option(names = "--url", paramLabel = "URL", defaultValue = "http://127.0.0.1:8080",
            description = "the server (loopback only; default ${DEFAULT-VALUE})")
    String url;

    @Option(names = "--requests", paramLabel = "N", defaultValue = "100000", description = "requests (default ${DEFAULT-VALUE})")
    int requests;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "4", description = "concurrent senders (default ${DEFAULT-VALUE})")
    int threads;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "1", description = "request seed (default ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--api-key", paramLabel = "KEY", description = "a write key sent with a third of the requests")
    String apiKey;

    @Option(names = "--pid", paramLabel = "PID", description = "the server's process id, for RSS and threads")
    Long pid;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (requests < 1 || requests > 10_000_000 || threads < 1 || threads > 64) {
            throw new BadInputException("--requests must be 1 to 10000000 and --threads 1 to 64");
        }
        URI u = URI.create(url);
        InetAddress addr = InetAddress.getByName(u.getHost());
        if (!addr.isLoopbackAddress() || u.getPort() < 1) {
            throw new BadInputException("--url must name a loopback address and a port");
        }
        PrintWriter out = spec.commandLine().getOut();
        String before = pid == null ? "" : proc(pid);
        HttpFuzz.Result r = HttpFuzz.run(new InetSocketAddress(addr, u.getPort()), requests, threads, seed, apiKey);
        String alive = HttpFuzz.send(new InetSocketAddress(addr, u.getPort()),
                ("GET /healthz HTTP/1.1\r\nHost: " + addr.getHostAddress() + "\r\nConnection: close\r\n\r\n")
                        .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        out.printf(Locale.ROOT, "%d requests in %.1f s (%.0f/s) with %d threads%n", r.requests(), r.seconds(),
                r.requests() / r.seconds(), threads);
        out.println("statuses: " + r.statuses());
        out.println("server errors (5xx but 503/504): " + r.serverErrors());
        out.println("/healthz afterwards: " + alive);
        if (pid != null) {
            out.println("before: " + before);
            out.println("after:  " + proc(pid));
        }
        out.flush();
        return r.serverErrors() == 0 && alive.equals("200") ? ExitCodes.OK : ExitCodes.INTERNAL;
    }

    /** VmRSS, VmHWM and Threads from /proc/PID/status. */
    static String proc(long pid) throws java.io.IOException {
        StringBuilder b = new StringBuilder();
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith("VmRSS") || line.startsWith("VmHWM") || line.startsWith("Threads")) {
                b.append(line.replaceAll("\\s+", " ")).append("; ");
            }
        }
        return b.toString();
    }
}
