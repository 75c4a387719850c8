package io.plantmesh.cluster.uplink.internal;

import io.plantmesh.kafka.forward.UplinkException.Kind;
import io.plantmesh.kafka.forward.UplinkRecord;
import io.plantmesh.outbox.Priority;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The relay's messages. A request is sealed for one relay (the structure names its member id, so a
 * batch meant for node-b does not open at node-c); an answer is sealed under its batch id, so an
 * answer cannot be passed off as another batch's.
 *
 * <p>What travels over Hazelcast is a reply: a tag byte, then either the sealed answer or, when the
 * request did not open (another cluster key, forged), a refusal in plain text. A plain refusal is
 * never taken as an acknowledgement: anyone could forge one, and all it can cause is a resend.
 */
public final class RelayCodec {
  static final byte VERSION = 1;

  /** Records in one batch, at most: bounds a relay's memory per batch. */
  public static final int MAX_RECORDS = 10_000;

  /** The {@code seq} of a ping: an empty batch that only asks whether the relay would take one. */
  public static final long PING = -1;

  private static final int SEALED = 0;
  private static final int PLAIN = 1;
  private static final int RESULTS = 0;
  private static final int REFUSED = 1;
  private static final int MAX_PLAIN = 400;

  private RelayCodec() {}

  public static String requestStructure(UUID relay) {
    return "plantmesh.uplink.relay/" + relay;
  }

  public static String answerStructure(UUID batchId) {
    return "plantmesh.uplink.relay.answer/" + batchId;
  }

  /**
   * A batch for a relay.
   *
   * @param stream the sender's stream to this relay: batches of one stream are sent to Kafka in
   *     {@code seq} order
   * @param seq the batch's place in its stream, from 0; {@link #PING} for a ping
   * @param batchId binds the answer to this batch
   * @param expiresAt after this (the relay's clock) the relay refuses the batch: a captured batch
   *     cannot be replayed later
   * @param records what to send, in order
   */
  public record Request(
      UUID stream, long seq, UUID batchId, Instant expiresAt, List<UplinkRecord> records) {
    public Request {
      records = List.copyOf(records);
      if (records.size() > MAX_RECORDS) {
        throw new IllegalArgumentException(
            "a relay batch holds at most " + MAX_RECORDS + " records, got " + records.size());
      }
    }

    public boolean ping() {
      return seq == PING;
    }
  }

  /** Why a relay refuses a whole batch. */
  public enum Refusal {
    /** The sender is not a trusted member of the relay's mesh. */
    UNTRUSTED,
    /** The relay's own uplink is DOWN, or its last relayed deliveries all failed. */
    LINK_DOWN,
    /** The relay handles as many batches as it may already. */
    OVERLOADED,
    /** The batch expired before the relay got to it (or the clocks disagree). */
    EXPIRED,
    /** The relay is stopping. */
    CLOSED
  }

  /** A relay's answer to a request. */
  public sealed interface Answer permits Results, Refused {
    UUID batchId();
  }

  /** One outcome per record, in the request's order. */
  public record Results(UUID batchId, List<Result> results) implements Answer {
    public Results {
      results = List.copyOf(results);
    }
  }

  /** The whole batch refused; nothing of it was sent. */
  public record Refused(UUID batchId, Refusal reason, String message) implements Answer {}

  /**
   * One record's outcome.
   *
   * @param kind null when Kafka acknowledged the record, else the kind of failure
   * @param message why it failed, for people; "" when acknowledged
   */
  public record Result(Kind kind, String message) {
    public static final Result ACKNOWLEDGED = new Result(null, "");

    public boolean acknowledged() {
      return kind == null;
    }
  }

  /** What the task brought back: a sealed answer, or a refusal in plain text. */
  public record Reply(byte[] sealed, String plainRefusal) {}

  public static byte[] encode(Request r) {
    Wire.Writer w = new Wire.Writer(256 + r.records().size() * 256);
    w.u8(VERSION).uuid(r.stream()).i64(r.seq()).uuid(r.batchId()).i64(r.expiresAt().toEpochMilli());
    w.i32(r.records().size());
    for (UplinkRecord u : r.records()) {
      w.u8(u.priority().ordinal()).u8(u.replayed() ? 1 : 0).string(u.key()).string(u.id());
      w.i32(u.headers().size());
      u.headers().forEach((k, v) -> w.string(k).string(v));
      w.bytes(u.payload());
    }
    return w.toByteArray();
  }

  public static Request decodeRequest(byte[] data) {
    Wire.Reader r = new Wire.Reader(data);
    version(r);
    UUID stream = r.uuid();
    long seq = r.i64();
    UUID batch = r.uuid();
    Instant expires = Instant.ofEpochMilli(r.i64());
    int n = r.count(18);
    if (n > MAX_RECORDS) {
      throw new IllegalArgumentException("malformed: " + n + " records, at most " + MAX_RECORDS);
    }
    List<UplinkRecord> records = new ArrayList<>(n);
    Priority[] priorities = Priority.values();
    for (int i = 0; i < n; i++) {
      int p = r.u8();
      if (p >= priorities.length) {
        throw new IllegalArgumentException("malformed: priority " + p);
      }
      boolean replayed = r.u8() != 0;
      String key = r.string();
      String id = r.string();
      int h = r.count(8);
      Map<String, String> headers = new LinkedHashMap<>();
      for (int j = 0; j < h; j++) {
        headers.put(r.string(), r.string());
      }
      records.add(new UplinkRecord(priorities[p], key, id, headers, r.bytes(), replayed));
    }
    r.end();
    return new Request(stream, seq, batch, expires, records);
  }

  public static byte[] encode(Answer a) {
    Wire.Writer w = new Wire.Writer(64);
    w.u8(VERSION).uuid(a.batchId());
    if (a instanceof Refused f) {
      w.u8(REFUSED).string(f.reason().name()).string(f.message());
    } else {
      List<Result> results = ((Results) a).results();
      w.u8(RESULTS).i32(results.size());
      for (Result x : results) {
        if (x.acknowledged()) {
          w.u8(0);
        } else {
          w.u8(1).string(x.kind().name()).string(x.message());
        }
      }
    }
    return w.toByteArray();
  }

  public static Answer decodeAnswer(byte[] data) {
    Wire.Reader r = new Wire.Reader(data);
    version(r);
    UUID batch = r.uuid();
    int status = r.u8();
    Answer a;
    if (status == REFUSED) {
      Refusal reason;
      try {
        reason = Refusal.valueOf(r.string());
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("malformed: an unknown refusal");
      }
      a = new Refused(batch, reason, r.string());
    } else if (status == RESULTS) {
      int n = r.count(1);
      List<Result> results = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        results.add(r.u8() == 0 ? Result.ACKNOWLEDGED : new Result(kind(r.string()), r.string()));
      }
      a = new Results(batch, results);
    } else {
      throw new IllegalArgumentException("malformed: status " + status);
    }
    r.end();
    return a;
  }

  /** A kind this version does not know is treated as retriable. */
  private static Kind kind(String name) {
    try {
      return Kind.valueOf(name);
    } catch (IllegalArgumentException e) {
      return Kind.UNREACHABLE;
    }
  }

  public static byte[] sealedReply(byte[] sealed) {
    byte[] out = new byte[sealed.length + 1];
    out[0] = SEALED;
    System.arraycopy(sealed, 0, out, 1, sealed.length);
    return out;
  }

  public static byte[] plainReply(String refusal) {
    byte[] text = refusal.getBytes(StandardCharsets.UTF_8);
    byte[] out = new byte[text.length + 1];
    out[0] = PLAIN;
    System.arraycopy(text, 0, out, 1, text.length);
    return out;
  }

  /** Splits a reply; a plain refusal is cut short and stripped of control characters. */
  public static Reply reply(byte[] wire) {
    if (wire == null || wire.length == 0) {
      throw new IllegalArgumentException("an empty reply");
    }
    byte[] rest = java.util.Arrays.copyOfRange(wire, 1, wire.length);
    if (wire[0] == SEALED) {
      return new Reply(rest, null);
    }
    if (wire[0] == PLAIN) {
      String s = new String(rest, StandardCharsets.UTF_8).replaceAll("\\p{Cntrl}", " ");
      return new Reply(null, s.length() > MAX_PLAIN ? s.substring(0, MAX_PLAIN) + "..." : s);
    }
    throw new IllegalArgumentException("a reply of unknown type " + wire[0]);
  }

  private static void version(Wire.Reader r) {
    int v = r.u8();
    if (v != VERSION) {
      throw new IllegalArgumentException(
          "unknown version " + v + " (this member speaks " + VERSION + ")");
    }
  }
}
