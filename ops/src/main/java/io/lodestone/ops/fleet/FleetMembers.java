package io.lodestone.ops.fleet;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The crawlers in the fleet now: the members of their consumer group, as Kafka describes it. */
final class FleetMembers {
    private static final Logger LOG = LoggerFactory.getLogger(FleetMembers.class);
    static final long DESCRIBE_WAIT_SECONDS = 10;

    private final Admin admin;
    private final String group;
    private volatile List<String> ids = List.of();
    private volatile boolean known;

    FleetMembers(Admin admin, String group) {
        this.admin = admin;
        this.group = group;
    }

    void refresh() {
        try {
            ConsumerGroupDescription d = admin.describeConsumerGroups(List.of(group)).describedGroups().get(group)
                    .get(DESCRIBE_WAIT_SECONDS, TimeUnit.SECONDS);
            ids = d.members().stream().map(MemberDescription::clientId).sorted().toList();
            known = true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            known = false;
            LOG.debug("fleet: could not describe group {}: {}", group, e.toString());
        }
    }

    /** Crawlers in the group; -1 when Kafka could not be asked. */
    int count() {
        return known ? ids.size() : -1;
    }

    List<String> ids() {
        return ids;
    }
}
