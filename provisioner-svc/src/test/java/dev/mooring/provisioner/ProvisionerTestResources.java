package dev.mooring.provisioner;

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
 * The real parts the REST-only provisioner ITs run against: Kafka broker, PostgreSQL, two simulated arrays
 * from a pure.json file, and no Kubernetes API (the claim watcher is off). Restricted to the annotated class,
 * so that the Kubernetes ITs ({@link KubernetesTestResources}) do not get these too.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@QuarkusTestResource(value = KafkaBrokerResource.class, restrictToAnnotatedClass = true)
@QuarkusTestResource(value = PostgresResource.class, restrictToAnnotatedClass = true,
        initArgs = @ResourceArg(name = "database", value = "mooring_provisioner_test"))
@QuarkusTestResource(value = SimulatorResource.class, restrictToAnnotatedClass = true)
@QuarkusTestResource(value = WithoutKubernetesResource.class, restrictToAnnotatedClass = true)
public @interface ProvisionerTestResources {
}
