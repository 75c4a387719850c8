package io.plantmesh.node.upstream;

import java.util.Map;

/** The test broker as a test sees it (JDK types only; see {@link InjectBroker}). */
public interface Broker {
  /** What a kafka-clients consumer needs to read from the broker. */
  Map<String, Object> clientConfig();

  /** Starts the broker (on the port the node was configured with); returns once it serves. */
  void start();
}
