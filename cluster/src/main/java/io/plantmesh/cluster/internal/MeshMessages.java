package io.plantmesh.cluster.internal;

import io.plantmesh.core.Reading;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The messages of the tag table, as plaintext inside a sealed envelope. A kind byte leads; a format
 * change of one message takes a new kind (the envelope's version covers changes of them all), and
 * the retired kind is refused by name.
 */
public final class MeshMessages {
  static final int READINGS = 1;
  static final int SNAPSHOT_REQUEST = 2;

  /** Retired: snapshot chunks before they carried source ids. */
  static final int SNAPSHOT_CHUNK_WITHOUT_SOURCES = 3;

  static final int MERGED = 4;
  static final int SNAPSHOT_CHUNK = 5;

  private final ReadingCodec codec;

  public MeshMessages(ReadingCodec codec) {
    this.codec = codec;
  }

  /** A message on the mesh. */
  public sealed interface Message permits Readings, SnapshotRequest, SnapshotChunk, Merged {}

  /**
   * Readings a member collected.
   *
   * @param sequence per sending member, from 1 without gaps: receivers detect loss and replays
   * @param sourceId the source that delivered them on the sending member
   */
  public record Readings(long sequence, String sourceId, List<Reading> readings)
      implements Message {}

  /**
   * A member asks {@code responder} for its table: all of it (a late joiner), or only the readings
   * collected by {@code origin} (repairing a gap in that member's sequence).
   *
   * @param origin a node name, or "" for every reading
   */
  public record SnapshotRequest(UUID requestId, UUID responder, String origin) implements Message {}

  /**
   * One chunk of a snapshot; {@code last} marks the end. Its readings are grouped by the source
   * that delivered them (a plant has few sources, so a chunk holds few groups): a late joiner
   * learns each tag's source as well as its reading.
   */
  public record SnapshotChunk(UUID requestId, int index, boolean last, List<SourceBatch> groups)
      implements Message {
    /** How many readings the chunk holds. */
    public int size() {
      int n = 0;
      for (SourceBatch g : groups) {
        n += g.readings().size();
      }
      return n;
    }
  }

  /**
   * The sender rejoined after a split brain: each side missed the other's readings, so the
   * receivers ask it for its table while it asks them for theirs.
   */
  public record Merged() implements Message {}

  public byte[] encode(Message m) {
    Bytes.Writer w = new Bytes.Writer(256);
    encode(w, m);
    return w.toByteArray();
  }

  /** Appends {@code m} to {@code w} (a writer reused message after message). */
  public void encode(Bytes.Writer w, Message m) {
    if (m instanceof Readings r) {
      w.u8(READINGS).varLong(r.sequence()).string(r.sourceId());
      codec.encode(w, r.readings());
    } else if (m instanceof SnapshotRequest q) {
      w.u8(SNAPSHOT_REQUEST);
      uuid(w, q.requestId());
      uuid(w, q.responder());
      w.string(q.origin());
    } else if (m instanceof SnapshotChunk c) {
      w.u8(SNAPSHOT_CHUNK);
      uuid(w, c.requestId());
      w.varLong(c.index()).u8(c.last() ? 1 : 0).varLong(c.groups().size());
      for (SourceBatch g : c.groups()) {
        w.string(g.sourceId());
        codec.encode(w, g.readings());
      }
    } else if (m instanceof Merged) {
      w.u8(MERGED);
    }
  }

  /**
   * @throws IllegalArgumentException naming what is malformed
   */
  public Message decode(byte[] bytes) {
    Bytes.Reader in = new Bytes.Reader(bytes);
    try {
      int kind = in.u8();
      Message m =
          switch (kind) {
            case READINGS -> {
              long sequence = in.varLong();
              yield new Readings(sequence, sourceId(in, "message " + sequence), codec.decode(in));
            }
            case SNAPSHOT_REQUEST -> new SnapshotRequest(uuid(in), uuid(in), in.string());
            case SNAPSHOT_CHUNK -> {
              UUID id = uuid(in);
              long index = in.varLong();
              if (index > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("chunk index " + index + " is too large");
              }
              boolean last = in.u8() == 1;
              yield new SnapshotChunk(id, (int) index, last, groups(in));
            }
            case SNAPSHOT_CHUNK_WITHOUT_SOURCES ->
                throw new IllegalArgumentException(
                    "a snapshot chunk without source ids (kind 3, sent by a member of an older"
                        + " version): every member of a mesh must run a version with kind 5");
            case MERGED -> new Merged();
            default -> throw new IllegalArgumentException("unknown message kind " + kind);
          };
      if (in.remaining() != 0) {
        throw new IllegalArgumentException(in.remaining() + " bytes left after the message");
      }
      return m;
    } catch (IllegalArgumentException e) {
      throw e;
    } catch (RuntimeException e) {
      // A value the core model refuses (an out-of-range time, say): malformed, not a crash.
      throw new IllegalArgumentException(e.getClass().getSimpleName() + ": " + e.getMessage(), e);
    }
  }

  private List<SourceBatch> groups(Bytes.Reader in) {
    int n = in.count();
    List<SourceBatch> groups = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      String sourceId = sourceId(in, "group " + i + " of the chunk");
      List<Reading> readings = codec.decode(in);
      if (readings.isEmpty()) {
        throw new IllegalArgumentException(
            "group " + i + " of the chunk (source '" + sourceId + "') holds no readings");
      }
      groups.add(new SourceBatch(sourceId, readings));
    }
    return groups;
  }

  private static String sourceId(Bytes.Reader in, String where) {
    String id = in.string();
    if (id.isEmpty()) {
      throw new IllegalArgumentException("the source id of " + where + " is empty");
    }
    return id;
  }

  private static void uuid(Bytes.Writer w, UUID id) {
    w.fixed64(id.getMostSignificantBits()).fixed64(id.getLeastSignificantBits());
  }

  private static UUID uuid(Bytes.Reader in) {
    return new UUID(in.fixed64(), in.fixed64());
  }
}
