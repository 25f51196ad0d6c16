/**
 * The peer wire, as pure codecs: bytes to records and back, no I/O, no Netty. A transport reads
 * the 68-byte {@link io.lodestone.wire.Handshake} first, then feeds the rest of the stream to a
 * {@link io.lodestone.wire.FrameDecoder} per connection, and writes with
 * {@link io.lodestone.wire.PeerMessageCodec#encode}.
 *
 * <ul>
 *   <li>BEP 3 handshake and messages, BEP 5 {@code port}, BEP 6 fast extension, BEP 10 extended
 *       envelope: {@link io.lodestone.wire.PeerMessage}; ids no BEP here defines arrive as
 *       {@link io.lodestone.wire.PeerMessage.UnknownMessage} and may be ignored.</li>
 *   <li>BEP 10 handshake dict: {@link io.lodestone.wire.ExtensionHandshake}.</li>
 *   <li>BEP 9 ut_metadata: {@link io.lodestone.wire.MetadataMessage} and
 *       {@link io.lodestone.wire.MetadataCodec}; {@link io.lodestone.wire.MetadataAssembler}
 *       collects pieces and returns an info dict only once it hashes to the info-hash.</li>
 * </ul>
 *
 * <p>Decoders throw only {@link io.lodestone.wire.WireFormatException}, whatever the bytes. No
 * length read from the wire is trusted: each is checked against a named limit
 * ({@link io.lodestone.wire.FrameDecoder#DEFAULT_MAX_FRAME_LENGTH},
 * {@link io.lodestone.wire.PeerMessage#MAX_BLOCK_LENGTH},
 * {@link io.lodestone.wire.ExtensionHandshake#MAX_PAYLOAD_LENGTH},
 * {@link io.lodestone.wire.MetadataCodec#MAX_PAYLOAD_LENGTH},
 * {@link io.lodestone.wire.MetadataMessage#DEFAULT_MAX_METADATA_SIZE}) and against the bytes that
 * remain before anything is allocated for it.
 */
package io.lodestone.wire;
