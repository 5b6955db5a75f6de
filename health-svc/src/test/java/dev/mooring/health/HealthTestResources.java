package dev.mooring.health;

import dev.mooring.testing.KafkaBrokerResource;
import dev.mooring.testing.PostgresResource;
import dev.mooring.testing.SimulatorResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The real parts every health-svc IT runs against: the Kafka broker, PostgreSQL and the simulated arrays
 * (array-a, array-b, stretched pod pod1), whose pure.json the test puts into the px-pure-secret Secret. Each IT
 * also carries {@code @WithKubernetesTestServer(crud = true)}, so all of them share one Quarkus start.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@QuarkusTestResource(KafkaBrokerResource.class)
@QuarkusTestResource(value = PostgresResource.class,
        initArgs = @ResourceArg(name = "database", value = "mooring_health_test"))
@QuarkusTestResource(value = SimulatorResource.class, initArgs = @ResourceArg(name = "source", value = "secret"))
public @interface HealthTestResources {
}
