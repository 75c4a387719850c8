package io.plantmesh.cluster.internal;

import io.plantmesh.cluster.MemberIdentity;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.UUID;

/**
 * The Hazelcast member attributes a plantmesh member publishes. Attributes are fixed when the
 * Hazelcast member starts, before Hazelcast assigns its own member UUID (which it also replaces
 * when a split brain heals), so the mesh identifies members by a member id of its own: a random
 * UUID per start, published here and covered by the attestation.
 */
public final class MemberAttributes {
  public static final String PREFIX = "plantmesh.";
  public static final String ID = "plantmesh.id";
  public static final String NAME = "plantmesh.name";
  public static final String SITE = "plantmesh.site";
  public static final String AREA = "plantmesh.area";
  public static final String SOURCES = "plantmesh.sources";
  public static final String UPLINK = "plantmesh.uplink";
  public static final String STARTED = "plantmesh.started";
  public static final String ATTESTATION = "plantmesh.attestation";

  private MemberAttributes() {}

  /** The signed attributes of the local member. */
  public static Map<String, String> of(
      UUID memberId,
      MemberIdentity identity,
      Instant started,
      String clusterName,
      Attestation attestation) {
    Map<String, String> a = new LinkedHashMap<>();
    a.put(ID, memberId.toString());
    a.put(NAME, identity.name());
    a.put(SITE, identity.site());
    a.put(AREA, identity.area());
    a.put(SOURCES, String.join(",", identity.sources()));
    a.put(UPLINK, Boolean.toString(identity.uplink()));
    a.put(STARTED, Long.toString(started.toEpochMilli()));
    a.put(ATTESTATION, attestation.sign(clusterName, a));
    return a;
  }

  /** A peer's published identity, or an exception saying what is malformed. */
  public static MemberIdentity identity(Map<String, String> a) {
    String sources = a.getOrDefault(SOURCES, "");
    return new MemberIdentity(
        a.get(NAME),
        a.getOrDefault(SITE, ""),
        a.getOrDefault(AREA, ""),
        sources.isEmpty()
            ? java.util.Set.of()
            : new LinkedHashSet<>(Arrays.asList(sources.split(","))),
        Boolean.parseBoolean(a.get(UPLINK)));
  }

  /** A peer's member id, or null when missing or malformed. */
  public static UUID id(Map<String, String> a) {
    String s = a.get(ID);
    if (s == null) {
      return null;
    }
    try {
      return UUID.fromString(s);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /** A peer's start time, or null when missing or malformed. */
  public static Instant started(Map<String, String> a) {
    try {
      return Instant.ofEpochMilli(Long.parseLong(a.get(STARTED)));
    } catch (NumberFormatException | NullPointerException e) {
      return null;
    }
  }
}
