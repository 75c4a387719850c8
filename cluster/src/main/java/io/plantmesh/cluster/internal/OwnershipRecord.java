package io.plantmesh.cluster.internal;

import java.util.UUID;

/**
 * The authoritative ownership of one source, as stored in the ownership IMap: who owns it, at which
 * fencing epoch, and whether it is collecting (ACTIVE) or has stopped for a handover (RELEASED).
 * The member that writes a record is always the one it names as owner (a released record names the
 * member that released it).
 *
 * <p>Stored as {@code epoch (8 bytes, clear) | envelope}. The envelope is sealed under the cluster
 * key with the source id and the epoch in its associated data, so a record cannot be forged, moved
 * to another source or given another epoch. The clear epoch is for the split-brain merge policy
 * ({@link EpochMergePolicy}), which runs inside Hazelcast without the key.
 */
public record OwnershipRecord(
    String sourceId,
    UUID owner,
    String ownerName,
    long epoch,
    boolean active,
    long sinceMillis,
    String placement) {

  public static final String MAP = "plantmesh.ownership";
  private static final int FORMAT = 1;

  public OwnershipRecord {
    if (epoch < 1) {
      throw new IllegalArgumentException("epoch " + epoch + " of " + sourceId + " is not positive");
    }
  }

  /** The same ownership, released by its owner at the same epoch. */
  public OwnershipRecord released(long nowMillis) {
    return new OwnershipRecord(sourceId, owner, ownerName, epoch, false, nowMillis, placement);
  }

  /** The stored form, sealed by the owner, for the source ownership map. */
  public byte[] seal(Sealer sealer) {
    return seal(sealer, MAP);
  }

  /** The stored form, sealed by the owner, for {@code map} (sources' or rules' ownership). */
  public byte[] seal(Sealer sealer, String map) {
    Bytes.Writer w = new Bytes.Writer(96);
    w.u8(FORMAT).string(sourceId).fixed64(owner.getMostSignificantBits());
    w.fixed64(owner.getLeastSignificantBits()).string(ownerName).varLong(epoch);
    w.u8(active ? 1 : 0).zigzag(sinceMillis).string(placement);
    return EpochFramed.seal(sealer, map, sourceId, epoch, owner, w.toByteArray());
  }

  /** The epoch in clear, or -1 when {@code stored} is too short to hold one. */
  public static long clearEpoch(byte[] stored) {
    return EpochFramed.clearEpoch(stored);
  }

  /**
   * Opens a stored record of {@code sourceId}.
   *
   * @throws SealException when it does not open, does not decode or contradicts itself (forged,
   *     tampered, another key)
   */
  public static OwnershipRecord open(Sealer sealer, String sourceId, byte[] stored)
      throws SealException {
    return open(sealer, MAP, sourceId, stored);
  }

  /** Opens a stored record of {@code sourceId} (a source or a rule) in {@code map}. */
  public static OwnershipRecord open(Sealer sealer, String map, String sourceId, byte[] stored)
      throws SealException {
    EpochFramed.Opened o;
    OwnershipRecord r;
    try {
      o = EpochFramed.open(sealer, map, sourceId, stored, FORMAT, "an ownership record");
      Bytes.Reader in = o.body();
      r =
          new OwnershipRecord(
              in.string(),
              new UUID(in.fixed64(), in.fixed64()),
              in.string(),
              in.varLong(),
              in.u8() == 1,
              in.zigzag(),
              in.string());
      if (in.remaining() != 0) {
        throw new IllegalArgumentException(in.remaining() + " bytes left after the record");
      }
    } catch (IllegalArgumentException e) {
      throw new SealException("malformed ownership record: " + e.getMessage());
    }
    if (!r.sourceId().equals(sourceId) || r.epoch() != o.epoch() || !r.owner().equals(o.sender())) {
      throw new SealException(
          "ownership record contradicts itself (source, epoch or sealing member differ)");
    }
    return r;
  }
}
