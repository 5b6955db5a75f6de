package dev.mooring.topology;

import dev.mooring.testing.KafkaBrokerResource;
import dev.mooring.testing.PostgresResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** The real parts every topology-svc IT runs against: the Kafka broker and PostgreSQL. */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@QuarkusTestResource(KafkaBrokerResource.class)
@QuarkusTestResource(value = PostgresResource.class,
        initArgs = @ResourceArg(name = "database", value = "mooring_topology_test"))
public @interface TopologyTestResources {
}
