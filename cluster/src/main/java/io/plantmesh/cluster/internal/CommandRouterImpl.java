package io.plantmesh.cluster.internal;

import static io.plantmesh.cluster.WriteRejectedException.Reason.EXPIRED;
import static io.plantmesh.cluster.WriteRejectedException.Reason.NO_OWNER;
import static io.plantmesh.cluster.WriteRejectedException.Reason.NO_QUORUM;
import static io.plantmesh.cluster.WriteRejectedException.Reason.STALE;
import static io.plantmesh.cluster.WriteRejectedException.Reason.TIMEOUT;
import static io.plantmesh.cluster.WriteRejectedException.Reason.UNTRUSTED;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.IExecutorService;
import com.hazelcast.map.IMap;
import io.plantmesh.cluster.CommandRouter;
import io.plantmesh.cluster.MeshConfig;
import io.plantmesh.cluster.MeshMember;
import io.plantmesh.cluster.SourceOwnership;
import io.plantmesh.cluster.WriteAudit;
import io.plantmesh.cluster.WriteAuditRecord;
import io.plantmesh.cluster.WriteCommand;
import io.plantmesh.cluster.WriteRejectedException;
import io.plantmesh.core.WriteResult;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sending side of routed writes: looks up the source's owner and epoch, seals the command for
 * that owner, sends it over Hazelcast's executor and opens the answer. Every attempt through {@link
 * #write} is audited with its result.
 *
 * <p>{@link #write} takes the owner and epoch from this member's own view of the source's ownership
 * when it has one (a source it declared; kept current by the ownership records' events), which
 * saves a read of the ownership map on every write. That view may lag a handover: the owner checks
 * the epoch against what it holds and its record, and refuses a stale one; the router then reads
 * the ownership map and sends once more, to the owner it names.
 */
public final class CommandRouterImpl implements CommandRouter, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(CommandRouterImpl.class);

  /** Beyond the device's time, for the trip and the owner's checks. */
  private static final long MARGIN_MS = 2_000;

  private final HazelcastInstance hz;
  private final UUID self;
  private final String selfName;
  private final Membership membership;
  private final Sealer sealer;
  private final TrustedQuorum quorum;
  private final MeshConfig.Writes settings;
  private final Counters counters;
  private final IMap<String, byte[]> records;
  private final IExecutorService executor;
  private final ExecutorService async;
  private final WriteAudit audit;
  private final OwnershipManager ownership;
  private final LongAdder rerouted = new LongAdder();

  /**
   * @param ownership this member's ownership of sources, whose view {@link #write} tries first
   */
  public CommandRouterImpl(
      HazelcastInstance hz,
      UUID self,
      String selfName,
      Membership membership,
      Sealer sealer,
      TrustedQuorum quorum,
      MeshConfig.Writes settings,
      Counters counters,
      WriteAudit audit,
      OwnershipManager ownership) {
    this.audit = audit;
    this.ownership = ownership;
    this.hz = hz;
    this.self = self;
    this.selfName = selfName;
    this.membership = membership;
    this.sealer = sealer;
    this.quorum = quorum;
    this.settings = settings;
    this.counters = counters;
    this.records = hz.getMap(OwnershipRecord.MAP);
    this.executor = hz.getExecutorService(CoordinationSetup.COMMANDS_EXECUTOR);
    this.async =
        Executors.newFixedThreadPool(
            2,
            r -> {
              Thread t = new Thread(r, "plantmesh-writes-" + selfName);
              t.setDaemon(true);
              return t;
            });
  }

  /** Where a command goes: the owner and the epoch it owns the source at. */
  public record Target(MeshMember owner, long epoch) {}

  @Override
  public WriteResult write(WriteCommand c) {
    Instant now = Instant.now();
    if (c.expiresAt().isAfter(now.plus(settings.resultTtl()))) {
      throw new IllegalArgumentException(
          "expiresAt: '"
              + c.expiresAt()
              + "' is more than mesh.writes.result-ttl ("
              + settings.resultTtl()
              + ") ahead: the owner would forget the result before the command expires");
    }
    try {
      WriteResult r = route(c);
      audit.record(WriteAuditRecord.answered(c, selfName, r.status()));
      return r;
    } catch (WriteRejectedException e) {
      audit.record(WriteAuditRecord.refused(c, selfName, e));
      throw e;
    }
  }

  @Override
  public CompletableFuture<WriteResult> writeAsync(WriteCommand c) {
    return CompletableFuture.supplyAsync(() -> write(c), async);
  }

  /**
   * Sends to the owner in this member's view when it has one, and once more to the owner in the
   * ownership map when that one refuses the command as stale (or is gone): a command refused for
   * its epoch was not applied, so sending it again with the same id is safe.
   */
  private WriteResult route(WriteCommand c) {
    check(c);
    return route(c, localTarget(c.sourceId()));
  }

  /** Sends {@code c} to {@code local} (this member's view; null when none), as {@link #route}. */
  WriteResult route(WriteCommand c, Target local) {
    if (local == null) {
      Target t = target(c);
      return send(c, t.owner(), t.epoch());
    }
    try {
      return send(c, local.owner(), local.epoch());
    } catch (WriteRejectedException e) {
      if (e.reason() != STALE && e.reason() != NO_OWNER) {
        throw e;
      }
      Target fresh = target(c);
      if (fresh.epoch() == local.epoch()
          && fresh.owner().memberId().equals(local.owner().memberId())) {
        throw e; // the view was current: the refusal is the owner's answer
      }
      rerouted.increment();
      LOG.debug(
          "Command {} for {}: this member's view of its owner was stale ({}); sent again to {} at"
              + " epoch {}",
          c.commandId(),
          c.sourceId(),
          e.getMessage(),
          fresh.owner().name(),
          fresh.epoch());
      return send(c, fresh.owner(), fresh.epoch());
    }
  }

  /** Commands sent again because this member's view of their source's owner was stale. */
  public long rerouted() {
    return rerouted.sum();
  }

  /** The owner and epoch in this member's ownership view, or null when it has none usable. */
  Target localTarget(String sourceId) {
    SourceOwnership o = ownership == null ? null : ownership.view().get(sourceId);
    if (o == null
        || o.state() != SourceOwnership.State.ACTIVE
        || o.ownerMemberId() == null
        || o.epoch() <= 0) {
      return null;
    }
    MeshMember owner = membership.view().byId().get(o.ownerMemberId());
    return owner == null ? null : new Target(owner, o.epoch());
  }

  private void check(WriteCommand c) {
    if (Instant.now().isAfter(c.expiresAt())) {
      throw reject(EXPIRED, c, "refused as stale: it expired at " + c.expiresAt() + "; not sent");
    }
    if (!quorum.hasQuorum()) {
      throw new WriteRejectedException(
          NO_QUORUM, c.commandId(), CommandExecutor.noQuorum(selfName, quorum.state()));
    }
  }

  /**
   * The source's owner and epoch now, as the ownership map says, or a NO_OWNER / NO_QUORUM /
   * EXPIRED refusal.
   */
  public Target target(WriteCommand c) {
    check(c);
    byte[] stored = records.get(c.sourceId());
    if (stored == null) {
      throw reject(
          NO_OWNER, c, "no member owns the source (none is eligible, or none declared it)");
    }
    OwnershipRecord r;
    try {
      r = OwnershipRecord.open(sealer, c.sourceId(), stored);
    } catch (SealException e) {
      throw reject(NO_OWNER, c, "its ownership record does not open (" + e.getMessage() + ")");
    }
    if (!r.active()) {
      throw reject(
          NO_OWNER,
          c,
          r.ownerName()
              + " released the source at epoch "
              + r.epoch()
              + " for a handover; retry in a moment");
    }
    MeshMember owner = membership.view().byId().get(r.owner());
    if (owner == null) {
      throw reject(
          NO_OWNER,
          c,
          "its owner "
              + r.ownerName()
              + " has left the mesh; a survivor takes the source over within seconds: retry");
    }
    return new Target(owner, r.epoch());
  }

  /** Sends {@code c} to {@code owner} for {@code epoch} and waits for the answer. */
  public WriteResult send(WriteCommand c, MeshMember owner, long epoch) {
    counters.commandsRouted.increment();
    Member member =
        hz.getCluster().getMembers().stream()
            .filter(m -> m.getUuid().equals(owner.hazelcastUuid()))
            .findFirst()
            .orElseThrow(() -> reject(NO_OWNER, c, "its owner " + owner.name() + " has left"));
    byte[] request =
        sealer.seal(
            CommandCodec.requestStructure(owner.memberId()),
            self,
            CommandCodec.encode(new CommandCodec.Request(c, epoch)));
    byte[] answer;
    Future<byte[]> f = executor.submitToMember(new WriteTask(request), member);
    try {
      answer = f.get(settings.timeout().toMillis() + MARGIN_MS, TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      f.cancel(false);
      throw reject(
          TIMEOUT,
          c,
          "no answer from "
              + owner.name()
              + " in time; the write may or may not have been applied: retry with the same"
              + " command id for its outcome");
    } catch (ExecutionException e) {
      throw reject(
          TIMEOUT,
          c,
          owner.name()
              + " failed before answering ("
              + e.getCause()
              + "); the write may or may not have been applied: retry with the same command id"
              + " for its outcome");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw reject(TIMEOUT, c, "interrupted while waiting for " + owner.name());
    }
    if (answer == null || answer.length == 0) {
      throw reject(
          NO_OWNER, c, owner.name() + " is not ready for commands (starting or closing): retry");
    }
    CommandCodec.Outcome o;
    try {
      Sealer.Opened opened = sealer.open(CommandCodec.responseStructure(c.commandId()), answer);
      if (!opened.sender().equals(owner.memberId())) {
        throw new SealException("sealed by member " + opened.sender() + ", not by the owner");
      }
      o = CommandCodec.decodeOutcome(opened.plaintext());
    } catch (SealException | IllegalArgumentException e) {
      throw reject(UNTRUSTED, c, "the answer from " + owner.name() + " was refused: " + e);
    }
    if (o instanceof CommandCodec.Result r) {
      return r.result();
    }
    if (o instanceof CommandCodec.Rejected r) {
      throw r.toException(c.commandId());
    }
    throw reject(TIMEOUT, c, "the owner answered that the command is still in progress");
  }

  private static WriteRejectedException reject(
      WriteRejectedException.Reason reason, WriteCommand c, String why) {
    return new WriteRejectedException(
        reason, c.commandId(), "command " + c.commandId() + " for " + c.sourceId() + ": " + why);
  }

  @Override
  public void close() {
    async.shutdownNow();
  }
}
