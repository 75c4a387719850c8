package io.plantmesh.cluster.rules;

/** What the compiler does with a path that the tag catalogue does not know. */
public enum UnknownTagPolicy {
  /**
   * Load the rule with a warning: the tag may appear later (a source not connected yet). Its value
   * has no static type ({@code dyn}), so type errors involving it show only at run time (ERRORED).
   */
  WARN,
  /** Refuse the rule set. */
  REFUSE
}
