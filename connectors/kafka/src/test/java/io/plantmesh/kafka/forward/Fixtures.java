package io.plantmesh.kafka.forward;

import io.plantmesh.outbox.Outbox;
import io.plantmesh.outbox.OutboxConfig;
import java.nio.file.Path;
import java.time.Duration;

/** Settings the forwarder tests share: short time-outs so that link changes show in seconds. */
final class Fixtures {
  private Fixtures() {}

  static UplinkConfig config(String bootstrap, String node) {
    return UplinkConfig.of(bootstrap, node)
        .withTuning(
            new UplinkConfig.Tuning(
                "lz4",
                Duration.ofMillis(5),
                256 * 1024,
                Duration.ofSeconds(2),
                Duration.ofSeconds(6),
                20_000))
        .withLink(
            new UplinkConfig.Link(
                Duration.ofMillis(500),
                Duration.ofSeconds(2),
                Duration.ofMillis(200),
                Duration.ofSeconds(1)));
  }

  /** {@code config} with its own topic names (each test its own, on a shared broker). */
  static UplinkConfig topics(UplinkConfig c, String prefix) {
    return c.withTopics(
        new UplinkConfig.Topics(
            prefix + ".summaries",
            prefix + ".alarms",
            prefix + ".events",
            "",
            false,
            3,
            (short) -1));
  }

  static Outbox outbox(Path dir) {
    return Outbox.open(OutboxConfig.of(dir).withSizes(256L << 20, 4L << 20));
  }
}
