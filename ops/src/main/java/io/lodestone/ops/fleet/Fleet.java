package io.lodestone.ops.fleet;

import io.lodestone.crawler.CrawlSink;
import io.lodestone.crawler.harvest.Harvester;
import io.lodestone.dht.node.DhtListener;
import io.lodestone.index.IndexService;
import io.lodestone.index.content.BlockList;
import io.lodestone.index.content.BlockingSink;
import io.lodestone.index.content.ContentControl;
import io.lodestone.time.Clock;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This instance's part of a fleet: a crawler publishes to the catalog and claims its share of the
 * harvest; a replica follows the catalog into its own store; both keep the block list in step with
 * the fleet's. {@code serve} builds one when a Kafka bootstrap address is configured and asks it
 * for the few things it wires differently (the farm's listener, the crawler's sink, the remover).
 */
public final class Fleet implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Fleet.class);
    static final long MEMBERS_EVERY_SECONDS = 5;

    private final FleetConfig config;
    private final String instanceId;
    private final Deque<AutoCloseable> toClose = new ArrayDeque<>();
    private final Producer<byte[], byte[]> producer;
    private final BlockSync blockSync;
    private final HarvestRelay relay;
    private final HarvestClaimer claimer;
    private final ClaimLedger ledger;
    private final CatalogFollower catalog;
    private final CatalogPublisher publisher;
    private final FleetMembers members;

    private Fleet(FleetConfig config, String instanceId, IndexService index, BlockList blocks, BlockingSink sink,
                  Harvester harvester, int harvestCapacity) throws IOException {
        this.config = config;
        this.instanceId = instanceId;
        boolean ok = false;
        try {
            Admin admin = remember(Admin.create(KafkaClients.admin(config, "lodestone-admin-" + instanceId)));
            FleetTopics.ensure(admin, config);
            producer = remember(new KafkaProducer<>(KafkaClients.producer(config, "lodestone-" + instanceId)));
            members = new FleetMembers(admin, config.crawlerGroup());
            ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(
                    Thread.ofPlatform().name("fleet-members").daemon().factory());
            remember(ticker::shutdownNow);
            ticker.scheduleWithFixedDelay(members::refresh, 0, MEMBERS_EVERY_SECONDS, TimeUnit.SECONDS);
            blockSync = remember(new BlockSync(consumer("blocks", null), producer, config.blocksTopic(), blocks)
                    .start());
            if (config.crawls()) {
                KnownHashes known = new KnownHashes(KnownHashes.MAX);
                publisher = new CatalogPublisher(sink, producer, config.catalogTopic(), instanceId, known);
                relay = remember(new HarvestRelay(producer, config.harvestTopic(), harvestCapacity).start());
                ledger = new ClaimLedger();
                claimer = remember(new HarvestClaimer(consumer("claim", config.crawlerGroup()), config.harvestTopic(),
                        harvester, harvestCapacity, Clock.system(), ledger, this::resend).start());
                publisher.onSettled(ledger::settled);
                HarvestClaimer claims = claimer;
                HarvestRelay out = relay;
                publisher.share(new CatalogPublisher.Share() {
                    @Override
                    public boolean owns(io.lodestone.types.InfoHash h) {
                        return claims.owns(h);
                    }

                    @Override
                    public void handOver(io.lodestone.types.InfoHash h) {
                        out.listener().offer(new io.lodestone.crawler.harvest.Harvest(h,
                                io.lodestone.crawler.HarvestSource.GET_PEERS, null, System.nanoTime()));
                    }
                });
                // a crawler reads the catalog's keys only; a replica (role all) stores it all below
                catalog = config.indexes() ? null : remember(new CatalogFollower(consumer("catalog-keys", null),
                        config.catalogTopic(), null, sink, known).start());
            } else {
                publisher = null;
                relay = null;
                ledger = null;
                claimer = null;
                catalog = null;
            }
            CatalogFollower replica = config.indexes() ? remember(new CatalogFollower(consumer("catalog", null),
                    config.catalogTopic(), index, sink, null).start()) : null;
            this.replica = replica;
            ok = true;
            LOG.info("fleet: role {} as {} on Kafka {}", config.role().key(), instanceId, config.bootstrapServers());
        } finally {
            if (!ok) {
                close();
            }
        }
    }

    private final CatalogFollower replica;

    /**
     * Joins the fleet: creates the topics when missing and starts this role's clients.
     *
     * @param harvester where this crawler's claimed share of the harvest goes (the pipeline's queue)
     */
    public static Fleet start(FleetConfig config, String instanceId, IndexService index, BlockList blocks,
                              BlockingSink sink, Harvester harvester, int harvestCapacity) throws IOException {
        return new Fleet(config, instanceId, index, blocks, sink, harvester, harvestCapacity);
    }

    private KafkaConsumer<byte[], byte[]> consumer(String what, String group) {
        return new KafkaConsumer<>(KafkaClients.consumer(config, "lodestone-" + what + "-" + instanceId, group));
    }

    private <T extends AutoCloseable> T remember(T c) {
        toClose.push(c);
        return c;
    }

    public FleetConfig config() {
        return config;
    }

    public String instanceId() {
        return instanceId;
    }

    /** What the farm reports harvests to: the relay to Kafka on a crawler, nothing on a pure replica. */
    public DhtListener farmListener() {
        return relay != null ? relay.listener() : DhtListener.NONE;
    }

    /** What the crawler tells the fleet about each harvest it takes (a crawler's claims). */
    public io.lodestone.crawler.OutcomeListener crawlOutcomes() {
        ClaimLedger l = ledger;
        return l == null ? io.lodestone.crawler.OutcomeListener.NONE : new io.lodestone.crawler.OutcomeListener() {
            @Override
            public void onHarvestHandled(io.lodestone.crawler.harvest.Harvest harvest, boolean pending) {
                l.handled(harvest, pending);
            }
        };
    }

    /** A waiting hash, to the harvest topic again (a plain sighting: whoever owns it claims it). */
    private java.util.concurrent.CompletableFuture<?> resend(io.lodestone.types.InfoHash h) {
        java.util.concurrent.CompletableFuture<Object> done = new java.util.concurrent.CompletableFuture<>();
        try {
            producer.send(new ProducerRecord<>(config.harvestTopic(), FleetCodec.hashKey(h),
                    FleetCodec.encodeHarvest(io.lodestone.crawler.HarvestSource.GET_PEERS, null, null)), (md, e) -> {
                if (e == null) {
                    done.complete(md);
                } else {
                    done.completeExceptionally(e);
                }
            });
        } catch (RuntimeException e) {
            done.completeExceptionally(e);
        }
        return done;
    }

    /** Where the crawler writes: the catalog on a crawler; the local sink otherwise (it gets nothing). */
    public CrawlSink crawlSink(CrawlSink local) {
        return publisher != null ? publisher : local;
    }

    /** A removal (HTTP delete, block, enforcement) also tombstones the catalog, for replicas to come. */
    public ContentControl.Remover remover(ContentControl.Remover local) {
        if (!config.indexes()) {
            return local; // a crawler keeps no catalog of its own; the replicas tombstone
        }
        return hash -> {
            // here first: our own follower may apply the tombstone before the send returns
            boolean removed = local.remove(hash);
            try {
                producer.send(new ProducerRecord<>(config.catalogTopic(), FleetCodec.hashKey(hash), null))
                        .get(KafkaClients.DELIVERY_TIMEOUT_MS + 5_000L, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while publishing a delete");
            } catch (Exception e) {
                throw new IOException("publishing the delete to Kafka failed: " + e, e);
            }
            return removed;
        };
    }

    /** Why a fleet worker died, or null while all run. */
    public String deathReason() {
        if (blockSync.deathReason() != null) {
            return blockSync.deathReason();
        }
        if (replica != null && replica.deathReason() != null) {
            return replica.deathReason();
        }
        if (claimer != null && claimer.deathReason() != null) {
            return claimer.deathReason();
        }
        return catalog == null ? null : catalog.deathReason();
    }

    /** The figures /metrics and the health page show. */
    public FleetReading reading() {
        return new FleetReading(config.role().key(), instanceId, members.count(), members.ids(),
                replica == null ? -1 : replica.lag(), replica == null ? 0 : replica.applied(),
                replica == null ? 0 : replica.tombstones(), replica == null ? java.util.Map.of() : replica.byCrawler(),
                replica == null ? null : replica.toSearchable(),
                publisher == null ? 0 : publisher.published(), claimer == null ? 0 : claimer.claimed(),
                claimer == null ? -1 : claimer.lag(), claimer == null ? 0 : claimer.assignedPartitions(),
                relay == null ? 0 : relay.sent(), relay == null ? 0 : relay.dropped() + relay.failed(),
                publisher == null ? null : publisher.failure(), blockSync.received(), blockSync.caughtUp(),
                publisher == null ? 0 : publisher.handedOver(), ledger == null ? 0 : ledger.open());
    }

    @Override
    public void close() {
        while (!toClose.isEmpty()) {
            AutoCloseable c = toClose.pop();
            try {
                c.close();
            } catch (Exception e) {
                LOG.warn("fleet: closing {} failed: {}", c.getClass().getSimpleName(), e.toString());
            }
        }
    }
}
