package io.plantmesh.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/**
 * The nodes' REST API over loopback, by node name: JSON over HTTP as an operator's tool calls it.
 */
public final class NodeHttp {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final Map<String, Integer> httpPorts;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  /** {@code httpPorts} is read on each call: ports may be added after construction. */
  public NodeHttp(Map<String, Integer> httpPorts) {
    this.httpPorts = httpPorts;
  }

  public URI uri(String node, String path) {
    return URI.create("http://127.0.0.1:" + httpPorts.get(node) + path);
  }

  /** GET, expecting 200. */
  public JsonNode get(String node, String path) {
    HttpResponse<String> r = send(node, HttpRequest.newBuilder(uri(node, path)).GET());
    if (r.statusCode() != 200) {
      throw new IllegalStateException(
          "GET " + path + " on " + node + ": " + r.statusCode() + " " + r.body());
    }
    return parse(r.body());
  }

  /**
   * Sends with a 20 s time-out; a node that does not answer is an {@link IllegalStateException}.
   */
  public HttpResponse<String> send(String node, HttpRequest.Builder b) {
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

  public static JsonNode parse(String body) {
    try {
      return JSON.readTree(body);
    } catch (IOException e) {
      throw new IllegalStateException("not JSON: " + body, e);
    }
  }

  public static String toJson(Object o) {
    try {
      return JSON.writeValueAsString(o);
    } catch (IOException e) {
      throw new IllegalArgumentException(e);
    }
  }
}
