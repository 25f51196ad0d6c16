package io.lodestone.wire.mse;

import java.util.Locale;

/**
 * Whether connections use MSE/PE. Names and meaning follow qBittorrent's setting over libtorrent's
 * {@code out_enc_policy}/{@code in_enc_policy}.
 */
public enum EncryptionPolicy {
    /**
     * Both ways allowed (libtorrent {@code pe_enabled}, qBittorrent's default "prefer"): incoming
     * plaintext and PE handshakes are accepted and RC4 is selected when offered; outgoing, a peer
     * that refuses one kind of handshake is tried with the other.
     */
    PREFER,
    /** PE with RC4 only, both ways (libtorrent {@code pe_forced} with {@code allowed_enc_level} rc4). */
    REQUIRE,
    /** Plaintext BitTorrent only; PE handshakes are refused (libtorrent {@code pe_disabled}). */
    DISABLE;

    public boolean allowsPlaintext() {
        return this != REQUIRE;
    }

    public boolean allowsEncrypted() {
        return this != DISABLE;
    }

    /** Parses {@code prefer}, {@code require} or {@code disable} (any case). */
    public static EncryptionPolicy parse(String s) {
        try {
            return valueOf(s.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException("encryption must be prefer, require or disable, not '" + s + "'");
        }
    }

    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }
}
