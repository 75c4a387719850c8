package io.plantmesh.kafka.summary.internal;

import io.plantmesh.core.TagPath;
import io.plantmesh.kafka.summary.Summary;
import io.plantmesh.kafka.summary.Summary.Kind;
import io.plantmesh.kafka.summary.Summary.NumericStats;
import io.plantmesh.kafka.summary.Summary.QualityCounts;
import io.plantmesh.kafka.summary.Summary.Sample;
import io.plantmesh.kafka.summary.Summary.StateStats;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/** Turns a closed window's accumulator into a {@link Summary}. */
final class Summaries {
  private Summaries() {}

  static Summary of(TagPath tag, WindowAcc a, long window, long from, long to) {
    long end = a.start + window;
    boolean partial = from > a.start || to < end;
    Instant ws = Micros.instant(a.start);
    Instant we = Micros.instant(end);
    Instant cf = Micros.instant(from);
    Instant ct = Micros.instant(to);
    Kind kind = a.kind == -1 ? Kind.NONE : ValueKinds.kind(a.kind);
    Sample initial =
        a.initialValue == null
            ? null
            : new Sample(Micros.instant(a.initialTime), a.initialValue, a.initialQuality);
    Sample first =
        a.count == 0 ? null : new Sample(Micros.instant(a.firstTime), a.firstValue, a.firstQuality);
    Sample last =
        a.count == 0 ? null : new Sample(Micros.instant(a.lastTime), a.lastValue, a.lastQuality);
    return new Summary(
        Summary.idOf(tag, ws, we, partial, cf, ct),
        tag,
        ws,
        we,
        partial,
        cf,
        ct,
        kind,
        a.count,
        new QualityCounts(a.good, a.uncertain, a.bad),
        a.outOfOrder,
        a.excluded,
        initial,
        first,
        last,
        kind == Kind.NUMERIC ? numeric(a.numeric) : null,
        kind == Kind.BOOLEAN || kind == Kind.STRING
            ? states(a.states, kind == Kind.BOOLEAN)
            : null);
  }

  private static NumericStats numeric(NumericAcc n) {
    boolean any = n.samples > 0;
    return new NumericStats(
        n.samples,
        any ? n.min : null,
        any ? Micros.instant(n.minTime) : null,
        any ? n.max : null,
        any ? Micros.instant(n.maxTime) : null,
        any ? n.mean : null,
        any ? Math.sqrt(Math.max(0, n.m2) / n.samples) : null,
        n.held > 0 ? n.weightedSum / n.held : null,
        Micros.duration(n.held));
  }

  private static StateStats states(StateAcc s, boolean bool) {
    Map<String, Duration> time = new HashMap<>();
    if (bool) {
      time.put("true", Micros.duration(s.trueMicros));
      time.put("false", Micros.duration(s.falseMicros));
    } else if (s.texts != null) {
      s.texts.forEach((k, v) -> time.put(k, Micros.duration(v[0])));
    }
    return new StateStats(s.changes, time, Micros.duration(s.otherMicros), Micros.duration(s.held));
  }
}
