package dev.mooring.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The service catalogue is data: what devstack reads from {@code services.txt}. */
class ServiceSpecTest {

    @Test
    void theCatalogueNamesTheFourServicesWithTheirPortsAndDatabases() {
        List<ServiceSpec> catalogue = ServiceSpec.catalogue();
        assertThat(catalogue).extracting(ServiceSpec::name)
                .containsExactly("provisioner-svc", "attach-svc", "health-svc", "topology-svc");
        assertThat(catalogue).extracting(ServiceSpec::defaultPort).containsExactly(8081, 8082, 8083, 8084);
        assertThat(catalogue).extracting(ServiceSpec::database)
                .containsExactly("mooring_provisioner", "mooring_attach", "mooring_health", "mooring_topology");
        assertThat(catalogue.get(0).settings()).containsEntry("mooring.arrays.tls.ca-file", "${arraysCa}");
    }

    @Test
    void aLineHasNameModulePortDatabaseAndOptionalSettings() {
        List<ServiceSpec> specs = ServiceSpec.parse(List.of(
                "# comment",
                "",
                "a-svc  a-module  9001  db_a   x.y=1 z=${kafka}  # trailing comment",
                "b-svc  b-module  9002  db_b"));
        assertThat(specs).containsExactly(
                new ServiceSpec("a-svc", "a-module", 9001, "db_a", Map.of("x.y", "1", "z", "${kafka}")),
                new ServiceSpec("b-svc", "b-module", 9002, "db_b", Map.of()));
    }

    @Test
    void aMalformedLineIsRefusedWithItsNumber() {
        assertThatThrownBy(() -> ServiceSpec.parse(List.of("a-svc a-module 9001")))
                .hasMessageContaining("line 1");
        assertThatThrownBy(() -> ServiceSpec.parse(List.of("", "a-svc a-module 9001 db novalue")))
                .hasMessageContaining("line 2").hasMessageContaining("novalue");
    }
}
