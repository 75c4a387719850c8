package io.plantmesh.cluster.uplink.internal;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.IExecutorService;
import io.plantmesh.cluster.Mesh;
import io.plantmesh.cluster.MeshMember;
import io.plantmesh.cluster.MeshMembershipListener;
import io.plantmesh.cluster.Registration;
import io.plantmesh.cluster.internal.Sealer;
import io.plantmesh.cluster.uplink.PeerUplink;
import io.plantmesh.cluster.uplink.UplinkDirectory;
import io.plantmesh.cluster.uplink.internal.PeerChoice.Peer;
import io.plantmesh.kafka.forward.Route;
import io.plantmesh.kafka.forward.UplinkException;
import io.plantmesh.kafka.forward.UplinkException.Kind;
import io.plantmesh.kafka.forward.UplinkRecord;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sending side of uplink through a peer: buffers records, ships them in batches to the chosen
 * peer's relay over Hazelcast's executor, and completes each record's delivery from the relay's
 * answer. Records whose peer leaves the mesh or does not answer in time complete with {@link
 * Kind#NO_PEER}: the forwarder puts them back in the Outbox and sends them again.
 *
 * <p>Threads of its own: one shipper (batches, seals, submits, in order) and one per batch in
 * flight that waits for the answer; membership changes are handled on a thread of its own too, not
 * on Hazelcast's event thread.
 */
public final class PeerLink implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(PeerLink.class);

  /** How batches are formed and how long an answer may take. */
  public record Limits(
      int batchRecords, int batchBytes, Duration linger, int batchesInFlight, Duration answer) {}

  private record Pending(UplinkRecord record, Route.Delivery delivery, int bytes, long queuedAt) {}

  private final Mesh mesh;
  private final UplinkDirectory directory;
  private final Limits limits;
  private final Sealer sealer;
  private final IExecutorService executor;
  private final PeerChoice choice = new PeerChoice();
  private final Batches batches;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition ready = lock.newCondition();
  private final ArrayDeque<Pending> buffer = new ArrayDeque<>();
  private final Semaphore slots;
  private final Set<Batches.Batch> inFlight = ConcurrentHashMap.newKeySet();
  private final ExecutorService events;
  private final Thread shipper;
  private final Registration membership;
  private final LongAdder batchesSent = new LongAdder();
  private final LongAdder recordsSent = new LongAdder();
  private int bufferedBytes;
  private volatile boolean running = true;

  public PeerLink(Mesh mesh, UplinkDirectory directory, Limits limits) {
    this.mesh = mesh;
    this.directory = directory;
    this.limits = limits;
    this.sealer = MeshPeers.sealer(mesh);
    this.executor = mesh.hazelcast().getExecutorService(RelayTask.EXECUTOR);
    this.slots = new Semaphore(limits.batchesInFlight());
    String n = mesh.name();
    this.batches =
        new Batches(
            mesh.memberId(),
            sealer,
            limits.answer(),
            daemons(limits.batchesInFlight(), "plantmesh-peer-uplink-answers-" + n));
    this.events = daemons(1, "plantmesh-peer-uplink-events-" + n);
    this.shipper = new Thread(this::run, "plantmesh-peer-uplink-" + n);
    this.shipper.setDaemon(true);
    this.membership =
        mesh.addMembershipListener(
            new MeshMembershipListener() {
              @Override
              public void memberLeft(MeshMember m) {
                if (m.memberId() != null) {
                  try {
                    events.execute(() -> left(m));
                  } catch (java.util.concurrent.RejectedExecutionException e) {
                    // Closed: every batch in flight was failed already.
                  }
                }
              }
            });
    this.shipper.start();
  }

  private static ExecutorService daemons(int n, String name) {
    return Executors.newFixedThreadPool(
        n,
        r -> {
          Thread t = new Thread(r, name);
          t.setDaemon(true);
          return t;
        });
  }

  /** The peer in use, or null. */
  public String peerName() {
    Peer p = choice.current();
    return p == null ? null : p.name();
  }

  public void send(UplinkRecord r, Route.Delivery delivery) {
    int bytes = r.payload().length + r.key().length() + r.id().length() + 64;
    for (var h : r.headers().entrySet()) {
      bytes += h.getKey().length() + h.getValue().length() + 8;
    }
    lock.lock();
    try {
      if (running) {
        buffer.add(new Pending(r, delivery, bytes, System.nanoTime()));
        bufferedBytes += bytes;
        if (buffer.size() == 1
            || buffer.size() >= limits.batchRecords()
            || bufferedBytes >= limits.batchBytes()) {
          ready.signal();
        }
        return;
      }
    } finally {
      lock.unlock();
    }
    delivery.completed(new UplinkException(Kind.NO_PEER, "the peer route is closed"));
  }

  private void run() {
    while (running) {
      List<Pending> items;
      try {
        items = next();
        if (items.isEmpty()) {
          continue;
        }
      } catch (InterruptedException e) {
        return;
      }
      try {
        slots.acquire();
      } catch (InterruptedException e) {
        fail(items, new UplinkException(Kind.NO_PEER, "the peer route is closed"));
        return;
      }
      boolean shipped = false;
      try {
        shipped = ship(items);
      } catch (RuntimeException e) {
        // Before the batch was handed on (the member shutting down, say): every record fails once.
        LOG.warn("Uplink through a peer: a batch could not be shipped: {}", e.toString());
        fail(items, new UplinkException(Kind.NO_PEER, "the batch could not be shipped: " + e, e));
      } finally {
        if (!shipped) {
          slots.release();
        }
      }
    }
  }

  /** The next batch: once full (records or bytes), or once its oldest record waited the linger. */
  private List<Pending> next() throws InterruptedException {
    lock.lock();
    try {
      while (running && buffer.isEmpty()) {
        ready.await();
      }
      if (!running) {
        return List.of();
      }
      long deadline = buffer.peekFirst().queuedAt() + limits.linger().toNanos();
      while (running
          && buffer.size() < limits.batchRecords()
          && bufferedBytes < limits.batchBytes()) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          break;
        }
        ready.awaitNanos(left);
      }
      List<Pending> items = new ArrayList<>(Math.min(buffer.size(), limits.batchRecords()));
      int bytes = 0;
      while (!buffer.isEmpty()
          && items.size() < limits.batchRecords()
          && (items.isEmpty() || bytes + buffer.peekFirst().bytes() <= limits.batchBytes())) {
        Pending p = buffer.poll();
        bytes += p.bytes();
        items.add(p);
      }
      bufferedBytes -= bytes;
      return items;
    } finally {
      lock.unlock();
    }
  }

  /** Ships a batch; false when it failed at once (its slot is free again). */
  private boolean ship(List<Pending> items) {
    Peer peer = choice.choose(directory.peersWithUplink());
    if (peer == null) {
      fail(items, new UplinkException(Kind.NO_PEER, noPeer()));
      return false;
    }
    Optional<Member> target = MeshPeers.hazelcastMember(mesh, peer.member);
    if (target.isEmpty()) {
      choice.drop(peer, false);
      fail(items, new UplinkException(Kind.NO_PEER, peer.name() + " has left the mesh"));
      return false;
    }
    List<UplinkRecord> records = new ArrayList<>(items.size());
    List<Route.Delivery> deliveries = new ArrayList<>(items.size());
    for (Pending p : items) {
      records.add(p.record());
      deliveries.add(p.delivery());
    }
    Batches.Batch b = batches.prepare(peer, peer.seq.getAndIncrement(), records, deliveries);
    inFlight.add(b);
    try {
      b.submit(executor, target.get());
    } catch (RuntimeException e) {
      inFlight.remove(b);
      choice.drop(peer, false);
      b.fail(new UplinkException(Kind.NO_PEER, "cannot reach " + peer.name() + ": " + e, e));
      return false;
    }
    batchesSent.increment();
    recordsSent.add(items.size());
    batches.await(
        b,
        dropped -> {
          inFlight.remove(b);
          if (dropped != null) {
            choice.drop(peer, dropped);
          }
          slots.release();
        });
    return true;
  }

  private String noPeer() {
    return "no trusted peer with a working uplink in the mesh ("
        + directory.describePeers()
        + "); records stay in the Outbox";
  }

  /**
   * Succeeds when a trusted peer whose uplink is UP takes a ping: tries them in preference order,
   * each for its share of {@code timeout}, and sends through the first that answers.
   *
   * @throws UplinkException (NO_PEER) saying why no peer will do
   */
  public void probe(Duration timeout) {
    List<PeerUplink> up =
        directory.peers().stream()
            .filter(p -> p.state() == io.plantmesh.kafka.forward.LinkState.UP)
            .toList();
    if (up.isEmpty()) {
      throw new UplinkException(
          Kind.NO_PEER,
          "no trusted peer with an UP uplink in the mesh ("
              + directory.describePeers()
              + "); records stay in the Outbox");
    }
    List<PeerUplink> order = choice.preferred(up);
    long deadline = System.nanoTime() + timeout.toNanos();
    List<String> problems = new ArrayList<>();
    for (int i = 0; i < order.size(); i++) {
      PeerUplink p = order.get(i);
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        problems.add(p.name() + ": not tried within " + timeout.toMillis() + " ms");
        continue;
      }
      Duration share = Duration.ofNanos(left / (order.size() - i));
      Optional<Member> target = MeshPeers.hazelcastMember(mesh, p.member());
      String problem =
          target.isEmpty()
              ? "has left the mesh"
              : batches.ping(p.member(), executor, target.get(), share);
      if (problem == null) {
        choice.use(p);
        return;
      }
      problems.add(problem);
    }
    throw new UplinkException(
        Kind.NO_PEER, "no peer takes records now: " + String.join("; ", problems));
  }

  private void left(MeshMember m) {
    choice.left(m.memberId());
    int n = 0;
    for (Batches.Batch b : List.copyOf(inFlight)) {
      if (b.peer().id().equals(m.memberId())) {
        n +=
            b.fail(
                new UplinkException(
                    Kind.NO_PEER,
                    m.name()
                        + " left the mesh before confirming Kafka's acknowledgement; the records go"
                        + " back to the Outbox"));
      }
    }
    if (n > 0) {
      LOG.warn(
          "Uplink: peer {} left the mesh with {} records unconfirmed; they are sent again",
          m.name(),
          n);
    }
  }

  private static void fail(List<Pending> items, Exception e) {
    for (Pending p : items) {
      p.delivery().completed(e);
    }
  }

  public long batchesSent() {
    return batchesSent.sum();
  }

  public long recordsSent() {
    return recordsSent.sum();
  }

  public long recordsAcknowledged() {
    return batches.acknowledged();
  }

  public long recordsFailed() {
    return batches.failed();
  }

  public long peerChanges() {
    return choice.changes();
  }

  public int buffered() {
    lock.lock();
    try {
      return buffer.size();
    } finally {
      lock.unlock();
    }
  }

  public int batchesInFlight() {
    return inFlight.size();
  }

  /** Stops; buffered records and those in flight complete with NO_PEER (back to the Outbox). */
  @Override
  public void close() {
    List<Pending> left;
    lock.lock();
    try {
      if (!running) {
        return;
      }
      running = false;
      ready.signalAll();
      left = new ArrayList<>(buffer);
      buffer.clear();
      bufferedBytes = 0;
    } finally {
      lock.unlock();
    }
    membership.close();
    shipper.interrupt();
    try {
      shipper.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    UplinkException closed = new UplinkException(Kind.NO_PEER, "the peer route is closed");
    fail(left, closed);
    for (Batches.Batch b : List.copyOf(inFlight)) {
      b.fail(closed);
    }
    batches.close();
    events.shutdownNow();
  }
}
