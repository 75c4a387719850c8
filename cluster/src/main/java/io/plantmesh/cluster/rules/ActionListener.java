package io.plantmesh.cluster.rules;

/**
 * Receives the engine's requests, on the engine's thread, in the order the rules decided them. Keep
 * it quick (hand the work to another thread); an exception is logged and does not stop the engine.
 */
@FunctionalInterface
public interface ActionListener {
  void onAction(ActionRequest request);

  /**
   * The rule fired or cleared; called before the actions of that transition. A host that records
   * firings cluster-wide does it here. The default does nothing.
   */
  default void onTransition(RuleTransition transition) {}
}
