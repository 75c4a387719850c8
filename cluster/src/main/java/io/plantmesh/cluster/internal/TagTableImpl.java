package io.plantmesh.cluster.internal;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import io.plantmesh.cluster.MeshConfig;
import io.plantmesh.cluster.MeshMember;
import io.plantmesh.cluster.MeshMembershipListener;
import io.plantmesh.cluster.Registration;
import io.plantmesh.cluster.TagChangeListener;
import io.plantmesh.cluster.TagTable;
import io.plantmesh.core.Reading;
import io.plantmesh.core.TagPath;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tag table: local batches are sealed and fanned out to every member, and applied to the local
 * view; peers' batches are opened, checked against the sender's sequence (a gap asks for a
 * snapshot, a repeat is a replay and is dropped) and applied.
 */
public final class TagTableImpl implements TagTable, AutoCloseable {
  public static final String READINGS = "plantmesh.readings";
  public static final String CONTROL = "plantmesh.control";
  private static final Logger LOG = LoggerFactory.getLogger(TagTableImpl.class);

  private final UUID self;
  private final Envelopes envelopes;
  private final Fanout readings;
  private final Fanout control;
  private final Fanout snapshots;
  private final LocalView view;
  private final SnapshotSync sync;
  private final Counters counters;
  private final int chunkSize;
  private final Registration membershipRegistration;
  private final RateLimitedLog sequenceLog = new RateLimitedLog(LOG, 100);

  /** The last sequence seen from each sending member. Touched on the readings event thread. */
  private final ConcurrentHashMap<UUID, Long> lastSequence = new ConcurrentHashMap<>();

  /**
   * Envelope size a message is cut to, below {@code mesh.table.max-readings-per-message}. Hazelcast
   * serializes each published message through a pooled buffer that keeps 32 KB between uses (8
   * times its 4 KB initial size, not configurable on a member); a larger message grows the buffer,
   * is copied out of it, and the grown buffer is replaced by a fresh 32 KB one: about 2.5 times the
   * message in garbage on the publisher's thread. With 1,000 readings of ~60 bytes (60 KB) that was
   * the largest share of the collecting node's allocation at 100,000 readings/s, and more young GC
   * pauses; below 32 KB the pooled buffer is reused.
   */
  static final int MESSAGE_BYTES = 30 * 1024;

  private final Object publishLock = new Object();
  private long sequence;

  /** The plaintext of the message being sealed; reused under {@link #publishLock}. */
  private final Bytes.Writer scratch = new Bytes.Writer(MESSAGE_BYTES + 4096);

  /** Envelope bytes per reading of the last message: how many readings the next one takes. */
  private int bytesPerReading = 64;

  private volatile boolean closed;

  public TagTableImpl(
      HazelcastInstance hz,
      Fanout readings,
      UUID self,
      String memberName,
      Envelopes envelopes,
      Membership membership,
      MeshConfig.Table settings,
      Counters counters) {
    this.self = self;
    this.envelopes = envelopes;
    this.readings = readings;
    this.control = new TopicFanout(hz, CONTROL);
    this.snapshots = new TopicFanout(hz, SnapshotSync.topicOf(self));
    this.counters = counters;
    this.chunkSize = settings.maxReadingsPerMessage();
    this.view = new LocalView(memberName, settings.applyQueueCapacity(), counters);
    this.sync =
        new SnapshotSync(
            hz,
            self,
            memberName,
            membership,
            envelopes,
            control,
            view,
            chunkSize,
            settings.snapshotTimeout(),
            counters);
    this.membershipRegistration =
        membership.addListener(
            new MeshMembershipListener() {
              @Override
              public void memberLeft(MeshMember member) {
                if (member.memberId() != null) {
                  lastSequence.remove(member.memberId());
                }
              }
            });
  }

  /** Starts listening, then asks a peer for the current table. */
  public void start() {
    snapshots.listen(this::onSnapshotChunk);
    control.listen(this::onControl);
    readings.listen(this::onReadings);
    sync.requestSync("joining the mesh");
  }

  /** After a split brain heals, each side has missed the other's readings. */
  public void resync(String reason) {
    sync.requestSync(reason);
  }

  /**
   * This member merged into the larger side after a split brain: it asks a peer for the table and
   * tells every peer to ask it for its own, so that both sides end with the newest of each tag.
   */
  public void merged() {
    sync.requestSync("a split brain healed");
    try {
      control.publish(envelopes.seal(control.name(), new MeshMessages.Merged()));
    } catch (RuntimeException e) {
      LOG.warn("Could not tell the peers about the merge: {}", e.toString());
    }
  }

  @Override
  public void publish(String sourceId, List<Reading> batch) {
    Objects.requireNonNull(sourceId, "sourceId");
    if (sourceId.isEmpty()) {
      throw new IllegalArgumentException(
          "sourceId is empty: " + batch.size() + " readings not published");
    }
    if (closed) {
      throw new IllegalStateException(
          "the mesh is closed: " + batch.size() + " readings of " + sourceId + " not published");
    }
    if (batch.isEmpty()) {
      return;
    }
    int from = 0;
    while (from < batch.size()) {
      List<Reading> chunk;
      synchronized (publishLock) {
        int count = Math.min(chunkSize, Math.max(1, MESSAGE_BYTES / bytesPerReading));
        chunk = batch.subList(from, Math.min(batch.size(), from + count));
        // Sequence and publish under one lock: peers must see sequences in order.
        long seq = ++sequence;
        byte[] envelope =
            envelopes.seal(
                readings.name(), new MeshMessages.Readings(seq, sourceId, chunk), scratch);
        readings.publish(envelope);
        bytesPerReading = Math.max(1, (envelope.length + chunk.size() - 1) / chunk.size());
      }
      counters.messagesPublished.increment();
      counters.readingsPublished.add(chunk.size());
      from += chunk.size();
    }
    view.enqueue(sourceId, batch);
  }

  private void onReadings(byte[] envelope, Member publisher) {
    Envelopes.Inbound in = envelopes.open(readings.name(), envelope, publisher);
    if (in == null) {
      return;
    }
    if (!(in.message() instanceof MeshMessages.Readings r)) {
      counters.refusedMalformed.increment();
      LOG.warn("Refused a {} on {}", in.message().getClass().getSimpleName(), readings.name());
      return;
    }
    Long last = lastSequence.get(in.sender());
    if (last != null && r.sequence() <= last) {
      counters.duplicateMessages.increment();
      sequenceLog.warn(
          "Dropped reading message {} from member {}: already had up to {} (a replay or a"
              + " duplicate)",
          r.sequence(),
          in.sender(),
          last);
      return;
    }
    lastSequence.put(in.sender(), r.sequence());
    if (last != null && r.sequence() > last + 1) {
      counters.sequenceGaps.add(r.sequence() - last - 1);
      sequenceLog.warn(
          "Missed reading messages {}..{} from member {}: asking for a snapshot",
          last + 1,
          r.sequence() - 1,
          in.sender());
      sync.requestRepair(in.sender());
    }
    counters.readingsReceived.add(r.readings().size());
    view.enqueue(r.sourceId(), r.readings());
  }

  private void onControl(byte[] envelope, Member publisher) {
    Envelopes.Inbound in = envelopes.open(control.name(), envelope, publisher);
    if (in != null && in.message() instanceof MeshMessages.SnapshotRequest q) {
      sync.onRequest(q, in.sender());
    } else if (in != null && in.message() instanceof MeshMessages.Merged) {
      sync.requestFromMerged(in.sender());
    } else if (in != null) {
      counters.refusedMalformed.increment();
      LOG.warn("Refused a {} on {}", in.message().getClass().getSimpleName(), control.name());
    }
  }

  private void onSnapshotChunk(byte[] envelope, Member publisher) {
    Envelopes.Inbound in = envelopes.open(snapshots.name(), envelope, publisher);
    if (in != null && in.message() instanceof MeshMessages.SnapshotChunk c) {
      sync.onChunk(c, in.sender());
    } else if (in != null) {
      counters.refusedMalformed.increment();
      LOG.warn("Refused a {} on {}", in.message().getClass().getSimpleName(), snapshots.name());
    }
  }

  @Override
  public Optional<Reading> get(TagPath path) {
    return view.get(path);
  }

  @Override
  public Optional<String> sourceOf(TagPath path) {
    return view.sourceOf(Objects.requireNonNull(path, "path"));
  }

  @Override
  public List<Reading> readings(TagPath prefix) {
    return view.readings(Objects.requireNonNull(prefix, "prefix"));
  }

  @Override
  public List<Reading> readings() {
    return view.readings(null);
  }

  @Override
  public int size() {
    return view.size();
  }

  @Override
  public Registration subscribe(TagPath prefix, boolean replayCurrent, TagChangeListener listener) {
    return view.subscribe(
        Objects.requireNonNull(prefix, "prefix"), replayCurrent, Objects.requireNonNull(listener));
  }

  @Override
  public Registration subscribeAll(boolean replayCurrent, TagChangeListener listener) {
    return view.subscribe(null, replayCurrent, Objects.requireNonNull(listener));
  }

  @Override
  public boolean isSynced() {
    return sync.isSynced();
  }

  @Override
  public boolean awaitSynced(Duration timeout) throws InterruptedException {
    return sync.awaitSynced(timeout);
  }

  @Override
  public void close() {
    closed = true;
    membershipRegistration.close();
    readings.close();
    control.close();
    snapshots.close();
    sync.close();
    view.close();
  }
}
