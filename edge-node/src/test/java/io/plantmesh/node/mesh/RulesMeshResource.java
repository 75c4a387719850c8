package io.plantmesh.node.mesh;

import io.plantmesh.kafka.testkit.KafkaBroker;
import io.plantmesh.node.upstream.KafkaUplinkResource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.Map;

/**
 * {@link MeshPeers} (the node, two in-process peers, a real PLC simulator) plus a real in-process
 * Kafka broker the node sends its alarm steps and events to, and two rules over the simulator's
 * static tags. The peers run no rule host: the node evaluates both rules.
 *
 * <ul>
 *   <li>{@value #FOLLOW}: Int32Setpoint above 100 writes 42.5 to DoubleSetpoint (its interlock,
 *       BoolSetpoint false, holds), raises a HIGH alarm and emits an event;
 *   <li>{@value #LOCKED}: StringSetpoint "go" writes 60.0 to LimitedSetpoint, interlocked on
 *       BoolSetpoint being true, which it never is.
 * </ul>
 */
public class RulesMeshResource extends MeshPeers {
  static final String FOLLOW = "setpoint-high";
  static final String LOCKED = "interlocked";
  static final String ACK_TOKEN = "ack-token-0123456789";
  static final String TOPICS = "rl";

  private KafkaBroker broker;

  /** What a kafka-clients consumer needs to read from the broker (JDK types only). */
  volatile Map<String, Object> kafka;

  @Override
  public Map<String, String> start() {
    Map<String, String> c = new HashMap<>(super.start());
    broker = KafkaUplinkResource.start(KafkaBroker.builder().build());
    for (String kind : new String[] {"summaries", "alarms", "events"}) {
      broker.createTopic(TOPICS + "." + kind, 3);
      c.put("plantmesh.uplink.topics." + kind, TOPICS + "." + kind);
    }
    kafka = broker.clientConfig();
    try {
      Files.writeString(dir.resolve("ack-token"), ACK_TOKEN + "\n");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    c.put("plantmesh.api.alarms.token", "file:" + dir.resolve("ack-token"));
    c.put("plantmesh.uplink.enabled", "true");
    c.put("plantmesh.uplink.bootstrap-servers", broker.bootstrapServers());
    c.put("plantmesh.uplink.linger", "5ms");
    c.put("plantmesh.uplink.link.degraded-after", "500ms");
    c.put("plantmesh.uplink.link.down-after", "2s");
    c.put("plantmesh.uplink.link.backoff-initial", "200ms");
    c.put("plantmesh.uplink.link.backoff-max", "1s");
    c.put("plantmesh.outbox.dir", dir.resolve("outbox").toString());
    c.put("plantmesh.outbox.max-bytes", "64m");
    c.put("plantmesh.outbox.segment-bytes", "1m");

    String r = "plantmesh.rules[0].";
    c.put(r + "name", FOLLOW);
    c.put(r + "description", "follows Int32Setpoint");
    c.put(r + "condition", "tag(\"sim/Static/Int32Setpoint\") > 100");
    c.put(r + "actions[0].write.target", "sim/Static/DoubleSetpoint");
    c.put(r + "actions[0].write.value", "42.5");
    c.put(r + "actions[0].write.interlock", "tag(\"sim/Static/BoolSetpoint\") == false");
    c.put(r + "actions[1].alarm.severity", "high");
    c.put(r + "actions[1].alarm.message", "Int32Setpoint at ${tag(\"sim/Static/Int32Setpoint\")}");
    c.put(r + "actions[2].event.name", "setpoint-high");
    c.put(r + "actions[2].event.message", "DoubleSetpoint to 42.5");
    r = "plantmesh.rules[1].";
    c.put(r + "name", LOCKED);
    c.put(r + "condition", "tag(\"sim/Static/StringSetpoint\") == \"go\"");
    c.put(r + "actions[0].write.target", "sim/Static/LimitedSetpoint");
    c.put(r + "actions[0].write.value", "60.0");
    c.put(r + "actions[0].write.interlock", "tag(\"sim/Static/BoolSetpoint\") == true");
    return c;
  }

  @Override
  public void stop() {
    if (broker != null) {
      broker.close();
    }
    super.stop();
  }
}
