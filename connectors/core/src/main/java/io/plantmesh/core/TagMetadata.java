package io.plantmesh.core;

import java.util.Objects;

/**
 * What a node knows about a tag besides its readings.
 *
 * @param path the tag's plant-wide name
 * @param sourceId the source that collects it
 * @param address the tag's address in the source's protocol (an OPC UA NodeId string)
 * @param dataType the declared data type's name (e.g. {@code Double}), or null if unknown
 * @param engineeringUnits the unit's display name (e.g. {@code °C}), or null if the server has none
 * @param description the server's description, or null
 * @param writable whether the server lets this node write the tag
 */
public record TagMetadata(
    TagPath path,
    String sourceId,
    String address,
    String dataType,
    String engineeringUnits,
    String description,
    boolean writable) {
  public TagMetadata {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(sourceId, "sourceId");
    Objects.requireNonNull(address, "address");
  }
}
