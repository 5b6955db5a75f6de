package dev.mooring.kafka.access;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mooring.events.Producer;
import dev.mooring.events.Topic;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.junit.jupiter.api.Test;

/** Each service's rights on the broker are its producer table's row: its events' topics, what it consumes, nothing else. */
class ServiceAccessTest {

    @Test
    void topologySvcWritesNodesAndItsDeadLettersAndReadsOnlyItsDeadLetters() {
        ServiceAccess topology = ServiceAccess.of(Producer.TOPOLOGY);
        assertThat(topology.user()).isEqualTo("topology-svc");
        assertThat(topology.writes()).containsExactlyInAnyOrder("mooring.nodes", "mooring.dlq.topology-svc");
        assertThat(topology.reads()).containsExactly("mooring.dlq.topology-svc");
        assertThat(grants(topology)).containsExactlyInAnyOrder(
                "TOPIC mooring.nodes WRITE", "TOPIC mooring.nodes DESCRIBE",
                "TOPIC mooring.dlq.topology-svc WRITE", "TOPIC mooring.dlq.topology-svc READ",
                "TOPIC mooring.dlq.topology-svc DESCRIBE", "GROUP topology-svc READ");
    }

    @Test
    void everyGrantIsAnAllowOfOneLiteralResourceForTheServicesOwnUserAndNeverMore() {
        for (ServiceAccess access : ServiceAccess.ofAllServices()) {
            assertThat(access.acls()).allSatisfy(binding -> {
                assertThat(binding.entry().principal()).isEqualTo("User:" + access.user());
                assertThat(binding.entry().permissionType()).isEqualTo(AclPermissionType.ALLOW);
                assertThat(binding.pattern().patternType()).isEqualTo(PatternType.LITERAL);
                assertThat(binding.entry().operation()).isIn(AclOperation.READ, AclOperation.WRITE, AclOperation.DESCRIBE);
                assertThat(binding.pattern().name()).doesNotContain("*");
            });
        }
    }

    @Test
    void aConsumerToolMayReadWhatItIsGivenAndWriteOnlyItsDeadLetters() {
        ServiceAccess tool = ServiceAccess.consumer("audit-tool", Set.of(Topic.VOLUMES));
        assertThat(tool.reads()).containsExactlyInAnyOrder("mooring.volumes", "mooring.dlq.audit-tool");
        assertThat(tool.writes()).containsExactly("mooring.dlq.audit-tool");
    }

    private static List<String> grants(ServiceAccess access) {
        return access.acls().stream().map(b -> b.pattern().resourceType() + " " + b.pattern().name() + " "
                + b.entry().operation()).collect(Collectors.toList());
    }
}
