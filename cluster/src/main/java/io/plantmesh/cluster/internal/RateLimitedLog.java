package io.plantmesh.cluster.internal;

import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;

/** Logs the first occurrence of a recurring problem and then every {@code every}-th. */
final class RateLimitedLog {
  private final Logger log;
  private final long every;
  private final AtomicLong count = new AtomicLong();

  RateLimitedLog(Logger log, long every) {
    this.log = log;
    this.every = every;
  }

  void warn(String format, Object... args) {
    long n = count.incrementAndGet();
    if (n == 1 || n % every == 0) {
      log.warn(
          format + " (occurrence " + n + "; logged on the first and every " + every + "th)", args);
    }
  }
}
