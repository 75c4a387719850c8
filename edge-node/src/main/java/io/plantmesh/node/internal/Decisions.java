package io.plantmesh.node.internal;

import io.plantmesh.cluster.Mesh;
import io.plantmesh.cluster.Registration;
import io.plantmesh.cluster.WriteAuditRecord;
import io.plantmesh.cluster.decisions.AlarmStore;
import io.plantmesh.cluster.decisions.RuleHost;
import io.plantmesh.cluster.rules.CompiledRuleSet;
import io.plantmesh.cluster.rules.RuleProblem;
import io.plantmesh.node.config.DecisionSettings;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's part in the mesh's decisions: the cluster-wide alarm store (every mesh node, rules or
 * not, so that any node lists and acknowledges alarms), the rule host when rules are configured,
 * and the audited write attempts for the metrics. Started by {@link MeshNode} after the mesh and
 * before the sources; closed after the mesh.
 */
public final class Decisions implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Decisions.class);

  private final Mesh mesh;
  private final DecisionSettings settings;
  private final AlarmStore alarms;
  private final Registration listener;
  private final DecisionRecords records;
  private final List<Registration> auditListeners = new CopyOnWriteArrayList<>();
  private volatile RuleHost host;

  private Decisions(Mesh mesh, DecisionSettings settings, DecisionRecords records) {
    this.mesh = mesh;
    this.settings = settings;
    this.records = records;
    this.alarms = AlarmStore.start(mesh, settings.alarmRetention());
    this.listener = alarms.addListener(records);
  }

  /**
   * Starts the alarm store, and the rule host when there are rules (it declares the rules to the
   * mesh, which hands this node its share).
   *
   * @throws IllegalArgumentException when the host refuses its settings
   * @throws IllegalStateException when rules were declared on this mesh already
   */
  static Decisions start(Mesh mesh, DecisionSettings settings, DecisionRecords records) {
    Decisions d = new Decisions(mesh, settings, records);
    CompiledRuleSet rules = settings.rules();
    for (RuleProblem w : rules.warnings()) {
      LOG.warn("Rules: {}", w);
    }
    if (settings.hasRules()) {
      d.host = RuleHost.start(mesh, rules, d.alarms, records, settings.host());
      LOG.info(
          "Rules: {} rule(s) loaded, checked against {} tag(s) known at start-up ({}"
              + " warning(s)); alarm steps and events go {}",
          rules.rules().size(),
          settings.knownTags(),
          rules.warnings().size(),
          records.upstream() ? "upstream through the Outbox" : "nowhere (upstream is off)");
    }
    return d;
  }

  public AlarmStore alarms() {
    return alarms;
  }

  /** The rule host; empty when no rules are configured. */
  public Optional<RuleHost> host() {
    return Optional.ofNullable(host);
  }

  /** The rules this node was configured with (every mesh node should have the same). */
  public CompiledRuleSet rules() {
    return settings.rules();
  }

  public DecisionRecords records() {
    return records;
  }

  /**
   * Tells {@code listener} of each write attempt this node routes, once stored in the audit (told
   * by this member's audit as it stores them: the audit is never read back for this).
   */
  public void onAudited(Consumer<WriteAuditRecord> listener) {
    String self = mesh.name();
    auditListeners.add(
        mesh.writeAudit()
            .onStored(
                a -> {
                  if (a.routedBy().equals(self)) {
                    listener.accept(a);
                  }
                }));
  }

  public Mesh mesh() {
    return mesh;
  }

  /** Stops telling of audited attempts; call before the mesh closes. */
  void stopAudit() {
    auditListeners.forEach(Registration::close);
  }

  /**
   * Stops the rule host (after the mesh closed: the mesh releases the rules and the host finishes
   * what each had decided) and stops telling the upstream of alarm steps.
   */
  @Override
  public void close() {
    stopAudit();
    RuleHost h = host;
    if (h != null) {
      h.close();
    }
    listener.close();
  }
}
