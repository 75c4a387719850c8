package io.plantmesh.kafka.forward.internal;

import io.plantmesh.kafka.forward.Route;
import java.util.concurrent.atomic.AtomicInteger;

/** A route with its link monitor and its records in flight, as the forwarder holds it. */
public final class RouteSlot {
  public final Route route;
  public final LinkMonitor monitor;
  public final AtomicInteger inFlight = new AtomicInteger();
  public final AtomicInteger backlogInFlight = new AtomicInteger();

  public RouteSlot(Route route, LinkMonitor monitor) {
    this.route = route;
    this.monitor = monitor;
  }
}
