package io.plantmesh.node.upstream;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import io.plantmesh.kafka.decision.DecisionJson;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/** The MES contract's alarm and event schemas, formats asserted. */
public final class DecisionSchemas {
  private static final Schema ALARM = load(DecisionJson.ALARM_SCHEMA_RESOURCE);
  private static final Schema EVENT = load(DecisionJson.EVENT_SCHEMA_RESOURCE);

  private DecisionSchemas() {}

  private static Schema load(String resource) {
    SchemaRegistry registry =
        SchemaRegistry.withDefaultDialect(
            SpecificationVersion.DRAFT_2020_12,
            b ->
                b.schemaRegistryConfig(
                    SchemaRegistryConfig.builder().formatAssertionsEnabled(true).build()));
    try (InputStream in = DecisionJson.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException(resource + " is not on the class path");
      }
      return registry.getSchema(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The alarm schema's complaints about {@code json}; empty when it is valid. */
  public static List<Error> alarmErrors(String json) {
    return ALARM.validate(json, InputFormat.JSON);
  }

  /** The event schema's complaints about {@code json}; empty when it is valid. */
  public static List<Error> eventErrors(String json) {
    return EVENT.validate(json, InputFormat.JSON);
  }
}
