package io.plantmesh.simulator.internal;

import java.util.List;
import org.eclipse.milo.opcua.sdk.server.NodeManager;
import org.eclipse.milo.opcua.sdk.server.OpcUaServer;
import org.eclipse.milo.opcua.sdk.server.UaNodeManager;
import org.eclipse.milo.opcua.sdk.server.nodes.UaNode;
import org.eclipse.milo.opcua.sdk.server.nodes.UaNodeContext;
import org.eclipse.milo.opcua.sdk.server.nodes.factories.NodeFactory;
import org.eclipse.milo.opcua.stack.core.NodeIds;
import org.eclipse.milo.opcua.stack.core.UaException;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.util.Tree;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Works around a Milo 1.1.2 race that made every later Session log {@code Failed to create
 * SessionDiagnosticsObject} (or a NullPointerException from {@code SessionDiagnosticsVariable}).
 *
 * <p>Milo instantiates a Session's diagnostics nodes with {@link NodeFactory}, which caches the
 * type's InstanceDeclarationHierarchy in a JVM-wide static cache. The first Session builds that
 * hierarchy on a background thread; if the server shuts down meanwhile (a test that connects and
 * stops at once), the hierarchy is built against an address space whose namespace 0 is already
 * unregistered, and the incomplete result stays cached for an hour, breaking the diagnostics of
 * every Session of every server in the JVM. Building the hierarchies here, on a server that is up
 * and before any Session exists, means no Session ever builds them; dropping the cached ones first
 * repairs a cache spoiled earlier in the same JVM.
 */
final class SessionDiagnosticsTypes {
  private static final Logger LOG = LoggerFactory.getLogger(SessionDiagnosticsTypes.class);

  /** The types Milo instantiates per Session (SessionsDiagnosticsSummary and its arrays). */
  private static final List<NodeId> TYPES =
      List.of(
          NodeIds.SessionDiagnosticsObjectType,
          NodeIds.SessionDiagnosticsVariableType,
          NodeIds.SessionSecurityDiagnosticsType);

  private SessionDiagnosticsTypes() {}

  /** Rebuilds the cached hierarchies of the per-Session diagnostics types from {@code server}. */
  static void prime(OpcUaServer server) {
    // The instances land in a node manager nobody sees; only the cached hierarchy is kept.
    UaNodeManager scratch = new UaNodeManager();
    UaNodeContext context =
        new UaNodeContext() {
          @Override
          public OpcUaServer getServer() {
            return server;
          }

          @Override
          public NodeManager<UaNode> getNodeManager() {
            return scratch;
          }
        };
    NodeFactory factory =
        new NodeFactory(context) {
          @Override
          protected void notifyInstantiationCallback(
              Tree<UaNode> nodeTree, InstantiationCallback instantiationCallback) {
            // The scratch nodes are not registered with the server: nothing to notify.
          }
        };
    for (NodeId type : TYPES) {
      NodeFactory.invalidateCachedIdh(type);
      try {
        factory.createNodeTree(
            new NodeId(1, "plantmesh-prime-" + type.getIdentifier()),
            type,
            new NodeFactory.InstantiationCallback() {});
      } catch (UaException | RuntimeException e) {
        LOG.warn(
            "Cannot prepare the Session diagnostics type {}; Milo may log errors for sessions: {}",
            type,
            e.toString());
      }
    }
  }
}
