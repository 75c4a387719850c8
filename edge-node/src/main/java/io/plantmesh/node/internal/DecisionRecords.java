package io.plantmesh.node.internal;

import io.plantmesh.cluster.decisions.AlarmListener;
import io.plantmesh.cluster.decisions.EventSink;
import io.plantmesh.cluster.rules.ActionRequest;
import io.plantmesh.cluster.rules.Alarm;
import io.plantmesh.cluster.rules.AlarmTransition;
import io.plantmesh.kafka.decision.AlarmStep;
import io.plantmesh.kafka.decision.RuleEvent;
import io.plantmesh.kafka.forward.UpstreamRecords;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the rules' alarm steps and events go: with upstream on, into the Outbox (alarm steps at
 * ALARM priority, events at EVENT), as the MES contract's records ({@link UpstreamRecords#alarm},
 * {@link UpstreamRecords#event}); with upstream off they are counted and logged only (the alarm
 * store itself keeps the alarms, readable over REST). Steps are told by this node's alarm store
 * (each step once in the mesh: by the node that made it), events by the rules this node evaluates.
 */
public final class DecisionRecords implements AlarmListener, EventSink {
  private static final Logger LOG = LoggerFactory.getLogger(DecisionRecords.class);

  private final String node;
  private final DecisionAppender appender;
  private final AtomicLong alarmSteps = new AtomicLong();
  private final AtomicLong events = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();

  /**
   * @param upstream the node's upstream; null when it is off
   */
  public DecisionRecords(String node, Upstream upstream) {
    this.node = node;
    this.appender = upstream == null ? null : upstream.decisions();
  }

  @Override
  public void onStep(Alarm alarm, AlarmTransition step) {
    alarmSteps.incrementAndGet();
    if (appender == null) {
      return; // the alarm store logs every step at INFO
    }
    try {
      appender.append(UpstreamRecords.alarm(stepOf(alarm, node)));
    } catch (RuntimeException e) {
      failed.incrementAndGet();
      LOG.error(
          "Alarm {} of rule '{}': its {} step is not sent upstream",
          alarm.id(),
          alarm.rule(),
          step.action(),
          e);
    }
  }

  @Override
  public void emit(ActionRequest.Event e) {
    events.incrementAndGet();
    if (appender == null) {
      LOG.info(
          "Event '{}' of rule '{}': {} (upstream off: not sent)", e.name(), e.rule(), e.message());
      return;
    }
    try {
      appender.append(
          UpstreamRecords.event(
              new RuleEvent(e.eventId(), e.rule(), e.name(), e.message(), e.at(), node)));
    } catch (RuntimeException ex) {
      failed.incrementAndGet();
      LOG.error("Event {} of rule '{}' is not sent upstream", e.eventId(), e.rule(), ex);
    }
  }

  /** The alarm's last step, as the MES receives it. */
  static AlarmStep stepOf(Alarm a, String node) {
    int seq = a.history().size() - 1;
    AlarmTransition t = a.history().get(seq);
    return new AlarmStep(
        a.id(),
        seq,
        a.rule(),
        a.severity().name(),
        a.severity().opcUaSeverity(),
        a.message(),
        a.state().name(),
        a.acknowledged(),
        t.action().name(),
        t.by(),
        t.reason(),
        t.at(),
        a.raisedAt(),
        node);
  }

  /** Whether the steps and events go upstream. */
  public boolean upstream() {
    return appender != null;
  }

  /** Alarm steps made through this node's alarm store. */
  public long alarmSteps() {
    return alarmSteps.get();
  }

  /** Events the rules evaluated here emitted. */
  public long events() {
    return events.get();
  }

  /** Alarm steps in the Outbox (0 with upstream off). */
  public long alarmStepsAppended() {
    return appender == null ? 0 : appender.alarmsAppended();
  }

  /** Events in the Outbox (0 with upstream off). */
  public long eventsAppended() {
    return appender == null ? 0 : appender.eventsAppended();
  }

  /** Steps and events that will not reach the Outbox (dropped, or could not be encoded). */
  public long lost() {
    return failed.get() + (appender == null ? 0 : appender.lost());
  }

  /** Steps and events waiting in memory for the Outbox. */
  public int pending() {
    return appender == null ? 0 : appender.pending();
  }
}
