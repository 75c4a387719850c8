package io.plantmesh.node.upstream;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks the test field that receives the {@link KafkaUplinkResource}'s broker, as a {@link Broker}:
 * test classes do not name the testkit's types, which the resource loads in Quarkus' class loader.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.FIELD)
public @interface InjectBroker {}
