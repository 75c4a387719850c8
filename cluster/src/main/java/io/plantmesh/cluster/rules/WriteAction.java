package io.plantmesh.cluster.rules;

import io.plantmesh.core.TagPath;
import java.util.Objects;

/**
 * Writes a value to a PLC tag. The engine only requests the write ({@link ActionRequest.Write});
 * the node routes it to the tag's owner, which re-checks the interlock just before writing.
 *
 * @param target the tag to write; must be writable when the catalogue knows it
 * @param value a CEL expression for the value (a number, bool or string matching the target's
 *     type), evaluated when the action runs; a plain YAML number or bool is taken as a literal
 * @param interlock a CEL bool condition that must be true for the write to happen: checked by the
 *     tag's owner with its own readings just before it writes (and, by a standalone engine, also
 *     when the action runs); null for none
 * @param rateLimit at most this many writes of this action; null for no limit
 * @param on whether the write runs when the rule fires or when it clears
 */
public record WriteAction(
    TagPath target, String value, String interlock, RateLimit rateLimit, Trigger on)
    implements RuleAction {
  public WriteAction {
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(value, "value");
    Objects.requireNonNull(on, "on");
  }

  /** A write when the rule fires, without interlock or rate limit. */
  public static WriteAction of(TagPath target, String value) {
    return new WriteAction(target, value, null, null, Trigger.FIRE);
  }
}
