/**
 * Message Stream Encryption (MSE/PE, the protocol encryption libtorrent, rtorrent, Transmission,
 * qBittorrent and WebTorrent speak) as pure state machines: {@link io.lodestone.wire.mse.MseInitiator}
 * and {@link io.lodestone.wire.mse.MseReceiver} take bytes and give bytes to send and a
 * {@link io.lodestone.wire.mse.MseStep}; once established, an {@link io.lodestone.wire.mse.MseSession}
 * encrypts and decrypts the stream (RC4, first 1024 keystream bytes dropped) or passes it through
 * (plaintext selected). Randomness is injected. Every length read is checked against a named limit
 * in {@link io.lodestone.wire.mse.Mse} before it is waited for, and the sync-marker searches stop at
 * the spec's padding limits, so a machine never holds more than about one handshake. Transports
 * (a blocking socket in the resolver, a Netty handler in the download engine) stay thin.
 */
package io.lodestone.wire.mse;
