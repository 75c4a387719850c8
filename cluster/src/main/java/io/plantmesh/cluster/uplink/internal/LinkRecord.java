package io.plantmesh.cluster.uplink.internal;

import io.plantmesh.cluster.internal.SealException;
import io.plantmesh.cluster.internal.Sealer;
import io.plantmesh.kafka.forward.LinkState;
import java.time.Instant;
import java.util.UUID;

/**
 * A member's own uplink state as it sits in the directory map, sealed by the member itself: the
 * structure names the member id, and only the member the entry is keyed by may have sealed it.
 */
public record LinkRecord(
    UUID member, String name, LinkState state, Instant since, String reason, Instant publishedAt) {
  /** The replicated map every member's entry lives in, keyed by member id. */
  public static final String MAP = "plantmesh.uplink.links";

  private static final int MAX_REASON = 300;

  public LinkRecord {
    reason = reason == null ? "" : reason;
    if (reason.length() > MAX_REASON) {
      reason = reason.substring(0, MAX_REASON) + "...";
    }
  }

  static String structure(UUID member) {
    return MAP + "/" + member;
  }

  public byte[] seal(Sealer sealer) {
    byte[] plain =
        new Wire.Writer(128)
            .u8(RelayCodec.VERSION)
            .string(name)
            .string(state.name())
            .i64(since.toEpochMilli())
            .string(reason)
            .i64(publishedAt.toEpochMilli())
            .toByteArray();
    return sealer.seal(structure(member), member, plain);
  }

  /**
   * Opens the entry of {@code key}.
   *
   * @throws SealException when it does not open, or was sealed by another member than its key says
   */
  public static LinkRecord open(Sealer sealer, String key, byte[] sealed) throws SealException {
    UUID member;
    try {
      member = UUID.fromString(key);
    } catch (IllegalArgumentException e) {
      throw new SealException("the key '" + key + "' is not a member id");
    }
    Sealer.Opened o = sealer.open(structure(member), sealed);
    if (!o.sender().equals(member)) {
      throw new SealException("sealed by member " + o.sender() + ", not by " + member);
    }
    try {
      Wire.Reader r = new Wire.Reader(o.plaintext());
      if (r.u8() != RelayCodec.VERSION) {
        throw new SealException("an unknown version");
      }
      LinkRecord rec =
          new LinkRecord(
              member,
              r.string(),
              LinkState.valueOf(r.string()),
              Instant.ofEpochMilli(r.i64()),
              r.string(),
              Instant.ofEpochMilli(r.i64()));
      r.end();
      return rec;
    } catch (IllegalArgumentException e) {
      throw new SealException("malformed: " + e.getMessage());
    }
  }
}
