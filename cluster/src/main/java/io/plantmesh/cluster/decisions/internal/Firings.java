package io.plantmesh.cluster.decisions.internal;

import com.hazelcast.map.IMap;
import com.hazelcast.splitbrainprotection.SplitBrainProtectionException;
import io.plantmesh.cluster.Mesh;
import io.plantmesh.cluster.internal.CoordinationSetup;
import io.plantmesh.cluster.internal.SealException;
import io.plantmesh.cluster.internal.Sealer;
import io.plantmesh.cluster.rules.RuleTransition;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Each rule's last transition, cluster-wide ({@link FiringRecord}s in an IMap under split-brain
 * protection, one backup). Written by the rule's evaluator before it runs the transition's actions,
 * by compare-and-set, and only while no record of a newer ownership epoch exists: an evaluator that
 * lost the rule (or is cut off from the majority) cannot record, and then does not write.
 *
 * <p>A firing is on the decision's path (its write waits for it), so the common case takes one
 * round trip: this member remembers the bytes it last read or wrote for each rule and replaces
 * exactly those ({@code replace(key, expected, next)}). That is the same compare-and-set as reading
 * first: it succeeds only if nobody wrote since, so the stored epoch is the remembered one, checked
 * here to be no newer. When it fails (another evaluator wrote, a split brain merged, or nothing is
 * remembered) the record is read afresh and the fencing check runs on what is stored.
 */
public final class Firings {
  private static final Logger LOG = LoggerFactory.getLogger(Firings.class);
  private static final int ATTEMPTS = 10;

  private final IMap<String, byte[]> map;
  private final Sealer sealer;
  private final Mesh mesh;

  /** Rule → the stored bytes this member last read or wrote: the expected value of a replace. */
  private final Map<String, byte[]> known = new ConcurrentHashMap<>();

  public Firings(Mesh mesh, Sealer sealer) {
    this.map = mesh.hazelcast().getMap(CoordinationSetup.FIRINGS_MAP);
    this.sealer = sealer;
    this.mesh = mesh;
  }

  /** The last recorded transition of {@code ruleId}; empty when none (or it does not open). */
  public Optional<FiringRecord> read(String ruleId) {
    byte[] stored = map.get(ruleId);
    if (stored == null) {
      known.remove(ruleId);
      return Optional.empty();
    }
    known.put(ruleId, stored);
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
      byte[] expected = known.get(ruleId);
      if (expected != null
          && FiringRecord.clearEpoch(expected) <= epoch
          && map.replace(ruleId, expected, next)) {
        known.put(ruleId, next);
        return null;
      }
      for (int i = 0; i < ATTEMPTS; i++) {
        byte[] stored = map.get(ruleId);
        long storedEpoch = stored == null ? 0 : FiringRecord.clearEpoch(stored);
        if (storedEpoch > epoch) {
          known.remove(ruleId);
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
          known.put(ruleId, next);
          return null;
        }
      }
      known.remove(ruleId);
      return "the record kept changing under " + mesh.name();
    } catch (SplitBrainProtectionException e) {
      known.remove(ruleId);
      return "no quorum: " + e.getMessage();
    } catch (RuntimeException e) {
      known.remove(ruleId);
      return e.toString();
    }
  }
}
