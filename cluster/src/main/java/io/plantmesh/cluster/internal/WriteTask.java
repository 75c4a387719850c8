package io.plantmesh.cluster.internal;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import java.io.IOException;
import java.util.concurrent.Callable;

/**
 * Carries a sealed write request to the owner over Hazelcast's executor and brings the sealed
 * answer back. It holds nothing but bytes: whoever submits it, the owner trusts only what opens
 * under the cluster key.
 */
public final class WriteTask
    implements Callable<byte[]>, IdentifiedDataSerializable, HazelcastInstanceAware {
  private byte[] request;
  private transient HazelcastInstance hz;

  public WriteTask() {
    // For deserialization.
  }

  public WriteTask(byte[] request) {
    this.request = request;
  }

  @Override
  public void setHazelcastInstance(HazelcastInstance hz) {
    this.hz = hz;
  }

  @Override
  public byte[] call() {
    Object executor = hz == null ? null : hz.getUserContext().get(CommandExecutor.CONTEXT_KEY);
    if (executor instanceof CommandExecutor e) {
      return e.execute(request);
    }
    // A member that is starting or stopping: the router reads an answer that does not open.
    return new byte[0];
  }

  @Override
  public int getFactoryId() {
    return MeshSerialization.FACTORY_ID;
  }

  @Override
  public int getClassId() {
    return MeshSerialization.WRITE_TASK;
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
