package io.plantmesh.cluster.rules;

import io.plantmesh.core.Reading;
import io.plantmesh.core.TagPath;
import java.time.Instant;
import java.util.Set;
import java.util.function.Function;

/**
 * A write's interlock, compiled: the condition that must hold for the write to happen. The tag's
 * owner checks it with its own latest readings just before it writes, because the mesh may take a
 * while to route the command ({@link io.plantmesh.cluster.WriteInterlock}); a standalone engine
 * ({@link RuleEngine.Options#STANDALONE}) also checks it when the action runs.
 */
public interface Interlock {

  /** The CEL source, for logs and refusals. */
  String expression();

  /** The tags it reads: the owner needs their latest readings. */
  Set<TagPath> inputs();

  /**
   * Evaluates the interlock. Only {@link Outcome#TRUE} permits the write; UNKNOWN and ERROR refuse
   * it like FALSE does.
   *
   * @param latest the latest reading of a tag, or null when there is none
   * @param now the evaluating node's time (for ages and staleness)
   */
  Evaluation check(Function<TagPath, Reading> latest, Instant now);
}
