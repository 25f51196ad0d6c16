package io.lodestone.ops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Bad input to the dht commands: exit 2, one line, before any packet is sent. */
class DhtCommandTest {

    @ParameterizedTest
    @ValueSource(strings = {
        "dht ping not-an-address",
        "dht ping 127.0.0.1:0",
        "dht ping 127.0.0.1:70000",
        "dht ping",
        "dht get-peers 127.0.0.1:6881",
        "dht get-peers 127.0.0.1:6881 --info-hash zz",
        "dht find-node 127.0.0.1:6881 --target 1234",
        "dht sample 127.0.0.1:6881 --target xyz",
        "dht ping 127.0.0.1:6881 --timeout 0",
        "dht lookup nothex",
        "dht lookup 0123456789abcdef0123456789abcdef01234567 --announce 0",
        "dht lookup 0123456789abcdef0123456789abcdef01234567 --bootstrap nohostport",
        "dht run --nodes 0",
        "dht run --nodes 5000",
        "dht run --bind not.an.ip",
        "dht run --port 70000",
        "dht run --bootstrap 1.2.3.4",
        "dht",
        "dht nonsense",
        "bench dht --duration 0",
    })
    void badInputIsOneLineExitTwo(String line) {
        CliRun run = CliRun.of(line.split(" "));
        assertThat(run.isOneLineBadInput()).as(line + " -> " + run).isTrue();
    }
}
