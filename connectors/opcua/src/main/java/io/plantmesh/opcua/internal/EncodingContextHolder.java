package io.plantmesh.opcua.internal;

import org.eclipse.milo.opcua.stack.core.encoding.EncodingContext;

/** The encoding context in use for decoding structures; may change after a reconnect. */
@FunctionalInterface
interface EncodingContextHolder {
  EncodingContext get();
}
