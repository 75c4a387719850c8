package io.plantmesh.node.api;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.plantmesh.node.health.HealthResource;
import io.plantmesh.node.metrics.MetricsResource;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The hand-kept OpenAPI document lists every endpoint the resources serve, with its method. */
class OpenApiDocumentTest {
  private static final List<Class<?>> RESOURCES =
      List.of(
          TagResource.class,
          SourceResource.class,
          NodeResource.class,
          ClusterResource.class,
          UpstreamResource.class,
          RuleResource.class,
          AlarmResource.class,
          AuditResource.class,
          HealthResource.class,
          MetricsResource.class,
          OpenApiResource.class);

  @Test
  void everyEndpointIsDocumented() throws IOException {
    String doc;
    try (InputStream in =
        getClass().getClassLoader().getResourceAsStream(OpenApiResource.DOCUMENT)) {
      doc = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    List<String> missing = new ArrayList<>();
    for (Class<?> r : RESOURCES) {
      String base = r.getAnnotation(Path.class).value();
      for (Method m : r.getDeclaredMethods()) {
        String verb =
            m.isAnnotationPresent(GET.class)
                ? "get"
                : m.isAnnotationPresent(PUT.class)
                    ? "put"
                    : m.isAnnotationPresent(POST.class) ? "post" : null;
        if (verb == null) {
          continue;
        }
        Path sub = m.getAnnotation(Path.class);
        String path = base + (sub == null ? "" : "/" + sub.value().replaceAll("^/", ""));
        path = path.replaceAll("\\{(\\w+):[^}]*}", "{$1}");
        int at = doc.indexOf("\n  " + path + ":\n");
        if (at < 0) {
          missing.add(path);
          continue;
        }
        int next = doc.indexOf("\n  /", at + 1);
        String block = doc.substring(at, next < 0 ? doc.length() : next);
        if (!block.contains("\n    " + verb + ":")) {
          missing.add(verb.toUpperCase() + " " + path);
        }
      }
    }
    assertTrue(missing.isEmpty(), "not in META-INF/openapi.yaml: " + missing);
  }
}
