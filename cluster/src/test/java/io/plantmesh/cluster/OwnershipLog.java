package io.plantmesh.cluster;

import static org.junit.jupiter.api.Assertions.fail;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Every acquire and release of every member, with wall-clock times (the same clock for members in
 * this JVM and in child processes on this machine), and what each member collects now.
 */
final class OwnershipLog {
  enum Kind {
    ACQUIRED,
    RELEASED,
    /** The member died (kill -9): whatever it collected stops at this instant. */
    DIED
  }

  record Event(Instant at, String member, Kind kind, String source, long epoch) {}

  final List<Event> events = new CopyOnWriteArrayList<>();

  /** member → source → epoch, of what each member collects now. */
  final Map<String, Map<String, Long>> collecting = new ConcurrentHashMap<>();

  /** A listener that records the member's changes. */
  OwnershipListener listener(String member) {
    Map<String, Long> mine = collecting.computeIfAbsent(member, k -> new ConcurrentHashMap<>());
    return new OwnershipListener() {
      @Override
      public void onAcquired(String sourceId, long epoch) {
        mine.put(sourceId, epoch);
        events.add(new Event(Instant.now(), member, Kind.ACQUIRED, sourceId, epoch));
      }

      @Override
      public void onReleased(String sourceId, long epoch) {
        // Recorded when the source has stopped: the end of the callback.
        mine.remove(sourceId);
        events.add(new Event(Instant.now(), member, Kind.RELEASED, sourceId, epoch));
      }
    };
  }

  void add(Event e) {
    events.add(e);
    Map<String, Long> mine = collecting.computeIfAbsent(e.member(), k -> new ConcurrentHashMap<>());
    switch (e.kind()) {
      case ACQUIRED -> mine.put(e.source(), e.epoch());
      case RELEASED -> mine.remove(e.source());
      case DIED -> mine.clear();
    }
  }

  void died(String member) {
    add(new Event(Instant.now(), member, Kind.DIED, "", 0));
  }

  /** Source → the member collecting it now; fails when two collect one. */
  Map<String, String> owners() {
    Map<String, String> out = new HashMap<>();
    collecting.forEach(
        (member, sources) ->
            sources
                .keySet()
                .forEach(
                    s -> {
                      String other = out.put(s, member);
                      if (other != null) {
                        fail(s + " is collected by both " + other + " and " + member);
                      }
                    }));
    return out;
  }

  List<Event> of(String source) {
    return events.stream().filter(e -> e.source().equals(source)).toList();
  }

  /**
   * Replays the log in time order and fails at the first instant two members collect one source, or
   * when an epoch does not grow.
   */
  void assertNeverTwoActiveOwners() {
    List<Event> sorted = new ArrayList<>(events);
    // At the same instant a release or a death comes first: it happened no later.
    sorted.sort(
        Comparator.comparing(Event::at).thenComparing(e -> e.kind() == Kind.ACQUIRED ? 1 : 0));
    Map<String, String> active = new HashMap<>();
    Map<String, Long> epochs = new HashMap<>();
    for (Event e : sorted) {
      switch (e.kind()) {
        case ACQUIRED -> {
          String other = active.putIfAbsent(e.source(), e.member());
          if (other != null) {
            fail(
                e.member()
                    + " acquired "
                    + e.source()
                    + " at "
                    + e.at()
                    + " while "
                    + other
                    + " still collected it; log: "
                    + of(e.source()));
          }
          Long last = epochs.put(e.source(), e.epoch());
          if (last != null && e.epoch() <= last) {
            fail(
                e.source()
                    + ": epoch "
                    + e.epoch()
                    + " after "
                    + last
                    + "; log: "
                    + of(e.source()));
          }
        }
        case RELEASED -> active.remove(e.source(), e.member());
        case DIED -> active.values().removeIf(m -> m.equals(e.member()));
      }
    }
  }
}
