package io.plantmesh.node.config;

import io.plantmesh.opcua.CollectionMode;
import io.plantmesh.opcua.DeadbandType;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** How a source collects values: a Subscription's MonitoredItems, or polling. */
public interface CollectionSection {

  /** subscribe (MonitoredItems) or poll (periodic Reads). */
  @WithDefault("subscribe")
  CollectionMode mode();

  /** The MonitoredItems' sampling interval. */
  @WithDefault("1s")
  Duration samplingInterval();

  /** The Subscription's publishing interval. */
  @WithDefault("1s")
  Duration publishingInterval();

  /** Values the server queues per MonitoredItem between publishes. */
  @WithDefault("10")
  int queueSize();

  /** Whether a full MonitoredItem queue drops its oldest value (else the newest). */
  @WithDefault("true")
  boolean discardOldest();

  /** The data change deadband. */
  Deadband deadband();

  /** The interval between Reads in poll mode. */
  @WithDefault("1s")
  Duration pollInterval();

  /** A data change deadband. */
  interface Deadband {
    /** none, absolute or percent. */
    @WithDefault("none")
    DeadbandType type();

    /** The deadband's size (engineering units, or percent of the EURange). */
    @WithDefault("0")
    double value();
  }

  /** Collection settings for one tag or browse; each unset field falls back to the source's. */
  interface Override {
    /** See the source's collection.mode. */
    Optional<CollectionMode> mode();

    /** See the source's collection.sampling-interval. */
    Optional<Duration> samplingInterval();

    /** See the source's collection.publishing-interval. */
    Optional<Duration> publishingInterval();

    /** See the source's collection.queue-size. */
    Optional<Integer> queueSize();

    /** See the source's collection.discard-oldest. */
    Optional<Boolean> discardOldest();

    /** See the source's collection.deadband; given here, it replaces the source's as a whole. */
    Optional<Deadband> deadband();

    /** See the source's collection.poll-interval. */
    Optional<Duration> pollInterval();
  }
}
