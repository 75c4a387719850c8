package io.plantmesh.node.upstream;

import io.plantmesh.kafka.testkit.KafkaBroker;
import io.plantmesh.node.e2e.SimulatorResource;
import io.plantmesh.simulator.EndpointSecurity;
import io.plantmesh.simulator.PlcSimulator;
import io.plantmesh.simulator.SimulatorConfig;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A real PLC simulator read by the node over OPC UA, and a real in-process KRaft broker the node
 * sends its summaries to: 1 s windows, short link thresholds. With {@code broker=down} (init arg)
 * the broker is built but not started: the node starts with its uplink unreachable, and the test
 * starts the broker later on the same port.
 */
public class KafkaUplinkResource implements QuarkusTestResourceLifecycleManager {
  /** The node's topic prefix: {@code up.summaries}, {@code up.alarms}, {@code up.events}. */
  public static final String TOPICS = "up";

  /** The tag path prefix of the simulator's tags. */
  public static final String PREFIX = "line9";

  public static final String NODE = "gw-up";

  private PlcSimulator simulator;
  private KafkaBroker broker;
  private Path dir;
  private boolean brokerUp = true;

  @Override
  public void init(Map<String, String> initArgs) {
    brokerUp = !"down".equals(initArgs.get("broker"));
  }

  @Override
  public Map<String, String> start() {
    simulator =
        PlcSimulator.start(
            SimulatorConfig.builder()
                .tags(20)
                .rate(Duration.ofMillis(200))
                .securityPolicies(EndpointSecurity.NONE)
                .build());
    broker = KafkaBroker.builder().build();
    try {
      dir = Files.createTempDirectory("plantmesh-uplink");
      Files.writeString(dir.resolve("token"), "uplink-test-token\n");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (brokerUp) {
      start(broker);
      for (String kind : new String[] {"summaries", "alarms", "events"}) {
        broker.createTopic(TOPICS + "." + kind, 3);
      }
    }
    Map<String, String> c =
        new HashMap<>(SimulatorResource.sourceConfig(simulator, "sim", PREFIX, dir));
    c.put("plantmesh.node.name", NODE);
    c.put("plantmesh.uplink.enabled", "true");
    c.put("plantmesh.uplink.bootstrap-servers", broker.bootstrapServers());
    for (String kind : new String[] {"summaries", "alarms", "events"}) {
      c.put("plantmesh.uplink.topics." + kind, TOPICS + "." + kind);
    }
    // Down at start: the node creates the topics once the broker is there.
    c.put("plantmesh.uplink.topics.create", Boolean.toString(!brokerUp));
    c.put("plantmesh.uplink.linger", "5ms");
    c.put("plantmesh.uplink.request-timeout", "2s");
    c.put("plantmesh.uplink.delivery-timeout", "6s");
    c.put("plantmesh.uplink.link.degraded-after", "500ms");
    c.put("plantmesh.uplink.link.down-after", "2s");
    c.put("plantmesh.uplink.link.backoff-initial", "200ms");
    c.put("plantmesh.uplink.link.backoff-max", "1s");
    c.put("plantmesh.summaries.default-window", "1s");
    c.put("plantmesh.summaries.allowed-lateness", "200ms");
    c.put("plantmesh.outbox.dir", dir.resolve("outbox").toString());
    c.put("plantmesh.outbox.max-bytes", "64m");
    c.put("plantmesh.outbox.segment-bytes", "1m");
    return c;
  }

  @Override
  public void inject(TestInjector injector) {
    injector.injectIntoFields(
        handle(broker), new TestInjector.AnnotatedAndMatchesType(InjectBroker.class, Broker.class));
  }

  /** {@code b} as the tests see it. */
  static Broker handle(KafkaBroker b) {
    return new Broker() {
      @Override
      public Map<String, Object> clientConfig() {
        return b.clientConfig();
      }

      @Override
      public void start() {
        KafkaUplinkResource.start(b);
      }
    };
  }

  /**
   * Starts {@code b} with its own class loader as the thread's context loader: the broker loads
   * classes by name through it, and in a Quarkus test the context loader may be another (that of an
   * earlier application), whose copies of Kafka's classes do not fit the broker's.
   */
  public static KafkaBroker start(KafkaBroker b) {
    Thread t = Thread.currentThread();
    ClassLoader before = t.getContextClassLoader();
    t.setContextClassLoader(KafkaBroker.class.getClassLoader());
    try {
      return b.start();
    } finally {
      t.setContextClassLoader(before);
    }
  }

  @Override
  public void stop() {
    if (broker != null) {
      broker.close();
    }
    if (simulator != null) {
      simulator.close();
    }
    if (dir != null) {
      try (Stream<Path> files = Files.walk(dir)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
