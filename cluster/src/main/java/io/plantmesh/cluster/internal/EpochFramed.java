package io.plantmesh.cluster.internal;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.UUID;

/**
 * The stored form of the ownership and standby records: the epoch in clear (8 bytes, so that the
 * merge policy can compare records without the key), then the sealed body, whose associated data
 * binds the map, the source and that epoch (a record cannot be moved or re-epoched).
 */
public final class EpochFramed {
  private EpochFramed() {}

  /** The opened body and the epoch it was stored under. */
  public record Opened(long epoch, UUID sender, Bytes.Reader body) {}

  public static byte[] seal(
      Sealer sealer, String map, String sourceId, long epoch, UUID sender, byte[] body) {
    byte[] envelope = sealer.seal(structure(map, sourceId, epoch), sender, body);
    return ByteBuffer.allocate(8 + envelope.length).putLong(epoch).put(envelope).array();
  }

  /** The epoch in clear, or -1 when {@code stored} is too short to hold one. */
  public static long clearEpoch(byte[] stored) {
    return stored == null || stored.length < 8 ? -1 : ByteBuffer.wrap(stored, 0, 8).getLong();
  }

  /**
   * Opens {@code stored} and checks its format byte.
   *
   * @param what the record's name, for messages
   * @throws SealException when it has no epoch or does not open (forged, tampered, another key)
   * @throws IllegalArgumentException when its format is not {@code format}
   */
  public static Opened open(
      Sealer sealer, String map, String sourceId, byte[] stored, int format, String what)
      throws SealException {
    long epoch = clearEpoch(stored);
    if (epoch < 1) {
      throw new SealException("not " + what + " (no epoch)");
    }
    Sealer.Opened o =
        sealer.open(structure(map, sourceId, epoch), Arrays.copyOfRange(stored, 8, stored.length));
    Bytes.Reader in = new Bytes.Reader(o.plaintext());
    int f = in.u8();
    if (f != format) {
      throw new IllegalArgumentException("unknown format " + f + " of " + what);
    }
    return new Opened(epoch, o.sender(), in);
  }

  private static String structure(String map, String sourceId, long epoch) {
    return map + "/" + sourceId + "/" + epoch;
  }
}
