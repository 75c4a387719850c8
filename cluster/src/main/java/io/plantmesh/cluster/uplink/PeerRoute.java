package io.plantmesh.cluster.uplink;

import io.plantmesh.cluster.Mesh;
import io.plantmesh.cluster.uplink.internal.PeerLink;
import io.plantmesh.cluster.uplink.internal.RelayCodec;
import io.plantmesh.kafka.forward.Route;
import io.plantmesh.kafka.forward.UplinkException;
import io.plantmesh.kafka.forward.UplinkRecord;
import java.time.Duration;
import java.util.Objects;

/**
 * A way upstream through a peer's uplink: for a node whose own uplink is down (the {@link
 * io.plantmesh.kafka.forward.Forwarder}'s second route) or that has none (its only route). Records
 * are shipped in batches, sealed under the cluster key, to the {@link UplinkRelay} of a trusted
 * peer whose uplink is UP (DEGRADED when none is), the same peer for as long as it works, so that
 * each tag's records reach Kafka in order. A record's delivery completes once the peer confirmed
 * Kafka's acknowledgement; when the peer leaves the mesh or does not answer in time, with {@link
 * UplinkException.Kind#NO_PEER}, and the forwarder sends it again from the Outbox: a record may
 * reach Kafka twice (consumers deduplicate by id), never not at all.
 *
 * <p>{@link #probe} succeeds when a trusted peer whose uplink is UP takes a ping.
 */
public final class PeerRoute implements Route {
  /**
   * How records are batched and how long a peer may take.
   *
   * @param batchRecords records per batch, at most
   * @param batchBytes bytes per batch, about (a record larger than this goes alone)
   * @param linger how long the first record of a batch waits for more
   * @param batchesInFlight batches sent and not yet answered, at most
   * @param answerTimeout how long a batch may go unanswered before its records go back to the
   *     Outbox; must exceed the relays' {@link UplinkRelay#longestBatch()} (their Kafka delivery
   *     timeout, 30 s by default, plus a little)
   */
  public record Settings(
      int batchRecords,
      int batchBytes,
      Duration linger,
      int batchesInFlight,
      Duration answerTimeout) {
    public Settings {
      if (batchRecords < 1 || batchRecords > RelayCodec.MAX_RECORDS) {
        throw new IllegalArgumentException(
            "uplink peer batch-records: "
                + batchRecords
                + " is out of range; between 1 and "
                + RelayCodec.MAX_RECORDS);
      }
      if (batchBytes < 1024 || batchBytes > 64 << 20) {
        throw new IllegalArgumentException(
            "uplink peer batch-bytes: "
                + batchBytes
                + " is out of range; between 1 KiB and 64 MiB");
      }
      Objects.requireNonNull(linger, "linger");
      if (linger.isNegative() || linger.compareTo(Duration.ofSeconds(1)) > 0) {
        throw new IllegalArgumentException(
            "uplink peer linger: " + linger + " is out of range; between 0 and 1s");
      }
      if (batchesInFlight < 1 || batchesInFlight > 16) {
        throw new IllegalArgumentException(
            "uplink peer batches-in-flight: "
                + batchesInFlight
                + " is out of range; between 1 and 16");
      }
      Objects.requireNonNull(answerTimeout, "answerTimeout");
      if (answerTimeout.compareTo(Duration.ofSeconds(1)) < 0) {
        throw new IllegalArgumentException(
            "uplink peer answer-timeout: " + answerTimeout + " must be at least 1s");
      }
    }

    /** 500 records or 1 MiB, 20 ms linger, 4 batches in flight, 40 s answer timeout. */
    public static Settings defaults() {
      return new Settings(500, 1 << 20, Duration.ofMillis(20), 4, Duration.ofSeconds(40));
    }
  }

  private final PeerLink link;

  /**
   * Starts the route for this member of {@code mesh}; peers are those {@code directory} lists.
   * Nothing is sent until the forwarder sends.
   */
  public PeerRoute(Mesh mesh, UplinkDirectory directory, Settings settings) {
    this.link =
        new PeerLink(
            mesh,
            directory,
            new PeerLink.Limits(
                settings.batchRecords(),
                settings.batchBytes(),
                settings.linger(),
                settings.batchesInFlight(),
                settings.answerTimeout()));
  }

  /** {@code peer:<node>} of the peer in use, or {@code peer} while none is. */
  @Override
  public String name() {
    String p = link.peerName();
    return p == null ? "peer" : "peer:" + p;
  }

  @Override
  public void probe(Duration timeout) {
    link.probe(timeout);
  }

  @Override
  public void send(UplinkRecord record, Delivery delivery) {
    link.send(record, delivery);
  }

  public PeerRouteStats stats() {
    return new PeerRouteStats(
        link.peerName(),
        link.batchesSent(),
        link.recordsSent(),
        link.recordsAcknowledged(),
        link.recordsFailed(),
        link.peerChanges(),
        link.buffered(),
        link.batchesInFlight());
  }

  /** Stops; records not yet confirmed complete with NO_PEER and stay in the Outbox. */
  @Override
  public void close() {
    link.close();
  }
}
