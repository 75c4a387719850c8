package io.plantmesh.node.internal;

import io.plantmesh.core.Source;
import io.plantmesh.opcua.OpcUaSource;
import io.plantmesh.opcua.OpcUaSourceConfig;
import jakarta.enterprise.context.ApplicationScoped;

/** Creates the node's sources; a bean so that the source type stays in one place. */
@ApplicationScoped
public class SourceFactory {
  /**
   * @param config the validated source configuration
   * @param nodeName this node's name, the origin of the source's readings
   */
  public Source create(OpcUaSourceConfig config, String nodeName) {
    return new OpcUaSource(config, nodeName);
  }
}
