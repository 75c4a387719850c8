package io.plantmesh.opcua.internal;

import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;

/**
 * A tag's DataType: its NodeId and its browse name. One instance per distinct DataType of a
 * Session, shared by all its tags.
 */
record DataTypeRef(NodeId id, String name) {}
