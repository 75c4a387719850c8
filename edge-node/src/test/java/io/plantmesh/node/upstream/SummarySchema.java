package io.plantmesh.node.upstream;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import io.plantmesh.kafka.summary.SummaryJson;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/** The MES contract's schema ({@code schemas/summary.schema.json}), formats asserted. */
final class SummarySchema {
  private static final Schema SCHEMA = load();

  private SummarySchema() {}

  private static Schema load() {
    SchemaRegistry registry =
        SchemaRegistry.withDefaultDialect(
            SpecificationVersion.DRAFT_2020_12,
            b ->
                b.schemaRegistryConfig(
                    SchemaRegistryConfig.builder().formatAssertionsEnabled(true).build()));
    try (InputStream in = SummaryJson.class.getResourceAsStream(SummaryJson.SCHEMA_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(SummaryJson.SCHEMA_RESOURCE + " is not on the class path");
      }
      return registry.getSchema(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The schema's complaints about {@code json}; empty when it is valid. */
  static List<Error> errors(String json) {
    return SCHEMA.validate(json, InputFormat.JSON);
  }
}
