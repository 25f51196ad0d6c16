package io.lodestone.index.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.lodestone.index.IndexConfig;
import io.lodestone.index.IndexService;
import io.lodestone.index.SearchQuery;
import io.lodestone.index.TorrentRecord;
import io.lodestone.types.InfoHash;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lmdbjava.ByteArrayProxy;
import org.lmdbjava.Dbi;
import org.lmdbjava.DbiFlags;
import org.lmdbjava.Env;
import org.lmdbjava.EnvFlags;
import org.lmdbjava.Txn;

/**
 * A store written before the side tables existed (seven tables, no swarm counts, no scrape queue)
 * opens: its torrents read back as before, with no swarm counts, and join the scrape queue.
 */
class OlderStoreTest {
    @TempDir
    Path dir;

    @Test
    void aStoreWithoutSideTablesOpensAndQueuesItsTorrentsForScrapes() throws Exception {
        byte[] info = "d6:lengthi5e4:name9:older.bin12:piece lengthi16384e6:pieces20:01234567890123456789e"
                .getBytes(StandardCharsets.ISO_8859_1);
        byte[] key = MessageDigest.getInstance("SHA-1").digest(info);
        Instant t0 = Instant.parse("2025-01-01T00:00:00Z");
        Path lmdb = Files.createDirectories(dir.resolve(IndexService.STORE_DIR));
        // the layout as the earlier release wrote it
        try (Env<byte[]> env = Env.create(ByteArrayProxy.PROXY_BA).setMapSize(64L << 20).setMaxDbs(7)
                .open(lmdb.toFile(), EnvFlags.MDB_NOTLS)) {
            Dbi<byte[]> torrents = env.openDbi("torrents", DbiFlags.MDB_CREATE);
            Dbi<byte[]> infoDicts = env.openDbi("info-dicts", DbiFlags.MDB_CREATE);
            Dbi<byte[]> sequence = env.openDbi("sequence", DbiFlags.MDB_CREATE);
            Dbi<byte[]> meta = env.openDbi("meta", DbiFlags.MDB_CREATE);
            for (String other : new String[] {"aliases", "pending", "crawl-state"}) {
                env.openDbi(other, DbiFlags.MDB_CREATE);
            }
            try (Txn<byte[]> txn = env.txnWrite()) {
                torrents.put(txn, key, RecordCodec.encodeTorrent(new StoredTorrent(1, t0, t0, 3, 1, 5, 1, "older.bin")));
                infoDicts.put(txn, key, info);
                sequence.put(txn, RecordCodec.sequenceKey(1), key);
                meta.put(txn, "last-sequence".getBytes(StandardCharsets.US_ASCII), RecordCodec.sequenceKey(1));
                txn.commit();
            }
        }
        try (IndexService index = IndexService.open(dir, IndexConfig.defaults())) {
            TorrentRecord r = index.get(InfoHash.v1(key)).orElseThrow();
            assertThat(r.infoDict()).isEqualTo(info);
            assertThat(r.hasMetadata()).isTrue();
            assertThat(r.seeders()).isEqualTo(-1);
            assertThat(index.isIndexed(InfoHash.v1(key))).isTrue();
            assertThat(index.dueForScrape(Instant.now(), 10)).containsExactly(key);
            assertThat(index.awaitSearchable(Duration.ofSeconds(30))).isTrue();
            assertThat(index.search(SearchQuery.of("older")).total()).isEqualTo(1);
        }
    }
}
