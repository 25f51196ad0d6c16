package io.lodestone.ops.cli;

import io.lodestone.wire.mse.EncryptionPolicy;

/** {@code --encryption prefer|require|disable}, shared by the commands that talk to peers. */
final class EncryptionOption {

    private EncryptionOption() {
    }

    static EncryptionPolicy parse(String value) {
        try {
            return EncryptionPolicy.parse(value);
        } catch (IllegalArgumentException e) {
            throw new BadInputException("--" + e.getMessage());
        }
    }
}
