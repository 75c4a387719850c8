package io.plantmesh.cluster.uplink.internal;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import io.plantmesh.cluster.internal.MeshSerialization;
import java.io.IOException;
import java.util.concurrent.Callable;

/**
 * Carries a sealed batch to a relay over Hazelcast's executor and brings its reply back. It holds
 * nothing but bytes: the relay trusts only what opens under the cluster key.
 */
public final class RelayTask
    implements Callable<byte[]>, IdentifiedDataSerializable, HazelcastInstanceAware {
  /** The executor relay batches run on (configured in {@code CoordinationSetup}). */
  public static final String EXECUTOR = "plantmesh.uplink.relay";

  /** Where a task finds its member's relay: Hazelcast's user context. */
  public static final String CONTEXT_KEY = "plantmesh.uplink.relay";

  private byte[] request;
  private transient HazelcastInstance hz;

  public RelayTask() {
    // For deserialization.
  }

  public RelayTask(byte[] request) {
    this.request = request;
  }

  @Override
  public void setHazelcastInstance(HazelcastInstance hz) {
    this.hz = hz;
  }

  @Override
  public byte[] call() {
    Object relay = hz == null ? null : hz.getUserContext().get(CONTEXT_KEY);
    if (relay instanceof RelayHandler h) {
      return h.handle(request);
    }
    return RelayCodec.plainReply(
        "this member relays nothing: it has no uplink of its own, or is starting or stopping");
  }

  @Override
  public int getFactoryId() {
    return MeshSerialization.FACTORY_ID;
  }

  @Override
  public int getClassId() {
    return MeshSerialization.RELAY_TASK;
  }

  @Override
  public void writeData(ObjectDataOutput out) throws IOException {
    out.writeByteArray(request);
  }

  @Override
  public void readData(ObjectDataInput in) throws IOException {
    request = in.readByteArray();
  }
}
