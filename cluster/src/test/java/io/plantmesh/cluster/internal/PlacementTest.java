package io.plantmesh.cluster.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.plantmesh.cluster.MemberIdentity;
import io.plantmesh.cluster.MeshMember;
import io.plantmesh.cluster.SourceSpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class PlacementTest {
  private static MeshMember member(String name, boolean trusted, String... sources) {
    return new MeshMember(
        UUID.randomUUID(),
        UUID.randomUUID(),
        name,
        "10.0.0.1:5701",
        Optional.of(new MemberIdentity(name, "", "", Set.of(sources), false)),
        trusted,
        trusted ? "" : "no attestation",
        Instant.EPOCH,
        false);
  }

  @Test
  void eligibleMeansTrustedAndReachingTheSource() {
    MeshMember a = member("a", true, "plc-1");
    MeshMember b = member("b", true, "plc-2");
    MeshMember x = member("x", false, "plc-1");
    assertEquals(List.of(a), Placement.eligible(List.of(a, b, x), "plc-1"));
    assertEquals(List.of(), Placement.eligible(List.of(a, b, x), "plc-9"));
  }

  @Test
  void theFirstEligibleOfThePreferenceListElseTheHighestWeight() {
    MeshMember a = member("a", true, "s");
    MeshMember b = member("b", true, "s");
    MeshMember c = member("c", true, "s");
    assertEquals(c, Placement.desired(SourceSpec.preferring("s", "c", "a"), List.of(a, b, c)));
    assertEquals(a, Placement.desired(SourceSpec.preferring("s", "gone", "a"), List.of(a, b, c)));
    MeshMember hashed = Placement.desired(SourceSpec.preferring("s", "gone"), List.of(a, b, c));
    assertEquals(hashed, Placement.desired(SourceSpec.any("s"), List.of(c, b, a)), "order-free");
    assertNull(Placement.desired(SourceSpec.any("s"), List.of()));
  }

  @Test
  void rendezvousSpreadsEvenlyAndMovesOnlyTheLeaversShare() {
    List<MeshMember> four = new ArrayList<>();
    for (String n : List.of("edge-1", "edge-2", "edge-3", "edge-4")) {
      four.add(member(n, true));
    }
    List<SourceSpec> specs =
        IntStream.range(0, 400).mapToObj(i -> SourceSpec.any("plc-" + i)).toList();
    Map<String, String> before = new HashMap<>();
    Map<String, Integer> counts = new HashMap<>();
    for (SourceSpec s : specs) {
      String owner = Placement.desired(s, four).name();
      before.put(s.id(), owner);
      counts.merge(owner, 1, Integer::sum);
    }
    // 100 expected each; a fair hash stays well within ±30.
    assertTrue(counts.values().stream().allMatch(n -> n > 70 && n < 130), counts.toString());
    List<MeshMember> three = four.subList(0, 3);
    for (SourceSpec s : specs) {
      String after = Placement.desired(s, three).name();
      if (!before.get(s.id()).equals("edge-4")) {
        assertEquals(before.get(s.id()), after, "only edge-4's sources move");
      }
    }
  }
}
