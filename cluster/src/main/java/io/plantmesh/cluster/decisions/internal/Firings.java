package io.plantmesh.cluster.decisions.internal;

import com.hazelcast.map.IMap;
import com.hazelcast.splitbrainprotection.SplitBrainProtectionException;
import io.plantmesh.cluster.Mesh;
import io.plantmesh.cluster.internal.CoordinationSetup;
import io.plantmesh.cluster.internal.SealException;
import io.plantmesh.cluster.internal.Sealer;
import io.plantmesh.cluster.rules.RuleTransition;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Each rule's last transition, cluster-wide ({@link FiringRecord}s in an IMap under split-brain
 * protection, one backup). Written by the rule's evaluator before it runs the transition's actions,
 * by compare-and-set, and only while no record of a newer ownership epoch exists: an evaluator that
 * lost the rule (or is cut off from the majority) cannot record, and then does not write.
 */
public final class Firings {
  private static final Logger LOG = LoggerFactory.getLogger(Firings.class);
  private static final int ATTEMPTS = 10;

  private final IMap<String, byte[]> map;
  private final Sealer sealer;
  private final Mesh mesh;

  public Firings(Mesh mesh, Sealer sealer) {
    this.map = mesh.hazelcast().getMap(CoordinationSetup.FIRINGS_MAP);
    this.sealer = sealer;
    this.mesh = mesh;
  }

  /** The last recorded transition of {@code ruleId}; empty when none (or it does not open). */
  public Optional<FiringRecord> read(String ruleId) {
    byte[] stored = map.get(ruleId);
    if (stored == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(FiringRecord.open(sealer, ruleId, stored));
    } catch (SealException e) {
      LOG.warn(
          "The firing record of rule {} was refused; starting fresh: {}", ruleId, e.getMessage());
      return Optional.empty();
    }
  }

  /**
   * Records {@code t} as the rule's last transition, at {@code epoch}.
   *
   * @return null when recorded; otherwise why not (no quorum, a newer evaluator, a failure)
   */
  public String record(String ruleId, long epoch, RuleTransition t) {
    if (mesh.isPartitioned()) {
      return "no quorum: " + mesh.name() + " is cut off from the majority of the mesh";
    }
    byte[] next = new FiringRecord(ruleId, epoch, mesh.memberId(), mesh.name(), t).seal(sealer);
    try {
      for (int i = 0; i < ATTEMPTS; i++) {
        byte[] stored = map.get(ruleId);
        long storedEpoch = stored == null ? 0 : FiringRecord.clearEpoch(stored);
        if (storedEpoch > epoch) {
          return "the rule is evaluated at a newer epoch ("
              + storedEpoch
              + ") than "
              + mesh.name()
              + "'s ("
              + epoch
              + ")";
        }
        boolean done =
            stored == null
                ? map.putIfAbsent(ruleId, next) == null
                : map.replace(ruleId, stored, next);
        if (done) {
          return null;
        }
      }
      return "the record kept changing under " + mesh.name();
    } catch (SplitBrainProtectionException e) {
      return "no quorum: " + e.getMessage();
    } catch (RuntimeException e) {
      return e.toString();
    }
  }
}
