package io.plantmesh.cluster.decisions.internal;

import io.plantmesh.cluster.internal.Bytes;
import io.plantmesh.cluster.internal.CoordinationSetup;
import io.plantmesh.cluster.internal.EpochFramed;
import io.plantmesh.cluster.internal.SealException;
import io.plantmesh.cluster.internal.Sealer;
import io.plantmesh.cluster.rules.RuleTransition;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * A rule's last transition as its evaluator recorded it, cluster-wide: fired (with its alarms) or
 * cleared, at which ownership epoch, by whom. The next evaluator reads it when it acquires the
 * rule.
 *
 * <p>Stored as {@code epoch (8 bytes, clear) | envelope} ({@link EpochFramed}): sealed by the
 * evaluator with the rule's ownership id and the epoch in the associated data.
 *
 * @param ruleId the rule's ownership id
 * @param epoch the evaluator's ownership epoch of the rule
 * @param owner the evaluator's member id
 * @param ownerName its node name
 * @param transition what happened
 */
public record FiringRecord(
    String ruleId, long epoch, UUID owner, String ownerName, RuleTransition transition) {
  private static final int FORMAT = 1;
  private static final String MAP = CoordinationSetup.FIRINGS_MAP;

  public byte[] seal(Sealer sealer) {
    RuleTransition t = transition;
    Bytes.Writer w = new Bytes.Writer(96);
    w.u8(FORMAT).string(ownerName).string(t.rule()).u8(t.firing() ? 1 : 0);
    w.zigzag(t.at().getEpochSecond()).varLong(t.at().getNano()).varLong(t.alarmIds().size());
    t.alarmIds()
        .forEach(
            (i, id) ->
                w.varLong(i)
                    .fixed64(id.getMostSignificantBits())
                    .fixed64(id.getLeastSignificantBits()));
    return EpochFramed.seal(sealer, MAP, ruleId, epoch, owner, w.toByteArray());
  }

  /** The epoch in clear, or -1 when {@code stored} holds none. */
  public static long clearEpoch(byte[] stored) {
    return EpochFramed.clearEpoch(stored);
  }

  /**
   * @throws SealException when it does not open or decode
   */
  public static FiringRecord open(Sealer sealer, String ruleId, byte[] stored)
      throws SealException {
    try {
      EpochFramed.Opened o = EpochFramed.open(sealer, MAP, ruleId, stored, FORMAT, "a firing");
      Bytes.Reader in = o.body();
      String ownerName = in.string();
      String rule = in.string();
      boolean firing = in.u8() == 1;
      Instant at = Instant.ofEpochSecond(in.zigzag(), in.varLong());
      int n = in.count();
      Map<Integer, UUID> alarms = new HashMap<>();
      for (int i = 0; i < n; i++) {
        alarms.put((int) in.varLong(), new UUID(in.fixed64(), in.fixed64()));
      }
      if (in.remaining() != 0) {
        throw new IllegalArgumentException(in.remaining() + " bytes left after the record");
      }
      return new FiringRecord(
          ruleId, o.epoch(), o.sender(), ownerName, new RuleTransition(rule, firing, at, alarms));
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new SealException("malformed firing record: " + e.getMessage());
    }
  }
}
