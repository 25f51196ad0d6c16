package io.lodestone.index.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ApiKeyStoreTest {

    @TempDir
    Path dir;

    @Test
    void keysAreStoredHashedAndFoundByTheirSecret() throws Exception {
        ApiKeyStore store = new ApiKeyStore(dir);
        assertThat(store.isEmpty()).isTrue();
        String key = store.create("ci-bot", Scope.WRITE);
        assertThat(key).startsWith(ApiKeyStore.PREFIX).hasSizeGreaterThan(40);
        String file = Files.readString(dir.resolve(ApiKeyStore.FILE_NAME));
        assertThat(file).contains("ci-bot write ").doesNotContain(key).doesNotContain(key.substring(4));
        assertThat(store.find(key)).map(ApiKey::scope).contains(Scope.WRITE);
        assertThat(store.find(key + "x")).isEmpty();
        assertThat(store.find("x".repeat(10_000))).isEmpty();
        assertThat(store.find(null)).isEmpty();
    }

    @Test
    void anotherInstanceSeesCreationAndRevocationAtOnce() throws Exception {
        ApiKeyStore server = new ApiKeyStore(dir);
        ApiKeyStore cli = new ApiKeyStore(dir);
        assertThat(server.isEmpty()).isTrue();
        String key = cli.create("laptop", Scope.READ);
        assertThat(server.find(key)).isPresent();
        assertThat(cli.revoke("laptop")).isTrue();
        assertThat(server.find(key)).isEmpty();
        assertThat(cli.revoke("laptop")).isFalse();
    }

    @Test
    void namesAreCheckedAndUnique() throws Exception {
        ApiKeyStore store = new ApiKeyStore(dir);
        store.create("one", Scope.ADMIN);
        assertThatThrownBy(() -> store.create("one", Scope.READ)).hasMessageContaining("exists already");
        assertThatThrownBy(() -> store.create("with space", Scope.READ)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.create("", Scope.READ)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Scope.parse("root")).hasMessageContaining("read, write or admin");
        assertThat(store.list()).extracting(ApiKey::name).containsExactly("one");
    }

    @Test
    void aBrokenLineDisablesOnlyItself() throws Exception {
        ApiKeyStore store = new ApiKeyStore(dir);
        String key = store.create("good", Scope.READ);
        Files.writeString(dir.resolve(ApiKeyStore.FILE_NAME), "garbage line\nbad write nothex 1\n",
                java.nio.file.StandardOpenOption.APPEND);
        ApiKeyStore fresh = new ApiKeyStore(dir);
        assertThat(fresh.list()).extracting(ApiKey::name).containsExactly("good");
        assertThat(fresh.find(key)).isPresent();
    }

    @Test
    void scopesIncludeTheLowerOnes() {
        assertThat(Scope.ADMIN.includes(Scope.WRITE)).isTrue();
        assertThat(Scope.WRITE.includes(Scope.READ)).isTrue();
        assertThat(Scope.READ.includes(Scope.WRITE)).isFalse();
    }
}
