package io.plantmesh.cluster;

import io.plantmesh.cluster.internal.Checks;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A source (a PLC) the mesh places on exactly one member at a time. Which members may own it is
 * their eligibility: a member is eligible when its {@link MemberIdentity#sources()} names the
 * source (it can reach the PLC) and it is trusted. Among those, the first live one of {@code
 * preference} is the desired owner; without one, rendezvous hashing over all eligible members picks
 * it, which spreads sources evenly and moves only the sources of a member that comes or goes.
 *
 * <p>Every member must declare the same specs: each member decides alone whether it is the desired
 * owner, so members with different placements would hand a source back and forth.
 *
 * <p>With {@code hotStandby}, the member that would own the source if its owner disappeared (its
 * successor) keeps a warm instance ({@link OwnershipListener#onStandby}) for as long as the owner
 * lives, so that a failover is as fast as a warm handover; the cost is a second Session on the PLC
 * all the time.
 *
 * @param id the source id, as in {@link MemberIdentity#sources()}
 * @param preference node names in order of preference; empty for placement {@code any}
 * @param hotStandby whether the owner's successor stands by all the time (hot standby)
 */
public record SourceSpec(String id, List<String> preference, boolean hotStandby) {
  /** Suffix of {@link #placement()} for a hot standby. */
  public static final String HOT_SUFFIX = "+hot";

  /** A spec without hot standby. */
  public SourceSpec(String id, List<String> preference) {
    this(id, preference, false);
  }

  public SourceSpec {
    Checks.name("source id", id);
    preference = List.copyOf(preference == null ? List.of() : preference);
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < preference.size(); i++) {
      String key = "placement of source " + id + "[" + i + "]";
      Checks.name(key, preference.get(i));
      if (!seen.add(preference.get(i))) {
        throw Checks.invalid(key, preference.get(i), "is listed twice");
      }
    }
  }

  /** Placement {@code any}: rendezvous hashing over the eligible members. */
  public static SourceSpec any(String id) {
    return new SourceSpec(id, List.of());
  }

  /** Placement on the first live eligible node of {@code nodes}. */
  public static SourceSpec preferring(String id, String... nodes) {
    return new SourceSpec(id, Arrays.asList(nodes));
  }

  /**
   * Parses a placement as written in configuration: {@code any}, or node names separated by commas,
   * first preferred.
   *
   * @param key the configuration key, for the error message
   * @throws IllegalArgumentException naming the key, the value and the reason
   */
  public static SourceSpec parse(String key, String id, String placement) {
    if (placement == null || placement.isBlank()) {
      throw new IllegalArgumentException(
          key + ": is required ('any' or node names separated by commas)");
    }
    if (placement.strip().equals("any")) {
      return any(id);
    }
    List<String> nodes = new ArrayList<>();
    for (String n : placement.split(",", -1)) {
      String name = n.strip();
      if (name.isEmpty() || name.equals("any")) {
        throw Checks.invalid(
            key, placement, "is not 'any' or a list of node names separated by commas");
      }
      nodes.add(name);
    }
    try {
      return new SourceSpec(id, nodes);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(key + ": " + e.getMessage(), e);
    }
  }

  /** The same placement with the owner's successor standing by all the time. */
  public SourceSpec withHotStandby() {
    return withHotStandby(true);
  }

  /** The same placement, with or without hot standby (as configuration says). */
  public SourceSpec withHotStandby(boolean hot) {
    return hot == hotStandby ? this : new SourceSpec(id, preference, hot);
  }

  /** Whether any eligible member will do. */
  public boolean isAny() {
    return preference.isEmpty();
  }

  /**
   * The placement as configuration writes it, with {@value #HOT_SUFFIX} for a hot standby ({@code
   * any+hot}, {@code edge-2,edge-1+hot}): stored in ownership records, so that members that
   * disagree about either are warned about.
   */
  public String placement() {
    return (isAny() ? "any" : String.join(",", preference)) + (hotStandby ? HOT_SUFFIX : "");
  }
}
