package io.plantmesh.node.api;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The REST API's OpenAPI document. Kept by hand in {@code META-INF/openapi.yaml} (the SmallRye
 * OpenAPI extension is not available for the pinned platform version); a test checks that every
 * endpoint is in it.
 */
@Path("/q/openapi")
public class OpenApiResource {
  static final String DOCUMENT = "META-INF/openapi.yaml";

  @GET
  @Produces("application/yaml")
  public String document() {
    try (InputStream in =
        Thread.currentThread().getContextClassLoader().getResourceAsStream(DOCUMENT)) {
      if (in == null) {
        throw new NotFoundException("the OpenAPI document is missing from this build");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
