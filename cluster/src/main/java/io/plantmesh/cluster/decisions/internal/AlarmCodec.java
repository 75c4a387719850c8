package io.plantmesh.cluster.decisions.internal;

import io.plantmesh.cluster.internal.Bytes;
import io.plantmesh.cluster.internal.CoordinationSetup;
import io.plantmesh.cluster.internal.EpochFramed;
import io.plantmesh.cluster.internal.SealException;
import io.plantmesh.cluster.internal.Sealer;
import io.plantmesh.cluster.rules.Alarm;
import io.plantmesh.cluster.rules.AlarmSeverity;
import io.plantmesh.cluster.rules.AlarmState;
import io.plantmesh.cluster.rules.AlarmTransition;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The stored form of an {@link Alarm}: {@code steps (8 bytes, clear) | envelope}, sealed by the
 * member that made the last step, with the alarm id and the number of steps in the associated data
 * (a stored alarm cannot be moved to another id or given another length). The clear number of steps
 * is what the split-brain merge compares: the copy that went further in its lifecycle wins.
 */
public final class AlarmCodec {
  private static final int FORMAT = 1;
  private static final String MAP = CoordinationSetup.ALARMS_MAP;
  private static final AlarmSeverity[] SEVERITIES = AlarmSeverity.values();
  private static final AlarmState[] STATES = AlarmState.values();
  private static final AlarmTransition.Action[] ACTIONS = AlarmTransition.Action.values();

  private AlarmCodec() {}

  public static byte[] seal(Sealer sealer, UUID sender, Alarm a) {
    Bytes.Writer w = new Bytes.Writer(256);
    w.u8(FORMAT).string(a.rule()).u8(a.severity().ordinal()).string(a.message());
    w.u8(a.state().ordinal()).u8(a.acknowledged() ? 1 : 0).varLong(a.history().size());
    for (AlarmTransition t : a.history()) {
      w.u8(t.action().ordinal()).u8(t.state().ordinal());
      w.zigzag(t.at().getEpochSecond()).varLong(t.at().getNano()).string(t.by());
      w.u8(t.reason() == null ? 0 : 1);
      if (t.reason() != null) {
        w.string(t.reason());
      }
    }
    return EpochFramed.seal(
        sealer, MAP, a.id().toString(), a.history().size(), sender, w.toByteArray());
  }

  /**
   * @throws SealException when it does not open or decode (forged, tampered, another key, moved)
   */
  public static Alarm open(Sealer sealer, String key, byte[] stored) throws SealException {
    try {
      EpochFramed.Opened o = EpochFramed.open(sealer, MAP, key, stored, FORMAT, "an alarm");
      Bytes.Reader in = o.body();
      String rule = in.string();
      AlarmSeverity severity = SEVERITIES[index(in.u8(), SEVERITIES.length)];
      String message = in.string();
      AlarmState state = STATES[index(in.u8(), STATES.length)];
      boolean acknowledged = in.u8() == 1;
      int n = in.count();
      List<AlarmTransition> history = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        AlarmTransition.Action action = ACTIONS[index(in.u8(), ACTIONS.length)];
        AlarmState s = STATES[index(in.u8(), STATES.length)];
        Instant at = Instant.ofEpochSecond(in.zigzag(), in.varLong());
        String by = in.string();
        String reason = in.u8() == 1 ? in.string() : null;
        history.add(new AlarmTransition(action, s, at, by, reason));
      }
      if (in.remaining() != 0 || n != o.epoch()) {
        throw new IllegalArgumentException("the alarm's length contradicts its record");
      }
      return new Alarm(UUID.fromString(key), rule, severity, message, state, acknowledged, history);
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new SealException("malformed alarm: " + e.getMessage());
    }
  }

  private static int index(int i, int length) {
    if (i >= length) {
      throw new IllegalArgumentException("unknown enum ordinal " + i);
    }
    return i;
  }
}
