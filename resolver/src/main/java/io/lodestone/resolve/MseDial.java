package io.lodestone.resolve;

import io.lodestone.resolve.FetchResult.Reason;
import io.lodestone.wire.Handshake;
import io.lodestone.wire.mse.EncryptionPolicy;
import io.lodestone.wire.mse.MseInitiator;
import io.lodestone.wire.mse.MseSession;
import io.lodestone.wire.mse.MseStep;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.SocketTimeoutException;
import java.util.Arrays;
import java.util.random.RandomGenerator;

/**
 * The blocking-socket side of an outgoing MSE/PE handshake for {@link MetadataFetcher}: runs
 * {@link MseInitiator} over the socket's streams, our BitTorrent handshake as its initial payload,
 * then hands back streams that encrypt and decrypt (or not, when plaintext was selected).
 */
final class MseDial {

    /** Streams past the handshake, and what already arrived on them, decrypted. */
    record Streams(InputStream in, OutputStream out, byte[] payload) {
    }

    private MseDial() {
    }

    /**
     * Runs the handshake; the exchange's clocks bound it (it is ticked while reads idle). Returns
     * null when the exchange ended instead, with the reason in its result.
     *
     * @param opening our BitTorrent handshake and whatever follows it; the handshake goes as IA
     * @param misread  told when the peer closed a handshake whose secret an older libtorrent misreads
     *                 ({@link MseInitiator#secretMisreadByOldLibtorrent()}): a new key may well pass
     */
    static Streams handshake(InputStream in, OutputStream out, byte[] opening, EncryptionPolicy policy,
                             RandomGenerator random, MetadataExchange exchange, Runnable misread) throws IOException {
        byte[] skey = Arrays.copyOfRange(opening, 28, 48); // the info-hash inside our handshake
        MseInitiator mse = new MseInitiator(skey, policy == EncryptionPolicy.REQUIRE ? EncryptionPolicy.REQUIRE
                : EncryptionPolicy.PREFER, random);
        mse.initialPayload(Arrays.copyOf(opening, Handshake.LENGTH));
        out.write(mse.start());
        ByteArrayOutputStream held = new ByteArrayOutputStream(); // what the exchange says meanwhile
        byte[] buf = new byte[MetadataFetcher.READ_BUFFER_SIZE];
        while (true) {
            int n;
            try {
                n = in.read(buf);
            } catch (SocketTimeoutException idle) {
                held.writeBytes(exchange.onTick(System.nanoTime()));
                if (exchange.result() != null) {
                    return null;
                }
                continue;
            } catch (IOException e) {
                refused(mse, exchange, "(" + e.getMessage() + ")", misread);
                return null;
            }
            if (n < 0) {
                refused(mse, exchange, "(closed it)", misread);
                return null;
            }
            MseStep step = mse.feed(buf, 0, n);
            out.write(step.send());
            switch (step) {
                case MseStep.Pending p -> {
                }
                case MseStep.Failed f -> {
                    exchange.onTransportEnd(Reason.PROTOCOL_ERROR, "encrypted handshake failed: " + f.detail(),
                            System.nanoTime());
                    return null;
                }
                case MseStep.Established e -> {
                    Streams s = wrap(in, out, e.session(), e.payload());
                    s.out().write(Arrays.copyOfRange(opening, Handshake.LENGTH, opening.length));
                    s.out().write(held.toByteArray());
                    return s;
                }
            }
        }
    }

    private static void refused(MseInitiator mse, MetadataExchange exchange, String how, Runnable misread) {
        boolean misreadable = mse.secretMisreadByOldLibtorrent();
        exchange.onTransportEnd(Reason.ENCRYPTION_REFUSED, "peer refused the encrypted handshake " + how
                + (misreadable ? ", as older libtorrent does when it misreads the secret," : ""), System.nanoTime());
        if (misreadable) {
            misread.run();
        }
    }

    static Streams wrap(InputStream in, OutputStream out, MseSession session, byte[] payload) {
        if (session.transparent()) {
            return new Streams(in, out, payload);
        }
        InputStream din = new FilterInputStream(in) {
            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                int n = super.read(b, off, len);
                if (n > 0) {
                    session.decrypt(b, off, n);
                }
                return n;
            }

            @Override
            public int read() {
                throw new UnsupportedOperationException("read in blocks");
            }
        };
        OutputStream eout = new FilterOutputStream(out) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                byte[] c = Arrays.copyOfRange(b, off, off + len); // never the caller's array
                session.encrypt(c, 0, len);
                out.write(c);
            }

            @Override
            public void write(int b) {
                throw new UnsupportedOperationException("write in blocks");
            }
        };
        return new Streams(din, eout, payload);
    }
}
