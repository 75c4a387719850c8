package io.plantmesh.cluster;

/** For tests whose members own sources without collecting anything: every change is ignored. */
public final class IgnoringOwnership implements OwnershipListener {
  public static final OwnershipListener INSTANCE = new IgnoringOwnership();

  private IgnoringOwnership() {}

  @Override
  public void onAcquired(String sourceId, long epoch) {}

  @Override
  public void onReleased(String sourceId, long epoch) {}
}
