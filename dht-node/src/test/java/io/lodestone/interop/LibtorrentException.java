package io.lodestone.interop;

/**
 * A harness call failed: the script reported an error, exited non-zero, timed out or printed
 * something that is not the expected JSON. The message carries the command, the script's own
 * error (if any) and the tail of its stderr.
 */
public final class LibtorrentException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int exitCode;
    private final String error;
    private final String stderr;

    LibtorrentException(String message, int exitCode, String error, String stderr, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
        this.error = error;
        this.stderr = stderr;
    }

    LibtorrentException(String message, int exitCode, String error, String stderr) {
        this(message, exitCode, error, stderr, null);
    }

    /** The script's exit status; -1 if it did not exit on its own (timeout) or never started. */
    public int exitCode() {
        return exitCode;
    }

    /** The script's {@code "error"} text, or null when it did not report one. */
    public String error() {
        return error;
    }

    /** The last part of the script's stderr (possibly empty). */
    public String stderr() {
        return stderr;
    }
}
