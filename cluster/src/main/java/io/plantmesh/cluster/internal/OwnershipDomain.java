package io.plantmesh.cluster.internal;

import io.plantmesh.cluster.MeshMember;
import java.util.Collection;
import java.util.List;

/**
 * What an {@link OwnershipManager} places on members: sources (PLCs, collected by one member at a
 * time) or rules (evaluated by one member at a time). Each kind has maps of its own, so a rule and
 * a source of the same name never share a record, and its own test of which members may own one.
 *
 * @param noun "source" or "rule", for logs
 * @param recordMap the IMap of ownership records (epoch-fenced, under split-brain protection)
 * @param standbyMap the IMap of standby records (warm handover)
 * @param eligibility which members may own an item
 */
public record OwnershipDomain(
    String noun, String recordMap, String standbyMap, Eligibility eligibility) {

  /** Which members may own an item. */
  @FunctionalInterface
  public interface Eligibility {
    /** The members of {@code members} that may own {@code id}, in the same order. */
    List<MeshMember> eligible(Collection<MeshMember> members, String id);
  }

  /** Sources: trusted members whose attested identity says they reach the source. */
  public static final OwnershipDomain SOURCES =
      new OwnershipDomain("source", OwnershipRecord.MAP, StandbyRecord.MAP, Placement::eligible);

  /** The IMap of rule ownership records. */
  public static final String RULES_MAP = "plantmesh.rules.ownership";

  /** The IMap of rule standby records. */
  public static final String RULES_STANDBY_MAP = "plantmesh.rules.standby";

  /** Rules: trusted members that run a rule host with the rule ({@link RuleHostDirectory}). */
  public static OwnershipDomain rules(Eligibility eligibility) {
    return new OwnershipDomain("rule", RULES_MAP, RULES_STANDBY_MAP, eligibility);
  }
}
