package io.plantmesh.cluster.rules.internal;

import io.plantmesh.cluster.rules.Evaluation;
import io.plantmesh.cluster.rules.Interlock;
import io.plantmesh.core.Reading;
import io.plantmesh.core.TagPath;
import java.time.Instant;
import java.util.Set;
import java.util.function.Function;

/** An {@link Interlock} over a compiled bool expression, with its rule's input settings. */
public record CompiledInterlock(CompiledExpression compiled) implements Interlock {

  @Override
  public String expression() {
    return compiled.source();
  }

  @Override
  public Set<TagPath> inputs() {
    return compiled.inputs();
  }

  @Override
  public Evaluation check(Function<TagPath, Reading> latest, Instant now) {
    return compiled
        .evaluate(
            new InputSource() {
              @Override
              public Reading latest(TagPath path) {
                return latest.apply(path);
              }

              @Override
              public Instant now() {
                return now;
              }
            })
        .toEvaluation();
  }

  @Override
  public String toString() {
    return "Interlock[" + compiled.source() + "]";
  }
}
