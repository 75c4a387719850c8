package io.plantmesh.cluster.rules;

import io.plantmesh.core.Quality;
import io.plantmesh.core.Reading;
import io.plantmesh.core.TagPath;
import io.plantmesh.core.Value;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A controllable clock, a scheduler that records, a listener that records, readings. */
final class RulesFixture {
  static final TagPath TEMP = TagPath.of("plant/l1/oven/temp");
  static final TagPath DOOR = TagPath.of("plant/l1/oven/door");
  static final TagPath MODE = TagPath.of("plant/l1/oven/mode");
  static final TagPath FAN = TagPath.of("plant/l1/oven/fan");
  static final TagPath COUNT = TagPath.of("plant/l1/oven/count");

  static final Quality UNCERTAIN = Quality.of(0x40000000L, "Uncertain");
  static final Quality BAD = Quality.of(0x80310000L, "Bad_NoCommunication");

  static final TagCatalog CATALOG =
      TagCatalog.of(
          Map.of(
              TEMP, Value.Type.DOUBLE,
              DOOR, Value.Type.BOOLEAN,
              MODE, Value.Type.STRING,
              FAN, Value.Type.FLOAT,
              COUNT, Value.Type.INT32));

  /** A clock that moves only when told. */
  static final class ManualClock extends Clock {
    private Instant now = Instant.parse("2026-11-25T08:00:00Z");

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }

    void set(Instant t) {
      now = t;
    }
  }

  final ManualClock clock = new ManualClock();
  final List<Instant> wakeRequests = new ArrayList<>();
  private Instant pendingWake;
  final List<ActionRequest> actions = new ArrayList<>();
  final List<RuleTransition> transitions = new ArrayList<>();
  private long sequence;
  RuleEngine engine;

  RuleEngine start(RuleSpec... rules) throws RuleSetException {
    return start(CATALOG, rules);
  }

  RuleEngine start(TagCatalog catalog, RuleSpec... rules) throws RuleSetException {
    return start(catalog, RuleEngine.Options.STANDALONE, rules);
  }

  /** An engine as a mesh member runs it: rules idle until started, interlocks left to the owner. */
  RuleEngine startMesh(RuleSpec... rules) throws RuleSetException {
    return start(CATALOG, RuleEngine.Options.MESH, rules);
  }

  private RuleEngine start(TagCatalog catalog, RuleEngine.Options options, RuleSpec... rules)
      throws RuleSetException {
    CompiledRuleSet set = new RuleCompiler(catalog, UnknownTagPolicy.WARN).compile(List.of(rules));
    Scheduler scheduler =
        at -> {
          wakeRequests.add(at);
          pendingWake = at;
        };
    ActionListener listener =
        new ActionListener() {
          @Override
          public void onAction(ActionRequest request) {
            actions.add(request);
          }

          @Override
          public void onTransition(RuleTransition t) {
            transitions.add(t);
          }
        };
    engine = new RuleEngine(set, clock, scheduler, listener, options);
    return engine;
  }

  /**
   * Moves the clock by {@code d} and, as a punctual host scheduler would, wakes the engine at each
   * instant it asked for on the way.
   */
  void advance(Duration d) {
    Instant target = clock.instant().plus(d);
    while (pendingWake != null && !pendingWake.isAfter(target)) {
      if (pendingWake.isAfter(clock.instant())) {
        clock.set(pendingWake);
      }
      pendingWake = null;
      engine.onTimer();
    }
    clock.set(target);
  }

  Reading reading(TagPath p, Value v, Quality q, Instant sourceTime) {
    return new Reading(p, v, q, sourceTime, null, clock.instant(), "n1", ++sequence);
  }

  void feed(TagPath p, double v) {
    engine.onChanges(List.of(reading(p, Value.of(v), Quality.GOOD, clock.instant())));
  }

  void feed(TagPath p, Value v, Quality q) {
    engine.onChanges(List.of(reading(p, v, q, clock.instant())));
  }

  RuleStatus status(String rule) {
    return engine.status(rule).orElseThrow();
  }

  <T extends ActionRequest> List<T> actions(Class<T> type) {
    return actions.stream().filter(type::isInstance).map(type::cast).toList();
  }
}
