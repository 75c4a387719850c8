package io.plantmesh.cluster.internal;

import java.util.UUID;

/**
 * A member's word that it is ready to take over a source: it has connected (without publishing) and
 * the owner may now stop and release. Stored in the standby IMap under {@link #key} (one entry per
 * source and member, so that two members that both believe for a moment that they are the desired
 * owner do not overwrite each other), and only ever read by the owner.
 *
 * <p>Stored as {@code ownerEpoch (8 bytes, clear) | envelope}, sealed by the standby member with
 * the source id and the owner's epoch in the associated data: the owner reads the clear epoch
 * first, ignores a record prepared for another epoch, and opens only one for its own. A record that
 * does not open (another key, tampered) is refused.
 *
 * @param sourceId the source
 * @param member the standby member's id (the sealer)
 * @param ownerEpoch the owner's epoch this member prepared to take over from
 * @param sinceMillis when it became ready, by its clock (informational)
 */
public record StandbyRecord(String sourceId, UUID member, long ownerEpoch, long sinceMillis) {
  public static final String MAP = "plantmesh.standby";
  private static final int FORMAT = 1;

  public StandbyRecord {
    if (ownerEpoch < 1) {
      throw new IllegalArgumentException(
          "owner epoch " + ownerEpoch + " of " + sourceId + " is not positive");
    }
  }

  /** The map key of {@code member}'s standby record for {@code sourceId}. */
  public static String key(String sourceId, UUID member) {
    return sourceId + "/" + member;
  }

  /** The stored form, sealed by the standby member, for the source standby map. */
  public byte[] seal(Sealer sealer) {
    return seal(sealer, MAP);
  }

  /** The stored form, sealed by the standby member, for {@code map}. */
  public byte[] seal(Sealer sealer, String map) {
    Bytes.Writer w = new Bytes.Writer(48);
    w.u8(FORMAT).string(sourceId).varLong(ownerEpoch).zigzag(sinceMillis);
    return EpochFramed.seal(sealer, map, sourceId, ownerEpoch, member, w.toByteArray());
  }

  /** The epoch in clear, or -1 when {@code stored} is too short to hold one. */
  public static long clearEpoch(byte[] stored) {
    return EpochFramed.clearEpoch(stored);
  }

  /**
   * Opens a stored standby record of {@code sourceId}.
   *
   * @throws SealException when it does not open, does not decode or contradicts itself
   */
  public static StandbyRecord open(Sealer sealer, String sourceId, byte[] stored)
      throws SealException {
    return open(sealer, MAP, sourceId, stored);
  }

  /** Opens a stored standby record of {@code sourceId} in {@code map}. */
  public static StandbyRecord open(Sealer sealer, String map, String sourceId, byte[] stored)
      throws SealException {
    EpochFramed.Opened o;
    StandbyRecord r;
    try {
      o = EpochFramed.open(sealer, map, sourceId, stored, FORMAT, "a standby record");
      Bytes.Reader in = o.body();
      r = new StandbyRecord(in.string(), o.sender(), in.varLong(), in.zigzag());
      if (in.remaining() != 0) {
        throw new IllegalArgumentException(in.remaining() + " bytes left after the record");
      }
    } catch (IllegalArgumentException e) {
      throw new SealException("malformed standby record: " + e.getMessage());
    }
    if (!r.sourceId().equals(sourceId) || r.ownerEpoch() != o.epoch()) {
      throw new SealException("standby record contradicts itself (source or epoch differ)");
    }
    return r;
  }
}
