package io.lodestone.wire.utp;

import io.lodestone.time.Clock;
import io.lodestone.wire.utp.UtpPacket.Type;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * One uTP connection as a pure state machine on an injected {@link Clock}: no sockets, no threads.
 * The adapter feeds it the peer's packets ({@link #onPacket}), the application's bytes
 * ({@link #write}, {@link #read}, {@link #close}) and the passing of time ({@link #tick}), and after
 * each call sends what {@link #drain} hands back. It pairs connection ids as BEP 29 says, delivers
 * bytes in order through a bounded reorder buffer, acks selectively, retransmits on three duplicate
 * acks, on selective acks that skip a packet and on timeout, paces itself with {@link Ledbat}
 * within the peer's advertised window, coalesces small writes while data is in flight (Nagle), and
 * keeps an idle connection alive. Not thread-safe: the adapter serialises calls.
 */
public final class UtpConnection {

    public enum State { SYN_SENT, CONNECTED, CLOSED }

    /** Packets that selective acks must show received past a hole before it counts as lost (libutp: 3). */
    static final int DUP_ACKS = 3;
    /** Resends one incoming ack may trigger, so a forged selective ack cannot make us flood. */
    static final int MAX_RESENDS_PER_ACK = 4;

    /** A packet sent and not yet acknowledged. */
    private static final class Out {
        final int seq;
        final Type type;
        final byte[] payload;
        long sentAt;
        int transmissions;
        boolean resend;
        boolean sacked;

        Out(int seq, Type type, byte[] payload) {
            this.seq = seq;
            this.type = type;
            this.payload = payload;
        }
    }

    private final Clock clock;
    private final UtpConfig config;
    private final int recvId;
    private final int sendId;
    private final ReceiveBuffer in;
    private final RttEstimator rtt;
    private final Ledbat ledbat;
    private final Map<Integer, Out> unacked = new HashMap<>();
    /** Packets marked for (re)sending, in the order they go; entries no longer marked are skipped. */
    private final ArrayDeque<Out> toSend = new ArrayDeque<>();
    private final ByteQueue pending = new ByteQueue();
    private final List<UtpPacket> outbox = new ArrayList<>();
    private final long startedAt;
    private State state;
    private String error;
    private int seqNr;
    private int oldest; // the oldest sequence number not yet acknowledged cumulatively
    private int inFlightBytes;
    private int unsentBytes; // payload of the packets marked for (re)sending
    private int unackedBytes;
    private long peerWindow;
    private int lastPeerAck = -1;
    private int dupAcks;
    private int replyMicros;
    private boolean ackNeeded;
    private boolean finQueued;
    private boolean finSent;
    private boolean finAcked;
    private int timeoutsInARow;
    private long rtoDeadline = Long.MAX_VALUE;
    private long lastReceived;
    private long lastSent;

    private UtpConnection(Clock clock, UtpConfig config, int recvId, int sendId, int seqNr, int ackNr, State state) {
        this.clock = clock;
        this.config = config;
        this.recvId = recvId;
        this.sendId = sendId;
        this.seqNr = seqNr;
        this.oldest = seqNr;
        this.state = state;
        this.in = new ReceiveBuffer(config.receiveBuffer(), config.reorderPackets(), ackNr);
        this.rtt = new RttEstimator(config.minRto().toNanos());
        this.ledbat = new Ledbat(config.packetPayload(), config.maxWindow(), config.targetDelay().toNanos() / 1000,
                config.gainPerRtt());
        this.startedAt = clock.nanos();
        this.lastReceived = startedAt;
        this.lastSent = startedAt;
        this.peerWindow = config.packetPayload(); // until the peer says, one packet
    }

    /** Opens a connection: a SYN with our receive id goes out on the first {@link #drain}. */
    public static UtpConnection connect(Clock clock, UtpConfig config, int recvId) {
        UtpConnection c = new UtpConnection(clock, config, recvId & 0xFFFF, (recvId + 1) & 0xFFFF, 1, 0,
                State.SYN_SENT);
        c.enqueue(Type.SYN, new byte[0]);
        c.transmitAll();
        return c;
    }

    /** Answers a peer's SYN: our send id is the SYN's id, our receive id one more. */
    public static UtpConnection accept(Clock clock, UtpConfig config, UtpPacket syn, RandomGenerator random) {
        UtpConnection c = new UtpConnection(clock, config, (syn.connectionId() + 1) & 0xFFFF, syn.connectionId(),
                random.nextInt(1, 0x10000), syn.seqNr(), State.CONNECTED);
        c.peerWindow = syn.windowSize();
        c.replyMicros = c.nowMicros() - syn.timestampMicros();
        c.ackNeeded = true;
        return c;
    }

    public void onPacket(UtpPacket p) {
        if (state == State.CLOSED) {
            return;
        }
        long now = clock.nanos();
        lastReceived = now;
        replyMicros = nowMicros() - p.timestampMicros();
        switch (p.type()) {
            case RESET -> {
                fail("connection reset by peer");
                return;
            }
            case SYN -> {
                ackNeeded = true; // our answer was lost: the peer asks again
                return;
            }
            default -> {
            }
        }
        if (state == State.SYN_SENT) {
            if (p.type() != Type.STATE) {
                return; // the answer to our SYN is a STATE; anything else came out of order and will come again
            }
            state = State.CONNECTED;
            in.startAt(Seq.plus(p.seqNr(), -1)); // as libutp: the peer's first DATA carries this seq
        }
        peerWindow = p.windowSize();
        if (p.timestampDiff() != 0) {
            ledbat.onDelay(p.timestampDiff(), now);
        }
        onAck(p, now);
        if (p.type() == Type.DATA) {
            in.offer(p.seqNr(), p.payload());
            ackNeeded = true;
        } else if (p.type() == Type.FIN) {
            in.fin(p.seqNr());
            ackNeeded = true;
        }
        if (finAcked && in.eof()) {
            state = State.CLOSED;
        }
        flush();
    }

    private void onAck(UtpPacket p, long now) {
        int acked = Seq.diff(p.ackNr(), oldest) + 1; // packets newly acknowledged in order
        if (acked > 0 && Seq.diff(p.ackNr(), seqNr) >= 0) {
            return; // acks something we never sent: ignore the ack, keep the data
        }
        int ackedBytes = 0;
        for (int i = 0; i < acked; i++) {
            ackedBytes += ackOne(oldest, now);
            oldest = Seq.next(oldest);
        }
        if (p.selectiveAck() != null) {
            for (int s = Seq.plus(p.ackNr(), 2), i = 0; i < p.selectiveAck().length * 8; i++, s = Seq.next(s)) {
                Out o = unacked.get(s);
                if (o != null && !o.sacked && p.sacked(s)) {
                    o.sacked = true;
                    ackedBytes += settle(o, now);
                }
            }
        }
        boolean news = acked > 0 || ackedBytes > 0;
        if (news) {
            timeoutsInARow = 0;
            ledbat.onAck(ackedBytes);
            rtoDeadline = unacked.isEmpty() ? Long.MAX_VALUE : now + rtt.rtoNanos();
        }
        if (acked <= 0 && p.type() == Type.STATE && p.ackNr() == lastPeerAck && !unacked.isEmpty()) {
            if (++dupAcks == DUP_ACKS) {
                lost(unacked.get(oldest), now);
            }
        } else if (acked > 0) {
            dupAcks = 0;
        }
        lastPeerAck = p.ackNr();
        if (p.selectiveAck() != null) {
            resendSkipped(p, now);
        }
    }

    /**
     * An unacked packet is lost when at least {@link #DUP_ACKS} packets sent after its last
     * transmission were selectively acked: that way a lost retransmission is caught too, not
     * left to the timeout.
     */
    private void resendSkipped(UtpPacket p, long now) {
        int resent = 0;
        int top = Seq.plus(p.ackNr(), 1 + p.selectiveAck().length * 8);
        long[] sackedSentAt = new long[DUP_ACKS]; // the latest send times among the sacked above, newest first
        int sackedAbove = 0;
        for (int s = top; Seq.diff(s, oldest) >= 0 && resent < MAX_RESENDS_PER_ACK; s = Seq.plus(s, -1)) {
            Out o = unacked.get(s);
            if (o == null) {
                continue;
            }
            if (o.sacked) {
                insertNewest(sackedSentAt, Math.min(sackedAbove, DUP_ACKS), o.sentAt);
                sackedAbove++;
            } else if (sackedAbove >= DUP_ACKS && !o.resend && sackedSentAt[DUP_ACKS - 1] > o.sentAt) {
                lost(o, now);
                resent++;
            }
        }
    }

    /** Keeps the {@code k} newest times in {@code newest} (sorted, newest first) with {@code t} added. */
    private static void insertNewest(long[] newest, int filled, long t) {
        int i = Math.min(filled, newest.length - 1);
        if (filled >= newest.length && t <= newest[i]) {
            return;
        }
        while (i > 0 && newest[i - 1] < t) {
            newest[i] = newest[i - 1];
            i--;
        }
        newest[i] = t;
    }

    private int ackOne(int seq, long now) {
        Out o = unacked.remove(seq);
        if (o == null) {
            return 0;
        }
        finAcked |= o.type == Type.FIN;
        unackedBytes -= o.payload.length;
        return o.sacked ? 0 : settle(o, now);
    }

    /** Takes a delivered packet out of the window; an RTT sample if it was sent once. */
    private int settle(Out o, long now) {
        if (o.transmissions == 1) {
            rtt.sample(now - o.sentAt);
        }
        if (o.resend) {
            unsentBytes -= o.payload.length;
        } else {
            inFlightBytes -= o.payload.length;
        }
        o.resend = false;
        return o.payload.length;
    }

    private void lost(Out o, long now) {
        if (o == null || o.resend || o.sacked) {
            return;
        }
        if (o.transmissions > 1 && now - o.sentAt < rtt.srttNanos()) {
            return; // resent less than a round trip ago: its ack may still be coming
        }
        inFlightBytes -= o.payload.length;
        mark(o, true);
        ledbat.onLoss(now, rtt.srttNanos());
    }

    /** Queues bytes to send; takes what the send buffer has room for and returns how many. */
    public int write(byte[] b, int off, int len) {
        if (state == State.CLOSED || finQueued) {
            throw new IllegalStateException("connection is " + (finQueued ? "closing" : "closed"));
        }
        int n = Math.min(len, writable());
        if (n > 0) {
            pending.add(b, off, n);
            flush();
        }
        return n;
    }

    /** Whether {@link #write} takes bytes: connected, and not closing. */
    public boolean canWrite() {
        return state == State.CONNECTED && !finQueued;
    }

    /** Room left in the send buffer. */
    public int writable() {
        return Math.max(0, config.sendBuffer() - pending.size() - unackedBytes);
    }

    public int read(byte[] dst, int off, int len) {
        int before = in.window();
        int n = in.read(dst, off, len);
        if (before < config.packetPayload() && in.window() >= config.packetPayload()) {
            ackNeeded = true; // the window reopened: tell the peer, it may be waiting
        }
        return n;
    }

    public int available() {
        return in.available();
    }

    /** The peer sent FIN and everything before it has been read. */
    public boolean atEof() {
        return in.eof() && in.available() == 0;
    }

    /** Sends FIN once everything written has been sent. */
    public void close() {
        if (state != State.CLOSED && !finQueued) {
            finQueued = true;
            flush();
        }
    }

    /** Ends at once with a RESET to the peer. */
    public void abort(String why) {
        if (state != State.CLOSED) {
            outbox.add(packet(Type.RESET, seqNr, new byte[0]));
            fail(why);
        }
    }

    public void tick() {
        if (state == State.CLOSED) {
            return;
        }
        long now = clock.nanos();
        if (state == State.SYN_SENT && now - startedAt >= config.connectTimeout().toNanos()) {
            fail("no answer to the uTP SYN within " + config.connectTimeout().toMillis() + " ms");
            return;
        }
        if (now - lastReceived >= config.idleTimeout().toNanos()) {
            fail("nothing heard for " + config.idleTimeout().toSeconds() + " s");
            return;
        }
        if (now >= rtoDeadline) {
            if (++timeoutsInARow > config.maxResends() && state != State.SYN_SENT) {
                fail("no ack after " + config.maxResends() + " retransmissions");
                return;
            }
            rtt.timedOut();
            ledbat.onTimeout();
            toSend.clear(); // as libutp: everything outstanding is presumed lost, and goes again in order
            unsentBytes = 0;
            for (int s = oldest; s != seqNr; s = Seq.next(s)) {
                Out o = unacked.get(s);
                if (o != null && !o.sacked) {
                    o.resend = false;
                    mark(o, false);
                }
            }
            inFlightBytes = 0;
            rtoDeadline = now + rtt.rtoNanos();
            transmitOldest(now); // at least the oldest goes, whatever the peer's window says
        }
        if (now - lastSent >= config.keepalive().toNanos()) {
            ackNeeded = true;
        }
        flush();
    }

    /** Packets to send now, in order; the adapter calls this after every other call. */
    public List<UtpPacket> drain() {
        if (ackNeeded && state != State.CLOSED) {
            outbox.add(packet(Type.STATE, seqNr, new byte[0]));
        }
        List<UtpPacket> out = List.copyOf(outbox);
        outbox.clear();
        return out;
    }

    private void flush() {
        if (state != State.CONNECTED) {
            return;
        }
        int budget = (int) Math.min(ledbat.window(), peerWindow);
        int queued = inFlightBytes + unsentBytes;
        while (pending.size() > 0) {
            int size = Math.min(pending.size(), config.packetPayload());
            boolean idle = unacked.isEmpty();
            if (!idle && size < config.packetPayload() && !finQueued) {
                break; // Nagle: a small packet waits while others are out, more bytes may join it
            }
            if (!idle && queued + size > budget) {
                break; // with nothing out, one packet is cut anyway: sent, or the timer's window probe
            }
            enqueue(Type.DATA, pending.take(size));
            queued += size;
        }
        if (finQueued && pending.size() == 0 && !finSent) {
            enqueue(Type.FIN, new byte[0]);
        }
        transmitAll();
        if (!unacked.isEmpty() && rtoDeadline == Long.MAX_VALUE) {
            rtoDeadline = clock.nanos() + rtt.rtoNanos();
        }
    }

    /** Marks a packet for (re)sending: a lost one goes before new data. */
    private void mark(Out o, boolean first) {
        if (o.resend) {
            return;
        }
        o.resend = true;
        unsentBytes += o.payload.length;
        if (first) {
            toSend.addFirst(o);
        } else {
            toSend.addLast(o);
        }
    }

    private void enqueue(Type type, byte[] payload) {
        Out o = new Out(seqNr, type, payload);
        unacked.put(seqNr, o);
        mark(o, false); // not sent yet
        unackedBytes += payload.length;
        finSent |= type == Type.FIN;
        seqNr = Seq.next(seqNr);
    }

    /** Sends the packets marked for (re)sending that fit the window, in their queue's order. */
    private void transmitAll() {
        long now = clock.nanos();
        int budget = (int) Math.min(ledbat.window(), Math.max(peerWindow, 0));
        while (!toSend.isEmpty()) {
            Out o = toSend.peekFirst();
            if (!o.resend || unacked.get(o.seq) != o) {
                toSend.pollFirst(); // acked, or sent already, since it was queued
                continue;
            }
            if (inFlightBytes > 0 && inFlightBytes + o.payload.length > budget) {
                return;
            }
            if (inFlightBytes == 0 && o.payload.length > peerWindow) {
                return; // a zero window: the timer's probe goes instead
            }
            toSend.pollFirst();
            transmit(o, now);
        }
    }

    private void transmitOldest(long now) {
        Out o = unacked.get(oldest);
        if (o != null && o.resend) {
            transmit(o, now);
        }
    }

    private void transmit(Out o, long now) {
        if (o.resend) {
            unsentBytes -= o.payload.length;
        }
        o.resend = false;
        o.transmissions++;
        o.sentAt = now;
        inFlightBytes += o.payload.length;
        outbox.add(packet(o.type, o.seq, o.payload));
        if (rtoDeadline == Long.MAX_VALUE) {
            rtoDeadline = now + rtt.rtoNanos();
        }
    }

    private UtpPacket packet(Type type, int seq, byte[] payload) {
        boolean syn = type == Type.SYN;
        lastSent = clock.nanos();
        if (!syn) {
            ackNeeded = false; // every packet but the SYN carries our ack
        }
        return new UtpPacket(type, syn ? recvId : sendId, nowMicros(), replyMicros, in.window(), seq,
                in.ackNr(), syn ? null : in.selectiveAck(), payload);
    }

    private void fail(String why) {
        state = State.CLOSED;
        error = why;
        unacked.clear();
        toSend.clear();
        unsentBytes = 0;
        pending.clear();
    }

    private int nowMicros() {
        return (int) (clock.nanos() / 1000);
    }

    public State state() {
        return state;
    }

    /** Why the connection ended, or null while open or after a clean close. */
    public String error() {
        return error;
    }

    public int recvId() {
        return recvId;
    }

    public int sendId() {
        return sendId;
    }

    /** The congestion window, bytes. */
    public int congestionWindow() {
        return ledbat.window();
    }

    public long queuingDelayMicros() {
        return ledbat.ourDelayMicros();
    }

    /** Bytes held: queued to send, unacknowledged, and received but unread. */
    public long heldBytes() {
        return (long) pending.size() + unackedBytes + in.heldBytes();
    }

    public boolean finishedSending() {
        return finAcked;
    }
}
