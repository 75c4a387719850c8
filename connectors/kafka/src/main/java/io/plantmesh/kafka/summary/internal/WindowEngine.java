package io.plantmesh.kafka.summary.internal;

import io.plantmesh.core.Quality;
import io.plantmesh.core.Reading;
import io.plantmesh.core.TagPath;
import io.plantmesh.core.Value;
import io.plantmesh.kafka.summary.Summary;
import io.plantmesh.kafka.summary.SummaryConfig;
import io.plantmesh.kafka.summary.SummaryMetrics;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;

/**
 * The windowing itself, single-threaded (the public {@code SummaryAggregator} serialises calls).
 * Times are microseconds since the epoch ({@link Micros}).
 *
 * <p>Readings taken in time order drive the sample-and-hold (time-weighted mean, time in state,
 * changes); a reading older than the tag's latest is out of order and only counted and sampled.
 * Windows close when the clock passes their end plus the allowed lateness.
 */
public final class WindowEngine {
  /**
   * A forward step of the clock larger than this is a gap, not time that passed while observing
   * (NTP setting a gateway's clock at boot, a suspended VM): emitting every silent window in
   * between would flood the outbox, so the aggregator flushes and restarts instead.
   */
  public static final long CLOCK_JUMP = 3_600_000_000L;

  /** When the current coverage began: the acquisition, or the end of the last clock jump. */
  private long start;

  private final long lateness;
  private final long skew;

  /** Longest prefix first; the default group (no prefix) last. */
  private final GroupState[] groups;

  private final HashMap<TagPath, TagState> tags = new HashMap<>(1024);
  private long now;
  private long futureLimit;
  private boolean stopped;

  private long accepted;
  private long beforeStart;
  private long late;
  private long future;
  private long unsupported;
  private long discardedAtStop;
  private long clockJumps;
  private long summaries;
  private long partials;
  private long openWindows;

  public WindowEngine(SummaryConfig config, Instant start) {
    this.start = Micros.of(start);
    this.lateness = Micros.of(config.allowedLateness());
    this.skew = Micros.of(config.maxClockSkew());
    List<GroupState> gs = new ArrayList<>();
    for (SummaryConfig.Group g : config.groups()) {
      long w = Micros.of(g.window());
      gs.add(new GroupState(g.prefix(), w, Micros.windowStart(this.start, w)));
    }
    gs.sort(Comparator.comparingInt((GroupState g) -> g.depth).reversed());
    long dw = Micros.of(config.defaultWindow());
    gs.add(new GroupState(null, dw, Micros.windowStart(this.start, dw)));
    this.groups = gs.toArray(new GroupState[0]);
    this.now = this.start;
    this.futureLimit = Micros.add(this.start, skew);
  }

  public boolean isStopped() {
    return stopped;
  }

  public void accept(List<Reading> batch) {
    if (stopped) {
      throw new IllegalStateException("the aggregator is stopped; start a new one on acquisition");
    }
    for (int i = 0, n = batch.size(); i < n; i++) {
      accept(batch.get(i));
    }
  }

  private void accept(Reading r) {
    int k = ValueKinds.of(r.value());
    if (k == ValueKinds.UNSUPPORTED) {
      unsupported++;
      return;
    }
    long t = Micros.of(r.effectiveTime());
    TagState ts = tags.get(r.path());
    if (ts == null) {
      ts = newTag(r.path());
    }
    if (t < start) {
      seed(ts, r, k, t);
    } else if (t < ts.group.closedUntil) {
      late++;
    } else if (t > futureLimit) {
      future++;
    } else {
      accepted++;
      if (t >= ts.lastTime) {
        inOrder(ts, r, k, t);
      } else {
        outOfOrder(ts, r, k, t);
      }
    }
  }

  private TagState newTag(TagPath path) {
    GroupState g = groups[groups.length - 1];
    for (GroupState c : groups) {
      if (c.prefix != null && path.startsWith(c.prefix)) {
        g = c;
        break;
      }
    }
    TagState ts = new TagState(path, g, Math.max(start, g.closedUntil));
    tags.put(path, ts);
    g.tags.add(ts);
    return ts;
  }

  /** A reading from before the start: not counted, but the latest seeds the held value. */
  private void seed(TagState ts, Reading r, int k, long t) {
    beforeStart++;
    if (t < ts.lastTime) {
      return;
    }
    ts.lastTime = t;
    Value v = r.value();
    if (k == ValueKinds.NULL || r.quality().isBad()) {
      ts.release();
    } else if (k == ValueKinds.NUMERIC) {
      double d = ValueKinds.number(v);
      if (Double.isFinite(d)) {
        ts.hold(k, v, r.quality(), t);
      } else {
        ts.release();
      }
    } else {
      ts.lastState = ValueKinds.state(v);
      ts.hold(k, v, r.quality(), t);
    }
  }

  private void inOrder(TagState ts, Reading r, int k, long t) {
    advanceHold(ts, t);
    WindowAcc a = windowFor(ts, Micros.windowStart(t, ts.group.window), true);
    Value v = r.value();
    Quality q = r.quality();
    a.count(t, v, q);
    ts.lastTime = t;
    boolean bad = q.isBad();
    if (k == ValueKinds.NULL) {
      if (!bad) {
        a.excluded++;
      }
      ts.release();
      return;
    }
    boolean sameKind = a.accepts(k);
    if (bad) {
      // A BAD reading holds no value, whatever it carries: the time until the next usable one
      // counts in no statistic.
      ts.release();
      return;
    }
    if (!sameKind) {
      a.excluded++;
      ts.release();
      ts.lastState = null;
      return;
    }
    if (k == ValueKinds.NUMERIC) {
      double d = ValueKinds.number(v);
      if (!Double.isFinite(d)) {
        a.excluded++;
        ts.release();
        return;
      }
      a.numeric.sample(d, t);
    } else {
      Object s = ValueKinds.state(v);
      if (ts.lastState != null && !ts.lastState.equals(s)) {
        a.states.changes++;
      }
      ts.lastState = s;
    }
    ts.hold(k, v, q, t);
  }

  private void outOfOrder(TagState ts, Reading r, int k, long t) {
    WindowAcc a = windowFor(ts, Micros.windowStart(t, ts.group.window), false);
    Value v = r.value();
    Quality q = r.quality();
    a.count(t, v, q);
    a.outOfOrder++;
    if (k == ValueKinds.NULL) {
      if (!q.isBad()) {
        a.excluded++;
      }
      return;
    }
    boolean sameKind = a.accepts(k);
    if (q.isBad()) {
      return;
    }
    if (!sameKind) {
      a.excluded++;
      return;
    }
    if (k == ValueKinds.NUMERIC) {
      double d = ValueKinds.number(v);
      if (Double.isFinite(d)) {
        a.numeric.sample(d, t);
      } else {
        a.excluded++;
      }
    }
  }

  /** Adds the held value to the windows from the frontier up to {@code to}, opening silent ones. */
  private void advanceHold(TagState ts, long to) {
    long f = ts.frontier;
    if (f >= to) {
      return;
    }
    if (ts.hasHeld) {
      long w = ts.group.window;
      while (f < to) {
        long ws = Micros.windowStart(f, w);
        long end = Math.min(ws + w, to);
        WindowAcc a = windowFor(ts, ws, true);
        if (a.accepts(ts.heldKind)) {
          if (ts.heldKind == ValueKinds.NUMERIC) {
            a.numeric.hold(ts.heldNumber, end - f);
          } else {
            a.states.hold(ts.heldState, end - f);
          }
        }
        f = end;
      }
    }
    ts.frontier = to;
  }

  /**
   * The tag's window starting at {@code ws}, opened if needed. Windows opened in time order take
   * the held value as the one carried in; one opened behind the frontier had none (else the hold
   * would have opened it).
   */
  private WindowAcc windowFor(TagState ts, long ws, boolean inOrder) {
    WindowAcc tail = ts.tail;
    if (tail != null && tail.start == ws) {
      return tail;
    }
    if (tail == null || tail.start < ws) {
      WindowAcc a = open(ts, ws, inOrder);
      if (tail == null) {
        ts.head = a;
      } else {
        tail.next = a;
      }
      ts.tail = a;
      return a;
    }
    WindowAcc prev = null;
    WindowAcc cur = ts.head;
    while (cur.start < ws) {
      prev = cur;
      cur = cur.next;
    }
    if (cur.start == ws) {
      return cur;
    }
    WindowAcc a = open(ts, ws, false);
    a.next = cur;
    if (prev == null) {
      ts.head = a;
    } else {
      prev.next = a;
    }
    return a;
  }

  private WindowAcc open(TagState ts, long ws, boolean withHold) {
    openWindows++;
    WindowAcc a = new WindowAcc(ws);
    if (withHold && ts.hasHeld) {
      a.initialTime = ts.heldTime;
      a.initialValue = ts.heldValue;
      a.initialQuality = ts.heldQuality;
      a.accepts(ts.heldKind);
    }
    return a;
  }

  /**
   * Moves the clock to {@code at}; returns the windows closed by it, oldest first per tag. A step
   * of more than {@link #CLOCK_JUMP} flushes everything up to the old clock (as a stop would) and
   * restarts coverage at {@code at}: the next windows are partial.
   */
  public List<Summary> advanceTo(Instant at) {
    long n = Micros.of(at);
    if (stopped || n <= now) {
      return List.of();
    }
    if (n - now > CLOCK_JUMP) {
      clockJumps++;
      List<Summary> out = new ArrayList<>();
      flush(now, out);
      restart(n);
      return out;
    }
    now = n;
    futureLimit = Micros.add(n, skew);
    List<Summary> out = new ArrayList<>();
    for (GroupState g : groups) {
      long b = Micros.windowStart(Micros.add(n, -lateness), g.window);
      if (b <= g.closedUntil) {
        continue;
      }
      for (int i = 0, size = g.tags.size(); i < size; i++) {
        close(g.tags.get(i), b, out);
      }
      g.closedUntil = b;
    }
    return out;
  }

  private void restart(long at) {
    start = at;
    now = at;
    futureLimit = Micros.add(at, skew);
    for (GroupState g : groups) {
      g.closedUntil = Micros.windowStart(at, g.window);
      for (TagState ts : g.tags) {
        ts.frontier = at; // the held value carries on from here
      }
    }
  }

  private void close(TagState ts, long b, List<Summary> out) {
    advanceHold(ts, b);
    long w = ts.group.window;
    WindowAcc a = ts.head;
    while (a != null && a.start + w <= b) {
      emit(ts, a, a.start + w, out);
      a = a.next;
    }
    ts.head = a;
    if (a == null) {
      ts.tail = null;
    }
  }

  /**
   * Emits every open window up to {@code at} (release of the tags: the last window is partial) and
   * stops. Idempotent.
   */
  public List<Summary> stop(Instant at) {
    if (stopped) {
      return List.of();
    }
    stopped = true;
    List<Summary> out = new ArrayList<>();
    flush(Micros.of(at), out);
    return out;
  }

  /** Emits every open window that began before {@code at}, covered up to {@code at}. */
  private void flush(long at, List<Summary> out) {
    for (GroupState g : groups) {
      long a = Math.max(at, Math.max(g.closedUntil, start));
      for (TagState ts : g.tags) {
        advanceHold(ts, a);
        for (WindowAcc x = ts.head; x != null; x = x.next) {
          if (x.start < a) {
            emit(ts, x, Math.min(x.start + g.window, a), out);
          } else {
            discardedAtStop += x.count;
            accepted -= x.count;
            openWindows--;
          }
        }
        ts.head = null;
        ts.tail = null;
      }
    }
  }

  private void emit(TagState ts, WindowAcc a, long to, List<Summary> out) {
    Summary s = Summaries.of(ts.path, a, ts.group.window, Math.max(a.start, start), to);
    out.add(s);
    summaries++;
    if (s.partial()) {
      partials++;
    }
    openWindows--;
  }

  public SummaryMetrics metrics() {
    return new SummaryMetrics(
        accepted,
        beforeStart,
        late,
        future,
        unsupported,
        discardedAtStop,
        clockJumps,
        summaries,
        partials,
        tags.size(),
        openWindows);
  }
}
