package io.plantmesh.node.config;

/**
 * When the node reports ready ({@code /q/health/ready}) while some of its sources are not
 * connected. A node with no sources is always ready.
 */
public enum ReadinessPolicy {
  /** Ready only when every source has a Session. */
  ALL_CONNECTED,
  /** Ready when at least one source has a Session: a partly connected node still serves data. */
  ANY_CONNECTED,
  /** Always ready once started; for nodes whose devices come and go. */
  ALWAYS
}
