package io.plantmesh.cluster.internal;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.LifecycleEvent;
import io.plantmesh.cluster.MeshConfig;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The services of a started mesh member, wired together: the tag table, the ownership of sources
 * and of rules (with the rule host directory), the write audit, the command router and executor.
 *
 * @param table the plant-wide tag table
 * @param ownership sources' ownership
 * @param router routed writes, sending side
 * @param commands routed writes, owner side
 * @param audit the write audit
 * @param rules rules' ownership
 * @param ruleHosts which members run which rules
 */
public record MeshParts(
    TagTableImpl table,
    OwnershipManager ownership,
    CommandRouterImpl router,
    CommandExecutor commands,
    AuditLog audit,
    OwnershipManager rules,
    RuleHostDirectory ruleHosts) {
  private static final Logger LOG = LoggerFactory.getLogger(MeshParts.class);

  /**
   * Builds and starts them on {@code hz}; {@code owners} and {@code ruleOwners} are set as soon as
   * the ownership managers exist (the quorum listener, registered before the member started,
   * triggers them).
   */
  public static MeshParts assemble(
      HazelcastInstance hz,
      MeshConfig config,
      UUID memberId,
      ClusterKeys keys,
      Membership membership,
      Counters counters,
      TrustedQuorum quorum,
      Fanout readings,
      AtomicReference<OwnershipManager> owners,
      AtomicReference<OwnershipManager> ruleOwners) {
    quorum.attach(hz);
    Envelopes envelopes =
        new Envelopes(
            memberId, keys.sealer(), new MeshMessages(new ReadingCodec()), membership, counters);
    TagTableImpl table =
        new TagTableImpl(
            hz,
            readings,
            memberId,
            config.member().name(),
            envelopes,
            membership,
            config.table(),
            counters);
    OwnershipManager ownership =
        new OwnershipManager(
            OwnershipDomain.SOURCES,
            hz,
            memberId,
            config.member().name(),
            membership,
            keys.sealer(),
            quorum,
            config.ownership().checkInterval(),
            config.ownership().handoverTimeout(),
            counters);
    owners.set(ownership);
    RuleHostDirectory ruleHosts =
        new RuleHostDirectory(
            hz,
            memberId,
            keys.sealer(),
            membership,
            counters,
            config.member().name(),
            config.ownership().checkInterval(),
            () -> {
              OwnershipManager r = ruleOwners.get();
              if (r != null) {
                r.trigger();
              }
            });
    OwnershipManager rules =
        new OwnershipManager(
            OwnershipDomain.rules(ruleHosts::eligible),
            hz,
            memberId,
            config.member().name(),
            membership,
            keys.sealer(),
            quorum,
            config.ownership().checkInterval(),
            config.ownership().handoverTimeout(),
            counters);
    ruleOwners.set(rules);
    AuditLog audit =
        new AuditLog(
            hz, memberId, config.member().name(), keys.sealer(), config.writes().auditCapacity());
    CommandRouterImpl router =
        new CommandRouterImpl(
            hz,
            memberId,
            config.member().name(),
            membership,
            keys.sealer(),
            quorum,
            config.writes(),
            counters,
            audit,
            ownership);
    CommandExecutor commands =
        new CommandExecutor(
            hz,
            memberId,
            config.member().name(),
            membership,
            keys.sealer(),
            quorum,
            ownership,
            config.writes(),
            counters,
            new Interlocks(table, config.member().name()));
    hz.getUserContext().put(CommandExecutor.CONTEXT_KEY, commands);
    OwnershipManager o = ownership;
    hz.getLifecycleService()
        .addLifecycleListener(
            e -> {
              if (e.getState() == LifecycleEvent.LifecycleState.MERGED) {
                LOG.warn("Rejoined the mesh after a split brain; merging tables and ownership");
                table.merged();
                o.trigger();
                rules.trigger();
              }
            });
    table.start();
    return new MeshParts(table, ownership, router, commands, audit, rules, ruleHosts);
  }
}
