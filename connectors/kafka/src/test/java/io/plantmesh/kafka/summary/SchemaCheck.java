package io.plantmesh.kafka.summary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * Validates summaries against {@code schemas/summary.schema.json} (formats asserted) and checks
 * that the JSON reads back into an equal summary. Every summary the tests produce goes through
 * here.
 */
public final class SchemaCheck {
  static final Schema SCHEMA = load();

  private SchemaCheck() {}

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
  public static List<Error> errors(String json) {
    return SCHEMA.validate(json, InputFormat.JSON);
  }

  static List<Summary> check(List<Summary> summaries) {
    summaries.forEach(SchemaCheck::check);
    return summaries;
  }

  static Summary check(Summary s) {
    String json = SummaryJson.toJson(s);
    List<Error> errors = errors(json);
    assertTrue(errors.isEmpty(), () -> "schema errors " + errors + " in " + json);
    assertEquals(s, SummaryJson.fromJson(json), "round trip of " + json);
    return s;
  }
}
