package dev.mooring.provisioner;

import dev.mooring.testing.KafkaBrokerResource;
import dev.mooring.testing.PostgresResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The real parts the pool ITs run against: Kafka broker, PostgreSQL (a database of their own, so pools of
 * other ITs never count in a zone), and the zone-labelled simulated arrays of {@link PoolArraysResource}. Put
 * {@code @WithKubernetesTestServer(crud = true)} beside it for the storage ConfigMap.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@QuarkusTestResource(value = KafkaBrokerResource.class, restrictToAnnotatedClass = true)
@QuarkusTestResource(value = PostgresResource.class, restrictToAnnotatedClass = true,
        initArgs = @ResourceArg(name = "database", value = "mooring_provisioner_pools_test"))
@QuarkusTestResource(value = PoolArraysResource.class, restrictToAnnotatedClass = true)
public @interface PoolTestResources {
}
