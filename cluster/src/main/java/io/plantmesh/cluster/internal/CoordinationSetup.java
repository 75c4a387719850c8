package io.plantmesh.cluster.internal;

import com.hazelcast.config.Config;
import com.hazelcast.config.ExecutorConfig;
import com.hazelcast.config.MapConfig;
import com.hazelcast.config.MergePolicyConfig;
import com.hazelcast.config.SplitBrainProtectionConfig;
import com.hazelcast.config.SplitBrainProtectionListenerConfig;
import com.hazelcast.spi.merge.PutIfAbsentMergePolicy;
import com.hazelcast.splitbrainprotection.SplitBrainProtectionListener;
import com.hazelcast.splitbrainprotection.SplitBrainProtectionOn;

/**
 * The Hazelcast structures of ownership and routed writes: the ownership maps of sources and rules
 * (higher epoch wins a merge), the standby maps of warm handovers, the command result map (the
 * first result stays), the rules' firing records, the alarms, the write audit, the command
 * executor, split-brain protection over the maps that grant or act, and the mesh's serializable
 * classes.
 */
public final class CoordinationSetup {
  public static final String RESULTS_MAP = "plantmesh.commands.results";
  public static final String COMMANDS_EXECUTOR = "plantmesh.commands";

  /** Each rule's last transition (fired or cleared), for the next evaluator after a failover. */
  public static final String FIRINGS_MAP = "plantmesh.rules.firings";

  /** The mesh's alarms. */
  public static final String ALARMS_MAP = "plantmesh.alarms";

  private CoordinationSetup() {}

  public static void configure(
      Config c, TrustedQuorum quorum, SplitBrainProtectionListener quorumListener) {
    c.getSerializationConfig()
        .addDataSerializableFactory(MeshSerialization.FACTORY_ID, new MeshSerialization());
    MapConfig ownership =
        new MapConfig(OwnershipRecord.MAP)
            .setBackupCount(1)
            .setMergePolicyConfig(new MergePolicyConfig(EpochMergePolicy.class.getName(), 100));
    MapConfig results =
        new MapConfig(RESULTS_MAP)
            .setBackupCount(1)
            .setMergePolicyConfig(
                new MergePolicyConfig(PutIfAbsentMergePolicy.class.getName(), 100));
    MapConfig ruleOwnership =
        new MapConfig(OwnershipDomain.RULES_MAP)
            .setBackupCount(1)
            .setMergePolicyConfig(new MergePolicyConfig(EpochMergePolicy.class.getName(), 100));
    // The epoch of a firing record is its writer's rule ownership epoch: the majority's, which took
    // the rule over at a higher epoch, wins a merge.
    MapConfig firings =
        new MapConfig(FIRINGS_MAP)
            .setBackupCount(1)
            .setMergePolicyConfig(new MergePolicyConfig(EpochMergePolicy.class.getName(), 100));
    if (quorum.config().enabled()) {
      c.addSplitBrainProtectionConfig(
          new SplitBrainProtectionConfig(TrustedQuorum.NAME, true, quorum.config().minMembers())
              // Writes only: a cut-off member may still read who owned what.
              .setProtectOn(SplitBrainProtectionOn.WRITE)
              .setFunctionImplementation(quorum)
              .addListenerConfig(new SplitBrainProtectionListenerConfig(quorumListener)));
      ownership.setSplitBrainProtectionName(TrustedQuorum.NAME);
      results.setSplitBrainProtectionName(TrustedQuorum.NAME);
      ruleOwnership.setSplitBrainProtectionName(TrustedQuorum.NAME);
      firings.setSplitBrainProtectionName(TrustedQuorum.NAME);
    }
    c.addMapConfig(ownership);
    c.addMapConfig(results);
    c.addMapConfig(ruleOwnership);
    c.addMapConfig(firings);
    c.addMapConfig(new MapConfig(OwnershipDomain.RULES_STANDBY_MAP).setBackupCount(1));
    // Alarms are information, not actuation: every side of a partition keeps raising, clearing and
    // acknowledging in its copy (no split-brain protection). The clear "epoch" in front of each
    // sealed alarm is the length of its history, so at the heal the copy that went further wins.
    // Two backups: in a mesh of three, every member holds every alarm, also when cut off.
    c.addMapConfig(
        new MapConfig(ALARMS_MAP)
            .setBackupCount(2)
            .setMergePolicyConfig(new MergePolicyConfig(EpochMergePolicy.class.getName(), 100)));
    // Audit records are immutable and uniquely keyed: both sides' records survive a heal.
    c.addMapConfig(
        new MapConfig(AuditLog.MAP)
            .setBackupCount(1)
            .setMergePolicyConfig(
                new MergePolicyConfig(PutIfAbsentMergePolicy.class.getName(), 100)));
    // Standby records grant nothing (the owner still releases under quorum, the next owner still
    // acquires under quorum), so they stay writable on any side: a cancelled standby's record can
    // always be removed.
    c.addMapConfig(new MapConfig(StandbyRecord.MAP).setBackupCount(1));
    // Writes wait for their device; a few threads keep one slow PLC from holding up the others.
    c.addExecutorConfig(new ExecutorConfig(COMMANDS_EXECUTOR).setPoolSize(8));
    // Relayed uplink batches wait for Kafka's acknowledgements; the relay bounds how many it takes
    // at once (UplinkRelay.Settings) below this, so that a refusal is answered without queueing.
    c.addExecutorConfig(
        new ExecutorConfig(io.plantmesh.cluster.uplink.internal.RelayTask.EXECUTOR)
            .setPoolSize(16));
  }
}
