package io.plantmesh.kafka.forward;

import io.plantmesh.kafka.decision.AlarmStep;
import io.plantmesh.kafka.decision.DecisionJson;
import io.plantmesh.kafka.decision.RuleEvent;
import io.plantmesh.kafka.summary.Summary;
import io.plantmesh.kafka.summary.SummaryJson;
import io.plantmesh.outbox.OutboxRecord;
import io.plantmesh.outbox.Priority;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The Outbox records of what a node sends upstream, in the form the MES contract describes. */
public final class UpstreamRecords {
  private UpstreamRecords() {}

  /**
   * A summary: key = the tag path (each tag in order on one partition), id = the summary's stable
   * id, body = its JSON (schema {@link SummaryJson#SCHEMA_ID}).
   */
  public static OutboxRecord summary(Summary s, String node) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put(Headers.KIND, "summary");
    headers.put(Headers.SCHEMA, SummaryJson.SCHEMA_ID);
    headers.put(Headers.NODE, node);
    return new OutboxRecord(
        Priority.SUMMARY, s.tag().toString(), s.id(), headers, SummaryJson.toBytes(s));
  }

  /** {@link #summary} of each. */
  public static List<OutboxRecord> summaries(List<Summary> list, String node) {
    List<OutboxRecord> out = new ArrayList<>(list.size());
    for (Summary s : list) {
      out.add(summary(s, node));
    }
    return out;
  }

  /**
   * An alarm's step: priority ALARM, key = the rule (each rule's alarm steps in order on one
   * partition), id = {@code <alarm id>#<seq>} (the same each time the step is sent), body = its
   * JSON (schema {@link DecisionJson#ALARM_SCHEMA_ID}).
   */
  public static OutboxRecord alarm(AlarmStep step) {
    return new OutboxRecord(
        Priority.ALARM,
        step.rule(),
        step.id(),
        headers("alarm", DecisionJson.ALARM_SCHEMA_ID, step.node()),
        DecisionJson.toBytes(step));
  }

  /**
   * A rule's event: priority EVENT, key = the rule, id = the event id, body = its JSON (schema
   * {@link DecisionJson#EVENT_SCHEMA_ID}).
   */
  public static OutboxRecord event(RuleEvent event) {
    return new OutboxRecord(
        Priority.EVENT,
        event.rule(),
        event.id(),
        headers("event", DecisionJson.EVENT_SCHEMA_ID, event.node()),
        DecisionJson.toBytes(event));
  }

  private static Map<String, String> headers(String kind, String schema, String node) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put(Headers.KIND, kind);
    headers.put(Headers.SCHEMA, schema);
    headers.put(Headers.NODE, node);
    return headers;
  }
}
