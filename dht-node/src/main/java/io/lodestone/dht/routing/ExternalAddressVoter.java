package io.lodestone.dht.routing;

import java.net.InetAddress;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Learns our external address from the BEP 42 {@code ip} field of responses: each responding IP
 * has one vote (its latest), only the most recent {@link #DEFAULT_WINDOW} voters count, and an
 * address wins once it has at least {@link #DEFAULT_MIN_VOTES} votes and more than half of all.
 * Until then, and whenever no address has a majority, the previous decision stands, so a few
 * liars or a flapping NAT cannot make the node change its id. Pure and not thread-safe; one per
 * address family.
 */
public final class ExternalAddressVoter {

    /** Three independent voters agreeing: a single liar, or two, cannot decide for us. */
    public static final int DEFAULT_MIN_VOTES = 3;
    /**
     * Recent voters that count; libtorrent's ip_voter likewise decides over rounds of 50 votes,
     * so a changed address takes over after a few dozen responses.
     */
    public static final int DEFAULT_WINDOW = 50;

    private final int minVotes;
    private final int window;
    /** voter IP -> the address it reported, least recent voter first. */
    private final LinkedHashMap<InetAddress, InetAddress> votes = new LinkedHashMap<>();
    private final Map<InetAddress, Integer> tally = new HashMap<>();
    private InetAddress decided;

    public ExternalAddressVoter() {
        this(DEFAULT_MIN_VOTES, DEFAULT_WINDOW);
    }

    public ExternalAddressVoter(int minVotes, int window) {
        if (minVotes < 1 || window < minVotes) {
            throw new IllegalArgumentException("need 1 <= minVotes <= window, not " + minVotes + ", " + window);
        }
        this.minVotes = minVotes;
        this.window = window;
    }

    /**
     * {@code voter} told us our address is {@code reported}. Returns true when this vote changed
     * the decided address: the caller should then regenerate its node id (BEP 42).
     */
    public boolean vote(InetAddress voter, InetAddress reported) {
        Objects.requireNonNull(voter, "voter");
        Objects.requireNonNull(reported, "reported");
        if (reported.isAnyLocalAddress() || reported.isMulticastAddress()) {
            return false; // nobody can reach us there: a broken or hostile voter
        }
        if (reported.getAddress().length != voter.getAddress().length) {
            return false; // as libtorrent: a voter only sees our address in its own family
        }
        InetAddress previous = votes.remove(voter);
        if (previous != null) {
            untally(previous);
        }
        votes.put(voter, reported);
        tally.merge(reported, 1, Integer::sum);
        if (votes.size() > window) {
            Iterator<Map.Entry<InetAddress, InetAddress>> oldest = votes.entrySet().iterator();
            untally(oldest.next().getValue());
            oldest.remove();
        }
        return decide();
    }

    private void untally(InetAddress address) {
        tally.computeIfPresent(address, (a, n) -> n == 1 ? null : n - 1);
    }

    private boolean decide() {
        InetAddress leader = null;
        int most = 0;
        for (Map.Entry<InetAddress, Integer> e : tally.entrySet()) {
            if (e.getValue() > most) {
                leader = e.getKey();
                most = e.getValue();
            }
        }
        boolean majority = most >= minVotes && 2 * most > votes.size();
        if (!majority || leader.equals(decided)) {
            return false;
        }
        decided = leader;
        return true;
    }

    /** The decided external address, if the votes have settled on one. */
    public Optional<InetAddress> externalAddress() {
        return Optional.ofNullable(decided);
    }

    /** Voters currently counted. */
    public int voters() {
        return votes.size();
    }

    /** Votes currently counted for {@code address}. */
    public int votesFor(InetAddress address) {
        return tally.getOrDefault(address, 0);
    }
}
