package io.plantmesh.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the decision benchmark reads from the mesh nodes over HTTP, outside the loop it measures:
 * who evaluates the echo rule ({@code GET /api/rules}), who owns the simulator's source ({@code GET
 * /api/sources}), and from the evaluator's {@code /q/metrics} the writes it routed and the delay of
 * readings from the source's owner.
 */
final class DecisionProbe {
  static final String WRITES_AUDITED = "plantmesh_writes_audited_total";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final List<String> names;
  private final int[] httpPorts;
  private final HttpClient http = HttpClient.newHttpClient();

  DecisionProbe(List<String> names, int[] httpPorts) {
    this.names = List.copyOf(names);
    this.httpPorts = httpPorts.clone();
  }

  /**
   * Where the echo rule and the source are, as each node reports them.
   *
   * @param evaluators per node, the evaluator {@code /api/rules} names for {@code rule}
   * @param evaluatedHere per node, whether it says it evaluates the rule itself
   * @param states per node, the rule's state where evaluated (else null)
   * @param owners per node, the owner {@code /api/sources} names for source {@code sim}
   */
  record Placement(
      List<String> names,
      List<String> evaluators,
      List<Boolean> evaluatedHere,
      List<String> states,
      List<String> owners) {

    /** Every node agrees that {@code evaluator} alone evaluates the rule and {@code owner} owns. */
    boolean is(String evaluator, String owner) {
      for (int i = 0; i < names.size(); i++) {
        boolean self = names.get(i).equals(evaluator);
        if (!evaluator.equals(evaluators.get(i))
            || evaluatedHere.get(i) != self
            || (self && states.get(i) == null)
            || !owner.equals(owners.get(i))) {
          return false;
        }
      }
      return true;
    }

    String describe() {
      StringBuilder sb = new StringBuilder();
      for (int i = 0; i < names.size(); i++) {
        sb.append(i == 0 ? "" : "; ")
            .append(names.get(i))
            .append(": rule evaluated by ")
            .append(evaluators.get(i))
            .append(evaluatedHere.get(i) ? " (here, " + states.get(i) + ")" : "")
            .append(", sim owned by ")
            .append(owners.get(i));
      }
      return sb.toString();
    }
  }

  Placement placement(String rule) throws IOException, InterruptedException {
    List<String> evaluators = new ArrayList<>();
    List<Boolean> here = new ArrayList<>();
    List<String> states = new ArrayList<>();
    List<String> owners = new ArrayList<>();
    for (int i = 0; i < names.size(); i++) {
      JsonNode r = find(JSON.readTree(get(i, "/api/rules")), "name", rule);
      evaluators.add(r == null ? null : r.path("evaluator").asText(null));
      here.add(r != null && r.path("evaluatedHere").asBoolean(false));
      states.add(r == null ? null : r.path("state").asText(null));
      JsonNode s = find(JSON.readTree(get(i, "/api/sources")), "id", "sim");
      owners.add(s == null ? null : s.path("owner").asText(null));
    }
    return new Placement(names, evaluators, here, states, owners);
  }

  private static JsonNode find(JsonNode array, String field, String value) {
    for (JsonNode n : array) {
      if (value.equals(n.path(field).asText())) {
        return n;
      }
    }
    return null;
  }

  /** Node {@code i}'s audited write attempts so far, by result (summed over origins). */
  Map<String, Long> writes(int i) throws IOException, InterruptedException {
    Map<String, Long> out = new TreeMap<>();
    Matcher m =
        Pattern.compile("(?m)^" + WRITES_AUDITED + "\\{([^}]*)\\} ([0-9.eE+-]+)$")
            .matcher(metrics(i));
    Pattern result = Pattern.compile("result=\"([^\"]*)\"");
    while (m.find()) {
      Matcher r = result.matcher(m.group(1));
      String key = r.find() ? r.group(1) : "?";
      out.merge(key, (long) Double.parseDouble(m.group(2)), Long::sum);
    }
    return out;
  }

  /** Counts of {@code later} minus {@code earlier}, per key; keys that did not change left out. */
  static Map<String, Long> minus(Map<String, Long> later, Map<String, Long> earlier) {
    Map<String, Long> out = new TreeMap<>();
    later.forEach(
        (k, v) -> {
          long d = v - earlier.getOrDefault(k, 0L);
          if (d != 0) {
            out.put(k, d);
          }
        });
    return out;
  }

  String metrics(int i) throws IOException, InterruptedException {
    return get(i, "/q/metrics");
  }

  private String get(int i, String path) throws IOException, InterruptedException {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPorts[i] + path))
                .timeout(Duration.ofSeconds(10))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      throw new IOException(
          "GET " + path + " on " + names.get(i) + ": HTTP " + r.statusCode() + " " + r.body());
    }
    return r.body();
  }
}
