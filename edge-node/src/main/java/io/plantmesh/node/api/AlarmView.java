package io.plantmesh.node.api;

import io.plantmesh.cluster.rules.Alarm;
import io.plantmesh.cluster.rules.AlarmTransition;
import java.util.ArrayList;
import java.util.List;

/**
 * An alarm as {@code GET /api/alarms} shows it, with every step of its history.
 *
 * @param severity LOW, MEDIUM, HIGH or CRITICAL (ISA-18.2)
 * @param opcUaSeverity the OPC UA Alarms and Conditions severity (250, 500, 750, 1000)
 * @param state ACTIVE, ACKNOWLEDGED or CLEARED
 * @param acknowledged whether someone acknowledged it (also after it cleared)
 */
public record AlarmView(
    String id,
    String rule,
    String severity,
    int opcUaSeverity,
    String message,
    String state,
    boolean acknowledged,
    String raisedAt,
    String updatedAt,
    List<Step> history) {

  /** One step: RAISE, ACKNOWLEDGE or CLEAR, who took it, when and why. */
  public record Step(int seq, String action, String state, String at, String by, String reason) {}

  static AlarmView of(Alarm a) {
    List<Step> steps = new ArrayList<>(a.history().size());
    for (int i = 0; i < a.history().size(); i++) {
      AlarmTransition t = a.history().get(i);
      steps.add(
          new Step(i, t.action().name(), t.state().name(), t.at().toString(), t.by(), t.reason()));
    }
    return new AlarmView(
        a.id().toString(),
        a.rule(),
        a.severity().name(),
        a.severity().opcUaSeverity(),
        a.message(),
        a.state().name(),
        a.acknowledged(),
        a.raisedAt().toString(),
        a.updatedAt().toString(),
        steps);
  }
}
