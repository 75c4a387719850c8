package io.plantmesh.opcua.internal;

import org.eclipse.milo.opcua.stack.core.OpcUaDataType;

/**
 * What a write to a tag must send: the built-in type behind the tag's DataType, and whether the
 * Value attribute is an array (ValueRank >= 1).
 */
record WriteType(OpcUaDataType builtin, boolean array) {}
