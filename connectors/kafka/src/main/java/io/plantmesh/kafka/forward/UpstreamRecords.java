package io.plantmesh.kafka.forward;

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
}
