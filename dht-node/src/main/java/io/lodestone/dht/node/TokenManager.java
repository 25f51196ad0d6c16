package io.lodestone.dht.node;

import io.lodestone.dht.krpc.Token;
import io.lodestone.time.Clock;
import java.net.InetAddress;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * BEP 5 announce tokens: the first {@value #TOKEN_LENGTH} bytes of SHA-1(secret ‖ requester IP).
 * Bound to the IP and not the port, as in libtorrent, because a NAT may change the port between
 * get_peers and announce_peer. The secret rotates every period and the previous one stays valid,
 * so a token is accepted for one to two periods (5 to 10 minutes by default, as BEP 5 suggests);
 * nothing is stored per requester. Not thread-safe: one per node.
 */
public final class TokenManager {

    /** libtorrent sends 4 bytes; 8 make guessing a token for someone else's IP hopeless (2^-64). */
    public static final int TOKEN_LENGTH = 8;
    /** 128 secret bits: more than the token carries, so the secret never limits it. */
    static final int SECRET_LENGTH = 16;

    private final Clock clock;
    private final RandomGenerator random;
    private final long periodNanos;
    private final MessageDigest sha1;
    private byte[] current;
    private byte[] previous;
    private long rotatedAt;

    public TokenManager(Clock clock, RandomGenerator random, Duration rotation) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.random = Objects.requireNonNull(random, "random");
        if (rotation.isNegative() || rotation.isZero()) {
            throw new IllegalArgumentException("rotation must be positive");
        }
        this.periodNanos = rotation.toNanos();
        try {
            this.sha1 = MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-1", e);
        }
        this.current = freshSecret();
        this.previous = freshSecret();
        this.rotatedAt = clock.nanos();
    }

    /** The token {@code requester} must send back to announce. */
    public Token token(InetAddress requester) {
        rotateIfDue();
        return Token.of(hash(current, requester));
    }

    /** Whether {@code token} was issued to {@code requester} under the current or previous secret. */
    public boolean isValid(Token token, InetAddress requester) {
        rotateIfDue();
        if (token.length() != TOKEN_LENGTH) {
            return false;
        }
        byte[] given = token.bytes();
        // constant-time compares: a timing side channel must not reveal a token byte by byte
        return MessageDigest.isEqual(given, hash(current, requester))
                | MessageDigest.isEqual(given, hash(previous, requester));
    }

    /** Moves to a new secret when a period has passed; two periods retire both. */
    public void rotateIfDue() {
        long elapsed = clock.nanos() - rotatedAt;
        if (elapsed < periodNanos) {
            return;
        }
        long periods = elapsed / periodNanos;
        previous = periods == 1 ? current : freshSecret();
        current = freshSecret();
        rotatedAt += periods * periodNanos; // stay in phase, so validity stays one to two periods
    }

    private byte[] hash(byte[] secret, InetAddress requester) {
        sha1.reset();
        sha1.update(secret);
        sha1.update(Ips.unmapped(requester).getAddress());
        return Arrays.copyOf(sha1.digest(), TOKEN_LENGTH);
    }

    private byte[] freshSecret() {
        byte[] s = new byte[SECRET_LENGTH];
        random.nextBytes(s);
        return s;
    }
}
