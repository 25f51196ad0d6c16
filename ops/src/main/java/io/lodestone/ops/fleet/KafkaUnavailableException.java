package io.lodestone.ops.fleet;

import java.io.IOException;

/** The fleet's Kafka cluster did not answer in time at start: an outside condition, not a bug. */
public final class KafkaUnavailableException extends IOException {
    public KafkaUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
