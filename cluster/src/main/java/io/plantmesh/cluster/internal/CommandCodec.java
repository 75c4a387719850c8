package io.plantmesh.cluster.internal;

import io.plantmesh.cluster.WriteCommand;
import io.plantmesh.cluster.WriteInterlock;
import io.plantmesh.cluster.WriteRejectedException;
import io.plantmesh.core.Quality;
import io.plantmesh.core.TagPath;
import io.plantmesh.core.WriteRefusedException;
import io.plantmesh.core.WriteResult;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * The plaintext of routed writes: a request (the command and the epoch the router saw) and an
 * outcome (the device's answer, a refusal, or a marker that the command is being applied). Each
 * travels sealed; the structure names below go into the seal's associated data, so a request sealed
 * for one owner does not open at another, and an outcome cannot be moved to another command.
 */
public final class CommandCodec {
  private static final int REQUEST = 1;
  private static final int RESULT = 2;
  private static final int REJECTED = 3;
  private static final int IN_PROGRESS = 4;
  private static final WriteRejectedException.Reason[] REASONS =
      WriteRejectedException.Reason.values();
  private static final WriteRefusedException.Reason[] REFUSALS =
      WriteRefusedException.Reason.values();

  private CommandCodec() {}

  /** A command on its way to the owner, with the epoch the router saw. */
  public record Request(WriteCommand command, long epoch) {}

  /** What became of a command. */
  public sealed interface Outcome permits Result, Rejected, InProgress {}

  /** The device answered. */
  public record Result(WriteResult result) implements Outcome {}

  /** Refused or failed; {@code refusal} is the source's own reason, or null. */
  public record Rejected(
      WriteRejectedException.Reason reason, String message, WriteRefusedException.Reason refusal)
      implements Outcome {
    public WriteRejectedException toException(UUID commandId) {
      return new WriteRejectedException(reason, commandId, message, refusal);
    }
  }

  /** Stored while the owner applies the command: a retry must not apply it again. */
  public record InProgress(UUID owner, String ownerName) implements Outcome {}

  /** Requests to {@code owner} are sealed under this name. */
  public static String requestStructure(UUID owner) {
    return "plantmesh.commands/" + owner;
  }

  public static String responseStructure(UUID commandId) {
    return "plantmesh.commands.response/" + commandId;
  }

  public static String resultStructure(UUID commandId) {
    return CoordinationSetup.RESULTS_MAP + "/" + commandId;
  }

  public static byte[] encode(Request r) {
    WriteCommand c = r.command();
    Bytes.Writer w = new Bytes.Writer(128);
    w.u8(REQUEST);
    uuid(w, c.commandId());
    w.string(c.sourceId()).string(c.path().toString());
    ReadingCodec.writeValue(w, c.value());
    w.zigzag(c.expiresAt().getEpochSecond()).varLong(c.expiresAt().getNano());
    w.string(c.requestedBy()).varLong(r.epoch());
    WriteInterlock il = c.interlock();
    if (il != null) {
      // Only when there is one, so that members that know no interlocks still read the rest.
      w.u8(1).string(il.condition());
      w.u8(il.staleAfter() == null ? 0 : 1);
      if (il.staleAfter() != null) {
        w.zigzag(il.staleAfter().getSeconds()).varLong(il.staleAfter().getNano());
      }
      w.u8(il.uncertainAsUnknown() ? 1 : 0);
    }
    return w.toByteArray();
  }

  /**
   * @throws IllegalArgumentException naming what is malformed
   */
  public static Request decodeRequest(byte[] bytes) {
    Bytes.Reader in = new Bytes.Reader(bytes);
    try {
      expect(in, REQUEST);
      UUID id = uuid(in);
      String source = in.string();
      TagPath path = TagPath.of(in.string());
      var value = ReadingCodec.readValue(in, 0);
      long seconds = in.zigzag();
      Instant expires = Instant.ofEpochSecond(seconds, in.varLong());
      String by = in.string();
      long epoch = in.varLong();
      WriteInterlock interlock = null;
      if (in.remaining() > 0) {
        if (in.u8() != 1) {
          throw new IllegalArgumentException("unknown interlock marker");
        }
        String condition = in.string();
        Duration staleAfter = in.u8() == 1 ? Duration.ofSeconds(in.zigzag(), in.varLong()) : null;
        interlock = new WriteInterlock(condition, staleAfter, in.u8() == 1);
      }
      Request r =
          new Request(new WriteCommand(id, source, path, value, expires, by, interlock), epoch);
      end(in);
      return r;
    } catch (IllegalArgumentException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(e.getClass().getSimpleName() + ": " + e.getMessage(), e);
    }
  }

  public static byte[] encode(Outcome o) {
    Bytes.Writer w = new Bytes.Writer(96);
    if (o instanceof Result r) {
      WriteResult x = r.result();
      w.u8(RESULT).string(x.path().toString());
      w.varLong(x.status().statusCode()).string(x.status().symbolicName());
      ReadingCodec.writeValue(w, x.writtenValue());
    } else if (o instanceof Rejected r) {
      w.u8(REJECTED).u8(r.reason().ordinal()).string(r.message());
      w.u8(r.refusal() == null ? 0 : r.refusal().ordinal() + 1);
    } else if (o instanceof InProgress p) {
      w.u8(IN_PROGRESS);
      uuid(w, p.owner());
      w.string(p.ownerName());
    }
    return w.toByteArray();
  }

  /**
   * @throws IllegalArgumentException naming what is malformed
   */
  public static Outcome decodeOutcome(byte[] bytes) {
    Bytes.Reader in = new Bytes.Reader(bytes);
    try {
      int kind = in.u8();
      Outcome o =
          switch (kind) {
            case RESULT -> {
              TagPath path = TagPath.of(in.string());
              Quality q = Quality.of(in.varLong(), in.string());
              yield new Result(new WriteResult(path, q, ReadingCodec.readValue(in, 0)));
            }
            case REJECTED -> {
              int reason = in.u8();
              if (reason >= REASONS.length) {
                throw new IllegalArgumentException("unknown rejection reason " + reason);
              }
              String message = in.string();
              int refusal = in.u8();
              if (refusal > REFUSALS.length) {
                throw new IllegalArgumentException("unknown source refusal " + refusal);
              }
              yield new Rejected(
                  REASONS[reason], message, refusal == 0 ? null : REFUSALS[refusal - 1]);
            }
            case IN_PROGRESS -> new InProgress(uuid(in), in.string());
            default -> throw new IllegalArgumentException("unknown outcome kind " + kind);
          };
      end(in);
      return o;
    } catch (IllegalArgumentException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(e.getClass().getSimpleName() + ": " + e.getMessage(), e);
    }
  }

  private static void expect(Bytes.Reader in, int kind) {
    int k = in.u8();
    if (k != kind) {
      throw new IllegalArgumentException("expected message kind " + kind + ", got " + k);
    }
  }

  private static void end(Bytes.Reader in) {
    if (in.remaining() != 0) {
      throw new IllegalArgumentException(in.remaining() + " bytes left after the message");
    }
  }

  private static void uuid(Bytes.Writer w, UUID id) {
    w.fixed64(id.getMostSignificantBits()).fixed64(id.getLeastSignificantBits());
  }

  private static UUID uuid(Bytes.Reader in) {
    return new UUID(in.fixed64(), in.fixed64());
  }
}
