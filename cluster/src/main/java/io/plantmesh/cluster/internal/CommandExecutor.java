package io.plantmesh.cluster.internal;

import static io.plantmesh.cluster.WriteRejectedException.Reason.DEVICE_ERROR;
import static io.plantmesh.cluster.WriteRejectedException.Reason.EXPIRED;
import static io.plantmesh.cluster.WriteRejectedException.Reason.INTERLOCK;
import static io.plantmesh.cluster.WriteRejectedException.Reason.NO_QUORUM;
import static io.plantmesh.cluster.WriteRejectedException.Reason.STALE;
import static io.plantmesh.cluster.WriteRejectedException.Reason.TIMEOUT;
import static io.plantmesh.cluster.WriteRejectedException.Reason.UNTRUSTED;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import io.plantmesh.cluster.MeshConfig;
import io.plantmesh.cluster.QuorumState;
import io.plantmesh.cluster.Registration;
import io.plantmesh.cluster.WriteCommand;
import io.plantmesh.cluster.WriteHandler;
import io.plantmesh.cluster.WriteRejectedException;
import io.plantmesh.cluster.internal.CommandCodec.InProgress;
import io.plantmesh.cluster.internal.CommandCodec.Outcome;
import io.plantmesh.cluster.internal.CommandCodec.Rejected;
import io.plantmesh.cluster.internal.CommandCodec.Request;
import io.plantmesh.cluster.internal.CommandCodec.Result;
import io.plantmesh.core.WriteRefusedException;
import io.plantmesh.core.WriteResult;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The owner's side of routed writes: opens a request, checks it (trusted sender, quorum, expiry,
 * ownership at the command's epoch), and applies each command id at most once through the node's
 * {@link WriteHandler}. Outcomes are kept in an IMap with a time to live, so a retry, also one that
 * reaches a new owner after a failover, gets the first outcome instead of a second write.
 */
public final class CommandExecutor {
  /** Where {@link WriteTask} finds this member's executor: Hazelcast's user context. */
  public static final String CONTEXT_KEY = "plantmesh.commands";

  private static final Logger LOG = LoggerFactory.getLogger(CommandExecutor.class);

  private final UUID self;
  private final String selfName;
  private final Membership membership;
  private final Sealer sealer;
  private final TrustedQuorum quorum;
  private final OwnershipManager ownership;
  private final IMap<String, byte[]> records;
  private final IMap<String, byte[]> results;
  private final MeshConfig.Writes settings;
  private final Counters counters;
  private final Interlocks interlocks;
  private final ConcurrentHashMap<UUID, CompletableFuture<Outcome>> inflight =
      new ConcurrentHashMap<>();
  private final RateLimitedLog forgedLog = new RateLimitedLog(LOG, 100);
  private volatile WriteHandler handler;

  public CommandExecutor(
      HazelcastInstance hz,
      UUID self,
      String selfName,
      Membership membership,
      Sealer sealer,
      TrustedQuorum quorum,
      OwnershipManager ownership,
      MeshConfig.Writes settings,
      Counters counters,
      Interlocks interlocks) {
    this.interlocks = interlocks;
    this.self = self;
    this.selfName = selfName;
    this.membership = membership;
    this.sealer = sealer;
    this.quorum = quorum;
    this.ownership = ownership;
    this.records = hz.getMap(OwnershipRecord.MAP);
    this.results = hz.getMap(CoordinationSetup.RESULTS_MAP);
    this.settings = settings;
    this.counters = counters;
  }

  public void setHandler(WriteHandler handler) {
    this.handler = handler;
  }

  /** Runs a sealed request; answers sealed, or with no bytes when the request does not open. */
  public byte[] execute(byte[] sealed) {
    counters.commandsReceived.increment();
    Sealer.Opened opened;
    Request req;
    try {
      opened = sealer.open(CommandCodec.requestStructure(self), sealed);
      req = CommandCodec.decodeRequest(opened.plaintext());
    } catch (SealException | IllegalArgumentException e) {
      counters.commandsRefusedForged.increment();
      forgedLog.warn(
          "Refused a write command that does not open (forged, sealed under another key, or meant"
              + " for another member): {}",
          e.getMessage());
      return new byte[0];
    }
    WriteCommand c = req.command();
    Outcome o = decide(req, opened.sender());
    if (o instanceof Rejected r) {
      counters.commandsRefused.increment();
      LOG.info("{} ({})", r.message(), r.reason());
    }
    return sealer.seal(CommandCodec.responseStructure(c.commandId()), self, CommandCodec.encode(o));
  }

  private Outcome decide(Request req, UUID sender) {
    WriteCommand c = req.command();
    if (!membership.view().byId().containsKey(sender)) {
      return rejected(
          UNTRUSTED,
          c,
          "refused: its sender (member " + sender + ") is not a trusted member of the mesh");
    }
    if (!quorum.hasQuorum()) {
      return new Rejected(NO_QUORUM, noQuorum(selfName, quorum.state()), null);
    }
    // No read of the result cache up front: applyOnce's putIfAbsent tells whether the id was seen.
    // Only a refusal below looks for a first outcome, so that a retry still gets it.
    String key = c.commandId().toString();
    Instant now = Instant.now();
    if (now.isAfter(c.expiresAt())) {
      return priorOr(
          c,
          key,
          EXPIRED,
          "refused as stale: it expired at "
              + c.expiresAt()
              + " ("
              + selfName
              + "'s clock: "
              + now
              + ")");
    }
    if (c.expiresAt().isAfter(now.plus(settings.resultTtl()))) {
      return rejected(
          EXPIRED,
          c,
          "refused: it expires more than mesh.writes.result-ttl ("
              + settings.resultTtl()
              + ") ahead; a replay after its result is forgotten could write twice");
    }
    Registration lease = ownership.lease(c.sourceId(), req.epoch());
    if (lease == null) {
      long held = ownership.heldEpoch(c.sourceId());
      return priorOr(
          c,
          key,
          STALE,
          "refused as stale: it was routed for epoch "
              + req.epoch()
              + (held == 0
                  ? " but " + selfName + " no longer owns the source"
                  : " but " + selfName + " holds the source at epoch " + held)
              + "; retry to route it to the current owner");
    }
    try {
      // The ownership record is read while applyOnce claims the command id: two round trips at
      // once. It is checked before the device, as the quorum is again.
      CompletableFuture<byte[]> record = records.getAsync(c.sourceId()).toCompletableFuture();
      WriteHandler h = handler;
      if (h == null) {
        return rejected(
            DEVICE_ERROR, c, "refused: " + selfName + " has no write handler (the node sets one)");
      }
      return applyOnce(h, c, key, req.epoch(), record);
    } finally {
      lease.close();
    }
  }

  private Outcome applyOnce(
      WriteHandler h, WriteCommand c, String key, long epoch, CompletableFuture<byte[]> record) {
    CompletableFuture<Outcome> mine = new CompletableFuture<>();
    CompletableFuture<Outcome> other = inflight.putIfAbsent(c.commandId(), mine);
    if (other != null) {
      counters.commandsDeduplicated.increment();
      return await(other, c);
    }
    boolean recording = false;
    try {
      byte[] marker = seal(c.commandId(), new InProgress(self, selfName));
      long ttl = settings.resultTtl().toMillis();
      byte[] existing = results.putIfAbsent(key, marker, ttl, TimeUnit.MILLISECONDS);
      Outcome o;
      boolean attempted = false;
      if (existing != null) {
        o = prior(c, existing);
      } else {
        String problem = recordProblem(c.sourceId(), epoch, record);
        if (problem != null) {
          o =
              rejected(
                  STALE,
                  c,
                  "refused as stale: " + problem + "; retry to route it to the current owner");
        } else if (!quorum.hasQuorum()) {
          // Again, last thing before the device: reading the record can take as long as a lost
          // member takes to be removed, and the quorum may have gone meanwhile.
          o = new Rejected(NO_QUORUM, noQuorum(selfName, quorum.state()), null);
        } else {
          o = apply(h, c);
          attempted =
              !(o instanceof Rejected r && (r.refusal() != null || r.reason() == INTERLOCK));
        }
      }
      if (existing == null) {
        try {
          if (!attempted) {
            // Not attempted: the id is not spent, a retry may write (so before answering).
            results.remove(key, marker);
          } else {
            // Stored while the answer goes back: until it is, a retry reaching this member gets
            // the outcome from the in-flight entry, kept until then.
            recording = true;
            results
                .putAsync(key, seal(c.commandId(), o), ttl, TimeUnit.MILLISECONDS)
                .whenComplete(
                    (v, e) -> {
                      if (e != null) {
                        LOG.warn(
                            "Could not record the outcome of command {}: {}",
                            c.commandId(),
                            e.toString());
                      }
                      inflight.remove(c.commandId(), mine);
                    });
          }
        } catch (RuntimeException e) {
          recording = false;
          LOG.warn("Could not record the outcome of command {}: {}", c.commandId(), e.toString());
        }
      }
      mine.complete(o);
      return o;
    } catch (RuntimeException e) {
      Outcome o = rejected(TIMEOUT, c, "recording it failed (" + e + "); its outcome is unknown");
      mine.complete(o);
      return o;
    } finally {
      if (!recording) {
        inflight.remove(c.commandId(), mine);
      }
    }
  }

  /**
   * The first outcome of {@code c} when one is recorded (a retry refused here still gets it, as
   * after a failover to a member whose checks it does not pass), else the refusal.
   */
  private Outcome priorOr(
      WriteCommand c, String key, WriteRejectedException.Reason reason, String why) {
    try {
      Outcome prior = prior(c, results.get(key));
      if (prior != null) {
        return prior;
      }
    } catch (RuntimeException e) {
      LOG.debug("Could not read the outcome of command {}: {}", c.commandId(), e.toString());
    }
    return rejected(reason, c, why);
  }

  private Outcome apply(WriteHandler h, WriteCommand c) {
    if (c.interlock() != null) {
      // The last thing before the device, with this member's latest readings.
      String refusal = interlocks.refusal(c.interlock());
      if (refusal != null) {
        return rejected(INTERLOCK, c, "refused: " + refusal);
      }
    }
    counters.commandsExecuted.increment();
    Outcome o = write(h, c);
    // Logged once the device answered: off the way to the device, and it says how it went.
    LOG.info(
        "Wrote {} = {} on source {} (command {} from {}): {}",
        c.path(),
        c.value(),
        c.sourceId(),
        c.commandId(),
        c.requestedBy(),
        o instanceof Result r
            ? r.result().status()
            : o instanceof Rejected j ? j.reason() + " (" + j.message() + ")" : o);
    return o;
  }

  private Outcome write(WriteHandler h, WriteCommand c) {
    try {
      WriteResult r =
          h.write(c.sourceId(), c.path(), c.value())
              .toCompletableFuture()
              .get(settings.timeout().toMillis(), TimeUnit.MILLISECONDS);
      return r == null
          ? rejected(DEVICE_ERROR, c, "the write handler answered nothing")
          : new Result(r);
    } catch (ExecutionException e) {
      return failure(c, e.getCause());
    } catch (TimeoutException e) {
      return rejected(
          TIMEOUT,
          c,
          "the source did not answer within mesh.writes.timeout ("
              + settings.timeout()
              + "); the write may or may not have been applied");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return rejected(TIMEOUT, c, "interrupted while writing; its outcome is unknown");
    } catch (RuntimeException e) {
      return failure(c, e);
    }
  }

  private Outcome failure(WriteCommand c, Throwable t) {
    if (t instanceof WriteRefusedException r) {
      return new Rejected(
          DEVICE_ERROR,
          "command "
              + c.commandId()
              + ": source "
              + c.sourceId()
              + " refused it: "
              + r.getMessage(),
          r.reason());
    }
    return rejected(
        DEVICE_ERROR,
        c,
        "the write failed on "
            + selfName
            + " ("
            + t
            + "); it may or may not have been applied, and a retry returns this answer");
  }

  /** The outcome recorded for a command, or null when none is. */
  private Outcome prior(WriteCommand c, byte[] stored) {
    if (stored == null) {
      return null;
    }
    Outcome o;
    try {
      Sealer.Opened opened = sealer.open(CommandCodec.resultStructure(c.commandId()), stored);
      o = CommandCodec.decodeOutcome(opened.plaintext());
    } catch (SealException | IllegalArgumentException e) {
      counters.commandsRefusedForged.increment();
      return rejected(TIMEOUT, c, "its recorded outcome does not open (" + e.getMessage() + ")");
    }
    counters.commandsDeduplicated.increment();
    if (o instanceof InProgress p) {
      CompletableFuture<Outcome> f = p.owner().equals(self) ? inflight.get(c.commandId()) : null;
      if (f != null) {
        return await(f, c);
      }
      return rejected(
          TIMEOUT,
          c,
          "a first attempt is being applied by "
              + p.ownerName()
              + ", or was when it failed; its outcome is unknown here: retry later with the same"
              + " command id for its result");
    }
    return o;
  }

  private Outcome await(CompletableFuture<Outcome> f, WriteCommand c) {
    try {
      return f.get(settings.timeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return rejected(TIMEOUT, c, "interrupted while waiting for its first attempt");
    } catch (ExecutionException | TimeoutException e) {
      return rejected(TIMEOUT, c, "its first attempt is still running; retry for its result");
    }
  }

  /** Why the source's ownership record (being read) does not name this member at the epoch. */
  private String recordProblem(String sourceId, long epoch, CompletableFuture<byte[]> record) {
    byte[] stored;
    try {
      stored = record.get(settings.timeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted while reading the ownership record";
    } catch (ExecutionException | TimeoutException e) {
      return "the ownership record could not be read ("
          + (e instanceof ExecutionException ? e.getCause() : e)
          + ")";
    }
    if (stored == null) {
      return "the source has no ownership record";
    }
    try {
      OwnershipRecord r = OwnershipRecord.open(sealer, sourceId, stored);
      if (r.active() && r.owner().equals(self) && r.epoch() == epoch) {
        return null;
      }
      return "the ownership record names "
          + r.ownerName()
          + " at epoch "
          + r.epoch()
          + (r.active() ? "" : " (released)");
    } catch (SealException e) {
      return "the ownership record does not open (" + e.getMessage() + ")";
    }
  }

  private byte[] seal(UUID commandId, Outcome o) {
    return sealer.seal(CommandCodec.resultStructure(commandId), self, CommandCodec.encode(o));
  }

  private static Rejected rejected(
      WriteRejectedException.Reason reason, WriteCommand c, String why) {
    return new Rejected(
        reason,
        "command " + c.commandId() + " for " + c.sourceId() + " " + c.path() + ": " + why,
        null);
  }

  /** The message of a NO_QUORUM refusal, for the router and the owner alike. */
  static String noQuorum(String member, QuorumState q) {
    return member
        + " is cut off from the majority of the mesh ("
        + q.trustedMembers()
        + " trusted member(s) in view, "
        + q.minMembers()
        + " needed): writes are refused until the partition heals";
  }
}
