package io.plantmesh.opcua;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.plantmesh.core.Quality;
import io.plantmesh.core.Reading;
import io.plantmesh.core.TagMetadata;
import io.plantmesh.core.TagPath;
import io.plantmesh.core.Value;
import io.plantmesh.simulator.PlcSimulator;
import io.plantmesh.simulator.SimulatorConfig;
import io.plantmesh.simulator.junit.PlcSimulatorExtension;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Collection against the simulator: poll mode, deadband, failure isolation and OperationLimits. The
 * simulator has 63 devices (504 dynamic tags) and takes at most 50 MonitoredItems and 100 nodes per
 * call.
 */
class CollectionTest {
  @RegisterExtension
  static final PlcSimulatorExtension PLC =
      new PlcSimulatorExtension(
          SimulatorConfig.builder()
              .devices(63)
              .rate(Duration.ofMillis(100))
              .maxMonitoredItemsPerCall(50)
              .maxNodesPerRead(100)
              .build());

  private OpcUaSource source;

  @AfterEach
  void stop() {
    if (source != null) {
      source.stop();
    }
  }

  private static OpcUaSourceConfig.Builder config() {
    return OpcUaSourceConfig.builder("c1", PLC.simulator().endpointUrl())
        .noSecurity()
        .collection(
            CollectionSettings.DEFAULTS
                .withSamplingInterval(Duration.ofMillis(50))
                .withPublishingInterval(Duration.ofMillis(100)));
  }

  private TestSink start(OpcUaSourceConfig config) {
    TestSink sink = new TestSink();
    source = new OpcUaSource(config, "edge-a");
    source.start(sink);
    return sink;
  }

  private static String id(String path) {
    return PlcSimulator.expandedNodeId(path);
  }

  @Test
  void pollModeReadsAtTheIntervalWithGoodQuality() {
    CollectionSettings poll =
        CollectionSettings.DEFAULTS
            .withMode(CollectionMode.POLL)
            .withPollInterval(Duration.ofMillis(200));
    TestSink sink =
        start(
            config()
                .collection(poll)
                .tag(TagConfig.node(id("Plant/Line01/Cell01/Device001/Temperature"), "p/temp"))
                .tag(TagConfig.node(id("Plant/Line01/Cell01/Device002/Level"), "p/level"))
                .build());
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> sink.of("p/temp").size() >= 5 && sink.of("p/level").size() >= 5);
    assertTrue(sink.of("p/temp").stream().allMatch(r -> r.quality().equals(Quality.GOOD)));
    assertTrue(sink.of("p/temp").stream().map(Reading::value).distinct().count() > 1);
    assertEquals(Value.Type.INT32, sink.latest("p/level").value().type());
    // One poll is one batch holding both tags.
    assertTrue(sink.batches().stream().anyMatch(b -> b.size() == 2));
    assertNull(sink.violation());
  }

  @Test
  void absoluteDeadbandSuppressesSmallChanges() throws Exception {
    String setpoint = id("Plant/Static/DoubleSetpoint");
    CollectionSettings fast =
        CollectionSettings.DEFAULTS
            .withSamplingInterval(Duration.ZERO)
            .withPublishingInterval(Duration.ofMillis(50));
    TestSink sink =
        start(
            config()
                .collection(fast)
                .tag(TagConfig.node(setpoint, "db/raw"))
                .tag(
                    TagConfig.node(setpoint, "db/filtered")
                        .withCollection(fast.withDeadband(Deadband.absolute(1.0))))
                .build());
    await().atMost(Duration.ofSeconds(20)).until(() -> !sink.of("db/filtered").isEmpty());
    write("db/raw", 10.0);
    await().atMost(Duration.ofSeconds(10)).until(() -> seen(sink, "db/filtered", 10.0));
    write("db/raw", 10.5);
    // The unfiltered item proves the server sampled 10.5 ...
    await().atMost(Duration.ofSeconds(10)).until(() -> seen(sink, "db/raw", 10.5));
    write("db/raw", 12.0);
    await().atMost(Duration.ofSeconds(10)).until(() -> seen(sink, "db/filtered", 12.0));
    // ... and the deadband of 1.0 kept it from the filtered item.
    assertFalse(seen(sink, "db/filtered", 10.5));
  }

  @Test
  void percentDeadbandSuppressesChangesWithinItsShareOfTheEuRange() throws Exception {
    // LimitedSetpoint is an AnalogItemType with EURange [0, 100]: 5 % is a band of 5.0.
    String setpoint = id("Plant/Static/LimitedSetpoint");
    CollectionSettings fast =
        CollectionSettings.DEFAULTS
            .withSamplingInterval(Duration.ZERO)
            .withPublishingInterval(Duration.ofMillis(50));
    TestSink sink =
        start(
            config()
                .collection(fast)
                .tag(TagConfig.node(setpoint, "pct/raw"))
                .tag(
                    TagConfig.node(setpoint, "pct/filtered")
                        .withCollection(fast.withDeadband(Deadband.percent(5))))
                .build());
    await().atMost(Duration.ofSeconds(20)).until(() -> !sink.of("pct/filtered").isEmpty());
    assertEquals(Quality.GOOD, sink.latest("pct/filtered").quality());
    write("pct/raw", 20.0);
    await().atMost(Duration.ofSeconds(10)).until(() -> seen(sink, "pct/filtered", 20.0));
    // 3 and 4 away from the last value reported: inside the band. The raw item proves the server
    // had them ...
    write("pct/raw", 23.0);
    await().atMost(Duration.ofSeconds(10)).until(() -> seen(sink, "pct/raw", 23.0));
    write("pct/raw", 24.0);
    await().atMost(Duration.ofSeconds(10)).until(() -> seen(sink, "pct/raw", 24.0));
    // ... 6 away from 20 passes, though it is only 2 away from the previous write.
    write("pct/raw", 26.0);
    await().atMost(Duration.ofSeconds(10)).until(() -> seen(sink, "pct/filtered", 26.0));
    assertFalse(seen(sink, "pct/filtered", 23.0), () -> "filtered: " + sink.of("pct/filtered"));
    assertFalse(seen(sink, "pct/filtered", 24.0), () -> "filtered: " + sink.of("pct/filtered"));
    assertEquals(2, source.status().goodItems());
    assertEquals(0, source.status().badItems());
  }

  private void write(String path, double value) throws Exception {
    var result =
        source.write(TagPath.of(path), new Value.Float64(value)).toCompletableFuture().get();
    assertTrue(result.succeeded(), () -> "write " + value + ": " + result.status());
  }

  private static boolean seen(TestSink sink, String path, double v) {
    return sink.of(path).stream().anyMatch(r -> new Value.Float64(v).equals(r.value()));
  }

  @Test
  void anUnknownNodeIsBadWhileTheOthersFlow() {
    TestSink sink =
        start(
            config()
                .tag(TagConfig.node(id("Plant/Line01/Cell01/Device001/Pressure"), "f/pressure"))
                .tag(TagConfig.node(id("Plant/DoesNotExist"), "f/missing"))
                .tag(TagConfig.node("nsu=urn:no-such-namespace;s=X", "f/otherns"))
                .tag(TagConfig.browsePath("/Objects/Plant/NoSuchFolder/X"))
                .tag(TagConfig.node(id("Plant/Static/BadSensor"), "f/bad"))
                .tag(TagConfig.node(id("Plant/Static/UncertainSensor"), "f/uncertain"))
                .build());
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                sink.of("f/pressure").size() >= 3
                    && sink.latest("f/missing") != null
                    && sink.latest("f/otherns") != null
                    && sink.latest("Plant/NoSuchFolder/X") != null
                    && sink.latest("f/bad") != null
                    && sink.latest("f/uncertain") != null);
    assertEquals("Bad_NodeIdUnknown", sink.latest("f/missing").quality().symbolicName());
    assertEquals(Value.Null.INSTANCE, sink.latest("f/missing").value());
    assertEquals("Bad_NodeIdUnknown", sink.latest("f/otherns").quality().symbolicName());
    assertTrue(sink.latest("Plant/NoSuchFolder/X").quality().isBad());
    assertEquals("Bad_SensorFailure", sink.latest("f/bad").quality().symbolicName());
    assertEquals(Quality.Severity.UNCERTAIN, sink.latest("f/uncertain").quality().severity());
    assertEquals(Quality.GOOD, sink.latest("f/pressure").quality());
    await()
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(
            () -> {
              assertEquals(4, source.status().badItems());
              assertEquals(2, source.status().goodItems());
            });
    assertTrue(
        source.warnings().stream().anyMatch(w -> w.contains("Bad_NodeIdUnknown")),
        () -> "warnings: " + source.warnings());
  }

  @Test
  void aFilterTheServerRefusesMakesOnlyThatTagBad() {
    CollectionSettings percent = CollectionSettings.DEFAULTS.withDeadband(Deadband.percent(5));
    TestSink sink =
        start(
            config()
                // A counter is no analog value (not an AnalogItemType, no EURange): the server
                // cannot apply a percent deadband to it.
                .tag(
                    TagConfig.node(id("Plant/Line01/Cell01/Device001/Counter"), "pd/counter")
                        .withCollection(percent))
                .tag(TagConfig.node(id("Plant/Line01/Cell01/Device001/Pressure"), "pd/pressure"))
                .build());
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> sink.latest("pd/counter") != null && sink.of("pd/pressure").size() >= 2);
    assertEquals(
        "Bad_MonitoredItemFilterUnsupported", sink.latest("pd/counter").quality().symbolicName());
    assertEquals(1, sink.of("pd/counter").size(), "one BAD reading, nothing after it");
    assertEquals(Quality.GOOD, sink.latest("pd/pressure").quality());
    assertEquals(1, source.status().badItems());
    assertEquals(1, source.status().goodItems());
  }

  @Test
  void allItemsAreCreatedInBatchesWithinTheServersLimit() {
    TestSink sink =
        start(
            config()
                .pathPrefix("site")
                .browse(BrowseConfig.of(id("Plant/Line01")).withMaxDepth(4).withMaxTags(10_000))
                .build());
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(() -> assertEquals(504, source.status().goodItems()));
    assertEquals(0, source.status().badItems());
    assertEquals(504, sink.paths().size());
    assertTrue(sink.paths().contains(TagPath.of("site/Cell01/Device063/Setpoint")));
    assertNull(sink.violation());
  }

  @Test
  void browsePathTagsResolveByIndexByUriAndByName() {
    int ns = PLC.simulator().namespaceIndex();
    String uri = PLC.simulator().namespaceUri();
    TestSink sink =
        start(
            config()
                .pathPrefix("bp")
                .tag(
                    TagConfig.browsePath(
                        "/Objects/%d:Plant/%d:Line01/%d:Cell01/%d:Device001/%d:Temperature"
                            .formatted(ns, ns, ns, ns, ns)))
                .tag(
                    TagConfig.browsePath(
                        "/Objects/nsu=%s;Plant/nsu=%s;Static/nsu=%s;Int32Setpoint"
                            .formatted(uri, uri, uri)))
                .tag(TagConfig.browsePath("Plant/Line01/Cell01/Device002/Level"))
                .build());
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                sink.latest("bp/Plant/Line01/Cell01/Device001/Temperature") != null
                    && sink.latest("bp/Plant/Static/Int32Setpoint") != null
                    && sink.latest("bp/Plant/Line01/Cell01/Device002/Level") != null);
    assertEquals(3, source.status().goodItems());
    assertEquals(0, source.status().badItems());
  }

  @Test
  void pollingMoreTagsThanMaxNodesPerReadReadsInBatches() {
    TestSink sink =
        start(
            config()
                .collection(
                    CollectionSettings.DEFAULTS
                        .withMode(CollectionMode.POLL)
                        .withPollInterval(Duration.ofMillis(500)))
                .browse(BrowseConfig.of(id("Plant/Line01")))
                .build());
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(() -> assertEquals(504, source.status().goodItems()));
    // Each poll of the 504 tags (6 Read calls of at most 100 nodes) is one delivery, handed on in
    // batches of at most 500 that share the poll's receive time.
    List<Integer> polls = PublishSliceTest.responseSizes(sink.batches());
    assertTrue(polls.stream().allMatch(n -> n == 504), () -> "poll sizes " + polls);
    assertTrue(sink.batches().stream().allMatch(b -> b.size() <= 500));
  }

  @Test
  void browsingOneDeviceFindsItsEightTags() {
    start(config().browse(BrowseConfig.of(id("Plant/Line01/Cell01/Device007"))).build());
    await().atMost(Duration.ofSeconds(20)).until(() -> source.tags().size() == 8);
    Set<String> names =
        source.tags().stream().map(t -> t.path().toString()).collect(Collectors.toSet());
    assertEquals(
        Set.of(
            "Temperature", "Pressure", "Speed", "Counter", "Running", "State", "Level", "Setpoint"),
        names);
  }

  @Test
  void browsedTagsServeTheirMetadataWithOneCopyOfEachText() {
    start(
        config()
            .browse(BrowseConfig.of(id("Plant/Line01/Cell01/Device007")).withPathPrefix(p("a")))
            .browse(BrowseConfig.of(id("Plant/Line01/Cell01/Device008")).withPathPrefix(p("b")))
            .build());
    await().atMost(Duration.ofSeconds(20)).until(() -> source.tags().size() == 16);
    TagMetadata a = source.tag(p("a/Temperature")).orElseThrow();
    TagMetadata b = source.tag(p("b/Temperature")).orElseThrow();
    assertEquals(
        source.tags().stream().filter(t -> t.path().equals(p("a/Temperature"))).toList(),
        List.of(a));
    // A browsed tag's address is derived from its NodeId: the nsu= form, as configured ones show.
    assertEquals(id("Plant/Line01/Cell01/Device007/Temperature"), a.address());
    assertEquals(id("Plant/Line01/Cell01/Device008/Temperature"), b.address());
    assertEquals("c1", a.sourceId());
    assertEquals("Double", a.dataType());
    assertEquals("°C", a.engineeringUnits());
    assertTrue(a.description().startsWith("Temperature"), a.description());
    assertFalse(a.writable());
    assertEquals("UInt32", source.tag(p("a/Counter")).orElseThrow().dataType());
    assertNull(source.tag(p("a/Counter")).orElseThrow().engineeringUnits());
    // Equal texts of different tags are one instance each, not one per tag.
    assertSame(a.description(), b.description());
    assertSame(a.engineeringUnits(), b.engineeringUnits());
    assertSame(a.dataType(), b.dataType());
    assertTrue(source.tag(p("a/NoSuchTag")).isEmpty());
  }

  private static TagPath p(String path) {
    return TagPath.of(path);
  }

  @Test
  void browseGlobsAndMaxTags() {
    start(
        config()
            .browse(
                BrowseConfig.of("/Objects/Plant/Line01")
                    .withInclude("**/Temperature", "**/Device00?/Speed")
                    .withExclude("Cell01/Device063/**")
                    .withPathPrefix(TagPath.of("g")))
            .browse(
                BrowseConfig.of(id("Plant/Line01/Cell01"))
                    .withExclude("**/State")
                    .withMaxTags(10)
                    .withPathPrefix(TagPath.of("m")))
            .build());
    await().atMost(Duration.ofSeconds(20)).until(() -> source.tags().size() == 62 + 9 + 10);
    Set<String> paths =
        source.tags().stream().map(t -> t.path().toString()).collect(Collectors.toSet());
    assertTrue(paths.contains("g/Cell01/Device001/Temperature"));
    assertTrue(paths.contains("g/Cell01/Device009/Speed"));
    assertFalse(paths.contains("g/Cell01/Device010/Speed"));
    assertFalse(paths.contains("g/Cell01/Device063/Temperature"));
    assertTrue(paths.stream().filter(p -> p.startsWith("m/")).noneMatch(p -> p.endsWith("State")));
    assertTrue(
        source.warnings().stream().anyMatch(w -> w.contains("max-tags=10")),
        () -> "warnings: " + source.warnings());
  }
}
