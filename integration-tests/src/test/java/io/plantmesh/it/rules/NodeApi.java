package io.plantmesh.it.rules;

import com.fasterxml.jackson.databind.JsonNode;
import io.plantmesh.it.NodeHttp;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

/** The nodes' REST API as an operator's tool would call it: JSON over HTTP, bearer tokens. */
final class NodeApi {
  private final NodeHttp http;

  NodeApi(Map<String, Integer> httpPorts) {
    this.http = new NodeHttp(Map.copyOf(httpPorts));
  }

  /** GET, expecting 200. */
  JsonNode get(String node, String path) {
    return http.get(node, path);
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
    return http.send(node, b);
  }

  private URI uri(String node, String path) {
    return http.uri(node, path);
  }

  static JsonNode parse(String body) {
    return NodeHttp.parse(body);
  }

  private static String toJson(Object o) {
    return NodeHttp.toJson(o);
  }
}
