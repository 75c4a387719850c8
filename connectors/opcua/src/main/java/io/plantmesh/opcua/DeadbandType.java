package io.plantmesh.opcua;

/** OPC UA's DataChangeFilter deadband types. */
public enum DeadbandType {
  NONE,
  /** Report a change only when it exceeds the value, in the tag's own unit. */
  ABSOLUTE,
  /** Report a change only when it exceeds the value in percent of the tag's EURange. */
  PERCENT
}
