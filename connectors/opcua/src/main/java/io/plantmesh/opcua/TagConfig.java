package io.plantmesh.opcua;

import io.plantmesh.core.TagPath;
import io.plantmesh.opcua.internal.BrowsePathText;
import io.plantmesh.opcua.internal.NodeIdText;

/**
 * One explicitly configured tag, addressed by NodeId or by browse path (exactly one of the two).
 *
 * @param nodeId e.g. {@code nsu=urn:plantmesh:plc-simulator;s=Plant/Static/DoubleSetpoint}; an
 *     {@code nsu=} NodeId is re-resolved after every reconnect, so it survives a server restart
 *     that renumbers namespaces
 * @param browsePath e.g. {@code /Objects/2:Plant/2:Line01/2:Cell01/2:Device001/2:Temperature}
 * @param path the tag's plant-wide name; null derives it: the source's path prefix plus the
 *     sanitised browse names below Objects
 * @param collection how to collect this tag; null uses the source's defaults
 */
public record TagConfig(
    String nodeId, String browsePath, TagPath path, CollectionSettings collection) {

  public TagConfig {
    boolean hasNode = nodeId != null && !nodeId.isBlank();
    boolean hasPath = browsePath != null && !browsePath.isBlank();
    if (hasNode == hasPath) {
      throw new OpcUaConfigException(
          "",
          "exactly one of node-id and browse-path must be set, "
              + (hasNode ? "both were" : "neither was"));
    }
    if (hasNode) {
      nodeId = nodeId.strip();
      try {
        NodeIdText.parse(nodeId);
      } catch (IllegalArgumentException e) {
        throw new OpcUaConfigException("node-id", e.getMessage());
      }
      browsePath = null;
    } else {
      browsePath = browsePath.strip();
      try {
        BrowsePathText.parse(browsePath);
      } catch (IllegalArgumentException e) {
        throw new OpcUaConfigException("browse-path", e.getMessage());
      }
      nodeId = null;
    }
  }

  /** A tag by NodeId with a derived path and the source's collection settings. */
  public static TagConfig node(String nodeId) {
    return new TagConfig(nodeId, null, null, null);
  }

  /** A tag by NodeId with an explicit path. */
  public static TagConfig node(String nodeId, String path) {
    return new TagConfig(nodeId, null, TagPath.of(path), null);
  }

  /** A tag by browse path with a derived tag path. */
  public static TagConfig browsePath(String browsePath) {
    return new TagConfig(null, browsePath, null, null);
  }

  public TagConfig withPath(TagPath p) {
    return new TagConfig(nodeId, browsePath, p, collection);
  }

  public TagConfig withCollection(CollectionSettings c) {
    return new TagConfig(nodeId, browsePath, path, c);
  }

  /** The address as configured, for messages. */
  public String address() {
    return nodeId != null ? nodeId : browsePath;
  }
}
