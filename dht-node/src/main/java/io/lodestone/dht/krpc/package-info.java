/**
 * The KRPC codec of the Mainline DHT: BEP 5 messages, with BEP 32 ({@code want}, {@code nodes6}),
 * BEP 33 ({@code noseed}, {@code scrape}), BEP 42 ({@code ip}), BEP 43 ({@code ro}) and BEP 51
 * ({@code sample_infohashes}). Pure: bytes to records and back, no I/O.
 *
 * <h2>Shape</h2>
 * {@link io.lodestone.dht.krpc.KrpcCodec#decode} returns a {@link io.lodestone.dht.krpc.KrpcMessage}:
 * <ul>
 *   <li>a {@link io.lodestone.dht.krpc.QueryMessage} holding a typed
 *       {@link io.lodestone.dht.krpc.KrpcQuery} (one record per method, or
 *       {@link io.lodestone.dht.krpc.UnknownQuery});</li>
 *   <li>a {@link io.lodestone.dht.krpc.ResponseMessage}: a response does not say which query it
 *       answers, so decoding checks only the {@code id} every response has and keeps {@code r};
 *       the transaction table, which knows the method, calls
 *       {@link io.lodestone.dht.krpc.ResponseMessage#typed} to get the typed
 *       {@link io.lodestone.dht.krpc.KrpcResponse}. Two steps, so a response whose fields are bad
 *       still names its transaction, which can then fail at once instead of timing out;</li>
 *   <li>an {@link io.lodestone.dht.krpc.ErrorMessage} holding a
 *       {@link io.lodestone.dht.krpc.KrpcError}.</li>
 * </ul>
 * Decoding throws only {@link io.lodestone.dht.krpc.KrpcFormatException}, whatever the bytes. It
 * carries the transaction id when it could be read and whether {@code y} said "q", so the server
 * answers a malformed query with error 203 and drops everything else silently.
 *
 * <h2>What is accepted</h2>
 * <ul>
 *   <li>At most {@link io.lodestone.dht.krpc.KrpcCodec#MAX_DATAGRAM_BYTES} bytes (libtorrent's
 *       receive buffer); strict canonical bencode with libtorrent's DHT limits (depth
 *       {@link io.lodestone.dht.krpc.KrpcCodec#MAX_DEPTH}, {@link io.lodestone.dht.krpc.KrpcCodec#MAX_ITEMS}
 *       values); the top level a dictionary.</li>
 *   <li>{@code t}: 1..{@link io.lodestone.dht.krpc.Tid#MAX_LENGTH} bytes. {@code y}: exactly "q",
 *       "r" or "e". Every id, target and info-hash: exactly 20 bytes.</li>
 *   <li>Unknown keys are tolerated everywhere. A key we read with the wrong bencode type rejects
 *       the message, except in {@code UnknownQuery}, whose keys may mean anything.</li>
 *   <li>Right type, bad content: fields the message is about reject it (ids, {@code port} outside
 *       1..65535 unless {@code implied_port}, an announce {@code token} outside
 *       1..{@link io.lodestone.dht.krpc.Token#MAX_LENGTH} bytes, BEP 51 {@code samples} not a
 *       multiple of 20 bytes, {@code num} outside 0..2^31-1). Fields that relay third parties or are
 *       hints lose only their bad part, as in libtorrent, so a node that answered still counts as
 *       alive: {@code nodes}/{@code nodes6} of a length that is not a multiple of 26/38 are dropped
 *       whole, entries with port 0 one by one; {@code values} entries not 6 or 18 bytes are
 *       skipped; a get_peers {@code token}, an {@code ip} that is not 6 or 18 bytes with a port, a
 *       {@code v} longer than {@link io.lodestone.dht.krpc.ClientVersion#MAX_LENGTH} are dropped. BEP
 *       51's {@code interval} is clamped to 0..21600.</li>
 *   <li>Integer flags ({@code ro}, {@code implied_port}, {@code seed}, {@code noseed},
 *       {@code scrape}) are set when non-zero, as libtorrent reads them, and encoded as 1 or left
 *       out. {@code want} entries other than "n4" and "n6" are ignored.</li>
 * </ul>
 *
 * <h2>Encoding</h2>
 * {@link io.lodestone.dht.krpc.KrpcCodec#encode} writes canonical bencode: equal messages give equal
 * bytes, and decoding them gives an equal message. {@code ro} exists only on queries and {@code ip}
 * only on responses and errors, by construction of the records.
 */
package io.lodestone.dht.krpc;
