package io.plantmesh.it.rules;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/** The nodes' REST API as an operator's tool would call it: JSON over HTTP, bearer tokens. */
final class NodeApi {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final Map<String, Integer> httpPorts;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  NodeApi(Map<String, Integer> httpPorts) {
    this.httpPorts = Map.copyOf(httpPorts);
  }

  /** GET, expecting 200. */
  JsonNode get(String node, String path) {
    HttpResponse<String> r = send(node, HttpRequest.newBuilder(uri(node, path)).GET());
    if (r.statusCode() != 200) {
      throw new IllegalStateException(
          "GET " + path + " on " + node + ": " + r.statusCode() + " " + r.body());
    }
    return parse(r.body());
  }

  /** {@code PUT /api/tags/{path}/value} with the writes token; the response as it came. */
  HttpResponse<String> writeTag(String node, String tag, Object value) {
    String body = "{\"value\": " + toJson(value) + "}";
    return send(
        node,
        HttpRequest.newBuilder(uri(node, "/api/tags/" + tag + "/value"))
            .header("Authorization", "Bearer " + RulesPlant.WRITE_TOKEN)
            .header("Content-Type", "application/json")
            .PUT(HttpRequest.BodyPublishers.ofString(body)));
  }

  /** {@code POST /api/alarms/{id}/acknowledge}; {@code token} null sends none. */
  HttpResponse<String> acknowledge(String node, String id, String token, String who, String why) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(uri(node, "/api/alarms/" + id + "/acknowledge"))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(toJson(Map.of("who", who, "why", why))));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return send(node, b);
  }

  /** The rule's entry in {@code GET /api/rules} of {@code node}. */
  JsonNode rule(String node, String name) {
    for (JsonNode r : get(node, "/api/rules")) {
      if (r.path("name").asText().equals(name)) {
        return r;
      }
    }
    throw new AssertionError("no rule " + name + " on " + node);
  }

  /** The rule's evaluator as {@code node} sees it; null while none. */
  String evaluator(String node, String rule) {
    JsonNode e = rule(node, rule).get("evaluator");
    return e == null || e.isNull() ? null : e.asText();
  }

  /** The alarm with {@code id} in {@code GET /api/alarms?state=all}; null if not listed. */
  JsonNode alarm(String node, String id) {
    for (JsonNode a : get(node, "/api/alarms?state=all&limit=1000")) {
      if (a.path("id").asText().equals(id)) {
        return a;
      }
    }
    return null;
  }

  private HttpResponse<String> send(String node, HttpRequest.Builder b) {
    try {
      return http.send(
          b.timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new IllegalStateException(node + " did not answer: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static JsonNode parse(String body) {
    try {
      return JSON.readTree(body);
    } catch (IOException e) {
      throw new IllegalStateException("not JSON: " + body, e);
    }
  }

  private static String toJson(Object o) {
    try {
      return JSON.writeValueAsString(o);
    } catch (IOException e) {
      throw new IllegalArgumentException(e);
    }
  }

  private URI uri(String node, String path) {
    return URI.create("http://127.0.0.1:" + httpPorts.get(node) + path);
  }
}
