package io.plantmesh.cluster.internal;

import com.hazelcast.cluster.Member;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Seals outgoing messages and opens incoming ones, refusing (and counting) what must not be
 * applied: envelopes that do not open, senders that are untrusted or impersonated, and plaintext
 * that does not decode.
 */
public final class Envelopes {
  private static final Logger LOG = LoggerFactory.getLogger(Envelopes.class);

  private final UUID self;
  private final Sealer sealer;
  private final MeshMessages messages;
  private final Membership membership;
  private final Counters counters;
  private final RateLimitedLog refusedLog = new RateLimitedLog(LOG, 1000);

  public Envelopes(
      UUID self, Sealer sealer, MeshMessages messages, Membership membership, Counters counters) {
    this.self = self;
    this.sealer = sealer;
    this.messages = messages;
    this.membership = membership;
    this.counters = counters;
  }

  /** An opened message and the member that sealed it. */
  public record Inbound(UUID sender, MeshMessages.Message message) {}

  public byte[] seal(String structure, MeshMessages.Message m) {
    return sealer.seal(structure, self, messages.encode(m));
  }

  /**
   * Seals {@code m}, encoding it in {@code scratch} (emptied first): for a caller that seals many
   * messages on one thread, whose plaintext then costs no garbage.
   */
  public byte[] seal(String structure, MeshMessages.Message m, Bytes.Writer scratch) {
    messages.encode(scratch.reset(), m);
    return sealer.seal(structure, self, scratch.array(), scratch.size());
  }

  /**
   * Opens an envelope received on {@code structure}.
   *
   * @return the message, or null when it was this member's own or was refused (counted, logged)
   */
  public Inbound open(String structure, byte[] envelope, Member publisher) {
    UUID claimed;
    try {
      claimed = Sealer.claimedSender(envelope);
    } catch (SealException e) {
      counters.refusedUnopenable.increment();
      refusedLog.warn(
          "Refused a payload on {} from {}: {}", structure, describe(publisher), e.getMessage());
      return null;
    }
    String refusal = membership.refusal(claimed, publisher);
    if (refusal != null) {
      counters.refusedUntrusted.increment();
      refusedLog.warn("Refused a payload on {}: {}", structure, refusal);
      return null;
    }
    if (claimed.equals(self)) {
      // Our own message, echoed by the topic: already applied locally.
      return null;
    }
    Sealer.Opened opened;
    try {
      opened = sealer.open(structure, envelope);
    } catch (SealException e) {
      counters.refusedUnopenable.increment();
      refusedLog.warn(
          "Refused a payload on {} from {} claiming member {}: {}",
          structure,
          describe(publisher),
          claimed,
          e.getMessage());
      return null;
    }
    try {
      return new Inbound(opened.sender(), messages.decode(opened.plaintext()));
    } catch (IllegalArgumentException e) {
      counters.refusedMalformed.increment();
      refusedLog.warn(
          "Refused a payload on {} from member {}: it opened but is malformed: {}",
          structure,
          claimed,
          e.getMessage());
      return null;
    }
  }

  private static String describe(Member publisher) {
    if (publisher == null) {
      return "an unknown member";
    }
    return publisher.getAttributes().getOrDefault(MemberAttributes.NAME, "hazelcast")
        + "@"
        + publisher.getAddress().getHost()
        + ":"
        + publisher.getAddress().getPort();
  }
}
