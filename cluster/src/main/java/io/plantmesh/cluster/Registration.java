package io.plantmesh.cluster;

/** A listener or subscription that ends when closed. Closing twice is harmless. */
@FunctionalInterface
public interface Registration extends AutoCloseable {
  @Override
  void close();
}
