package io.plantmesh.cluster.rules.internal;

import dev.cel.common.types.CelKind;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelVariableResolver;
import io.plantmesh.cluster.rules.Outcome;
import io.plantmesh.cluster.rules.UncertainPolicy;
import io.plantmesh.core.Quality;
import io.plantmesh.core.Reading;
import io.plantmesh.core.TagPath;
import io.plantmesh.core.Value;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A checked, planned CEL expression with its inputs. Immutable and thread-safe (CEL programs are).
 *
 * <p>Semantics of the inputs (ADR 0009):
 *
 * <ul>
 *   <li>{@code tag(p)} is unknown when p has no reading yet, is BAD, has no value, is stale (older
 *       than the rule's stale-after) or is UNCERTAIN and the rule says so; otherwise its value as
 *       double (numeric tags), bool or string. A value of another type than the catalogue said is
 *       an error.
 *   <li>{@code quality(p)} is GOOD (0), UNCERTAIN (1) or BAD (2); a tag without any reading is BAD,
 *       as OPC UA's Bad_WaitingForInitialData.
 *   <li>{@code age(p)} is now minus the value's time (source, else server, else received), never
 *       negative; unknown when there is no reading.
 * </ul>
 */
public final class CompiledExpression {
  static final long GOOD = 0L;
  static final long UNCERTAIN = 1L;
  static final long BAD = 2L;

  private final String source;
  private final CelRuntime.Program program;
  private final Map<String, InputSlot> slots;
  private final EvalSettings settings;
  private final CelKind resultKind;

  CompiledExpression(
      String source,
      CelRuntime.Program program,
      List<InputSlot> slots,
      EvalSettings settings,
      CelKind resultKind) {
    this.source = source;
    this.program = program;
    this.settings = settings;
    this.resultKind = resultKind;
    Map<String, InputSlot> m = new HashMap<>();
    for (InputSlot s : slots) {
      m.put(s.variable(), s);
    }
    this.slots = Map.copyOf(m);
  }

  public String source() {
    return source;
  }

  /** The CEL kind of the result as the checker found it (DYN when it depends on unknown tags). */
  public CelKind resultKind() {
    return resultKind;
  }

  /** Every tag the expression reads, in any way. */
  public Set<TagPath> inputs() {
    Set<TagPath> out = new LinkedHashSet<>();
    slots.values().forEach(s -> out.add(s.path()));
    return out;
  }

  /** The tags read through {@code tag()}: those that can be stale. */
  public Set<TagPath> valueInputs() {
    Set<TagPath> out = new LinkedHashSet<>();
    slots.values().stream()
        .filter(s -> s.kind() == InputKind.VALUE)
        .forEach(s -> out.add(s.path()));
    return out;
  }

  /** Whether the expression calls {@code age()}, whose result changes with time alone. */
  public boolean readsAge() {
    return slots.values().stream().anyMatch(s -> s.kind() == InputKind.AGE);
  }

  /** Evaluates; never throws. */
  public ExprResult evaluate(InputSource in) {
    CelVariableResolver resolver = name -> Optional.ofNullable(resolve(name, in));
    try {
      return ExprResult.value(program.eval(resolver));
    } catch (CelEvaluationException e) {
      for (Throwable t = e; t != null; t = t.getCause()) {
        if (t instanceof InputUnavailableException u) {
          return new ExprResult(Outcome.UNKNOWN, null, u.getMessage());
        }
      }
      return new ExprResult(Outcome.ERROR, null, e.getMessage());
    } catch (RuntimeException e) {
      return new ExprResult(Outcome.ERROR, null, "evaluation failed: " + e);
    }
  }

  private Object resolve(String name, InputSource in) {
    InputSlot slot = slots.get(name);
    if (slot == null) {
      return switch (name) {
        case "GOOD" -> GOOD;
        case "UNCERTAIN" -> UNCERTAIN;
        case "BAD" -> BAD;
        default -> null;
      };
    }
    Reading r = in.latest(slot.path());
    return switch (slot.kind()) {
      case QUALITY -> r == null ? BAD : (long) r.quality().severity().ordinal();
      case AGE -> {
        if (r == null) {
          throw new InputUnavailableException("'" + slot.path() + "' has no reading yet");
        }
        yield age(r, in.now());
      }
      case VALUE -> value(slot, r, in.now());
    };
  }

  static Duration age(Reading r, Instant now) {
    Duration d = Duration.between(r.effectiveTime(), now);
    return d.isNegative() ? Duration.ZERO : d;
  }

  private Object value(InputSlot slot, Reading r, Instant now) {
    TagPath p = slot.path();
    if (r == null) {
      throw new InputUnavailableException("'" + p + "' has no reading yet");
    }
    Quality q = r.quality();
    if (q.isBad()) {
      throw new InputUnavailableException("'" + p + "' is BAD (" + q.symbolicName() + ")");
    }
    if (q.severity() == Quality.Severity.UNCERTAIN
        && settings.uncertain() == UncertainPolicy.UNKNOWN) {
      throw new InputUnavailableException(
          "'"
              + p
              + "' is UNCERTAIN ("
              + q.symbolicName()
              + ") and the rule treats that as unknown");
    }
    if (settings.staleAfter() != null) {
      Duration age = age(r, now);
      if (age.compareTo(settings.staleAfter()) > 0) {
        throw new InputUnavailableException(
            "'"
                + p
                + "' is stale: its value is "
                + Durations.format(age)
                + " old, stale after "
                + Durations.format(settings.staleAfter()));
      }
    }
    if (r.value() instanceof Value.Null) {
      throw new InputUnavailableException("'" + p + "' has no value");
    }
    return ValueMapping.toCel(p, r.value(), slot.type().kind());
  }
}
