package io.plantmesh.cluster;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hazelcast.cluster.Member;
import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import io.plantmesh.cluster.WriteRejectedException.Reason;
import io.plantmesh.cluster.internal.ClusterKeys;
import io.plantmesh.cluster.internal.CommandCodec;
import io.plantmesh.cluster.internal.CommandRouterImpl;
import io.plantmesh.cluster.internal.CoordinationSetup;
import io.plantmesh.cluster.internal.Sealer;
import io.plantmesh.cluster.internal.WriteTask;
import io.plantmesh.core.Quality;
import io.plantmesh.core.Secret;
import io.plantmesh.core.TagPath;
import io.plantmesh.core.Value;
import io.plantmesh.core.WriteRefusedException;
import io.plantmesh.core.WriteResult;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Writes routed from any member to the owner of the source, on members in this JVM over loopback:
 * each command applied once, whatever the retries; stale, expired, forged and partitioned writes
 * refused with their reason.
 */
class RoutedWriteTest {
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final TagPath SETPOINT = TagPath.of("plant1/press/line-1/setpoint");
  private static final Set<String> SOURCES = Set.of("plc-1", "plc-2");
  private static final List<SourceSpec> SPECS =
      List.of(
          SourceSpec.preferring("plc-1", "node-a"),
          SourceSpec.preferring("plc-2", "node-d", "node-b"));

  /** A write handler standing in for the node's source: counts what reaches it. */
  static final class Handler implements WriteHandler {
    final AtomicInteger calls = new AtomicInteger();
    volatile CompletableFuture<WriteResult> gate;
    volatile WriteRefusedException refusal;

    @Override
    public CompletableFuture<WriteResult> write(String sourceId, TagPath path, Value value) {
      calls.incrementAndGet();
      if (refusal != null) {
        return CompletableFuture.failedFuture(refusal);
      }
      CompletableFuture<WriteResult> g = gate;
      return g != null
          ? g
          : CompletableFuture.completedFuture(new WriteResult(path, Quality.GOOD, value));
    }
  }

  private MeshFixture fixture;
  private Mesh a;
  private Mesh b;
  private Mesh c;
  private final List<Handler> handlers = new ArrayList<>();

  private Mesh start(int index, String name) {
    Mesh m =
        fixture.start(
            fixture
                .config(
                    index, new MemberIdentity(name, "plant1", "", SOURCES, false), MeshFixture.KEY)
                .quorum(MeshConfig.Quorum.majorityOf(3))
                .build());
    Handler h = new Handler();
    handlers.add(h);
    m.setWriteHandler(h);
    m.declareSources(SPECS, new OwnershipLog().listener(name));
    return m;
  }

  private Handler handler(Mesh m) {
    return handlers.get(List.of(a, b, c).indexOf(m));
  }

  @BeforeEach
  void setUp() {
    fixture = new MeshFixture(5);
    a = start(0, "node-a");
    b = start(1, "node-b");
    c = start(2, "node-c");
    await()
        .atMost(WAIT)
        .until(
            () ->
                a.ownedSources().containsKey("plc-1")
                    && b.ownedSources().containsKey("plc-2")
                    && c.ownership().get("plc-1").owner().equals("node-a")
                    && c.ownership().get("plc-2").owner().equals("node-b"));
  }

  @AfterEach
  void tearDown() {
    fixture.close();
  }

  private static WriteCommand command(String source, double value) {
    return WriteCommand.of(
        source, SETPOINT, new Value.Float64(value), Duration.ofMinutes(1), "test");
  }

  private static Reason rejection(Mesh from, WriteCommand cmd) {
    return assertThrows(WriteRejectedException.class, () -> from.commandRouter().write(cmd))
        .reason();
  }

  @Test
  void aCommandReachesTheOwnerOnceWhateverTheRetries() throws Exception {
    WriteCommand cmd = command("plc-1", 42.5);
    WriteResult first = c.commandRouter().write(cmd);
    assertEquals(new WriteResult(SETPOINT, Quality.GOOD, new Value.Float64(42.5)), first);
    assertEquals(1, handler(a).calls.get());
    assertEquals(first, c.commandRouter().write(cmd), "a retry returns the first result");
    assertEquals(first, b.commandRouter().write(cmd), "from any member");
    assertEquals(first, a.commandRouter().write(cmd), "and from the owner itself");
    assertEquals(1, handler(a).calls.get());
    assertEquals(0, handler(b).calls.get() + handler(c).calls.get());
    assertEquals(3, a.coordinationStats().commandsDeduplicated());

    // Retries racing the first attempt wait for its answer instead of writing again.
    CompletableFuture<WriteResult> gate = new CompletableFuture<>();
    handler(a).gate = gate;
    WriteCommand slow = command("plc-1", 7);
    long received = a.coordinationStats().commandsReceived();
    List<CompletableFuture<WriteResult>> racing = new ArrayList<>();
    for (Mesh m : List.of(b, c, b, c)) {
      racing.add(m.commandRouter().writeAsync(slow));
    }
    await().atMost(WAIT).until(() -> a.coordinationStats().commandsReceived() == received + 4);
    gate.complete(
        new WriteResult(
            SETPOINT, Quality.of(0x80730000L, "Bad_WriteNotSupported"), new Value.Float64(7)));
    for (CompletableFuture<WriteResult> f : racing) {
      WriteResult r = f.get(10, TimeUnit.SECONDS);
      assertEquals("Bad_WriteNotSupported", r.status().symbolicName(), "the device's own status");
    }
    assertEquals(2, handler(a).calls.get());
    handler(a).gate = null;

    // A refusal by the source (nothing sent to the device) does not spend the command id.
    handler(a).refusal =
        new WriteRefusedException(
            WriteRefusedException.Reason.NOT_WRITABLE, "setpoint is read-only");
    WriteCommand refused = command("plc-1", 1);
    WriteRejectedException e =
        assertThrows(WriteRejectedException.class, () -> c.commandRouter().write(refused));
    assertEquals(Reason.DEVICE_ERROR, e.reason());
    assertEquals(WriteRefusedException.Reason.NOT_WRITABLE, e.sourceRefusal().orElseThrow());
    assertTrue(e.getMessage().contains("setpoint is read-only"), e.getMessage());
    handler(a).refusal = null;
    assertEquals(Quality.GOOD, c.commandRouter().write(refused).status());
    assertEquals(4, handler(a).calls.get());

    // Nobody owns an undeclared source.
    WriteRejectedException none =
        assertThrows(
            WriteRejectedException.class, () -> c.commandRouter().write(command("plc-9", 1)));
    assertEquals(Reason.NO_OWNER, none.reason());
    assertTrue(none.getMessage().contains("plc-9"), none.getMessage());
  }

  @Test
  void expiredCommandsAreRefusedAsStale() {
    WriteCommand old =
        new WriteCommand(
            UUID.randomUUID(),
            "plc-1",
            SETPOINT,
            new Value.Float64(1),
            Instant.now().minusSeconds(1),
            "test");
    assertEquals(Reason.EXPIRED, rejection(c, old));

    // Expires on the way: the router saw it valid, the owner refuses it.
    WriteCommand shortLived =
        new WriteCommand(
            UUID.randomUUID(),
            "plc-1",
            SETPOINT,
            new Value.Float64(1),
            Instant.now().plusMillis(300),
            "test");
    CommandRouterImpl router = (CommandRouterImpl) c.commandRouter();
    CommandRouterImpl.Target t = router.target(shortLived);
    await().atMost(WAIT).until(() -> Instant.now().isAfter(shortLived.expiresAt()));
    WriteRejectedException e =
        assertThrows(
            WriteRejectedException.class, () -> router.send(shortLived, t.owner(), t.epoch()));
    assertEquals(Reason.EXPIRED, e.reason());
    assertTrue(e.getMessage().contains("refused as stale: it expired at"), e.getMessage());
    assertEquals(0, handler(a).calls.get());

    assertThrows(
        IllegalArgumentException.class,
        () ->
            c.commandRouter()
                .write(
                    WriteCommand.of(
                        "plc-1", SETPOINT, new Value.Float64(1), Duration.ofHours(1), "t")));
  }

  @Test
  void aCommandRoutedForAnOlderEpochIsRefused() {
    WriteCommand cmd = command("plc-2", 3);
    CommandRouterImpl router = (CommandRouterImpl) c.commandRouter();
    CommandRouterImpl.Target before = router.target(cmd);
    assertEquals("node-b", before.owner().name());

    // node-d, preferred for plc-2, joins: plc-2 moves from node-b to node-d at the next epoch.
    Mesh d = start(3, "node-d");
    await().atMost(WAIT).until(() -> d.ownedSources().containsKey("plc-2"));
    await().atMost(WAIT).until(() -> c.ownership().get("plc-2").owner().equals("node-d"));
    long now = d.ownedSources().get("plc-2");
    assertEquals(before.epoch() + 1, now);

    WriteRejectedException toOld =
        assertThrows(
            WriteRejectedException.class, () -> router.send(cmd, before.owner(), before.epoch()));
    assertEquals(Reason.STALE, toOld.reason());
    assertTrue(toOld.getMessage().contains("node-b no longer owns the source"), toOld.getMessage());
    MeshMember dMember = router.target(cmd).owner();
    WriteRejectedException toNew =
        assertThrows(WriteRejectedException.class, () -> router.send(cmd, dMember, before.epoch()));
    assertEquals(Reason.STALE, toNew.reason());
    assertTrue(
        toNew.getMessage().contains("node-d holds the source at epoch " + now), toNew.getMessage());
    assertEquals(0, handler(b).calls.get() + handlers.get(3).calls.get());

    // Routed afresh, the same command goes through, once.
    assertEquals(Quality.GOOD, c.commandRouter().write(cmd).status());
    assertEquals(1, handlers.get(3).calls.get());
  }

  @Test
  void forgedReplayedAndUntrustedCommandsAreRefused() throws Exception {
    HazelcastInstance raw = Hazelcast.newHazelcastInstance(rawConfig(4));
    try {
      await().atMost(WAIT).until(() -> a.members().size() == 4);
      Member owner =
          raw.getCluster().getMembers().stream()
              .filter(m -> "node-a".equals(m.getAttributes().get("plantmesh.name")))
              .findFirst()
              .orElseThrow();
      long epoch = a.ownedSources().get("plc-1");
      WriteCommand cmd = command("plc-1", 99);
      byte[] plain = CommandCodec.encode(new CommandCodec.Request(cmd, epoch));

      // Sealed under another key: refused unopened, counted, never written.
      Sealer foreign =
          ClusterKeys.derive(Secret.ofValue("another-key-0123456789abcdef"), fixture.clusterName)
              .sealer();
      byte[] forged =
          foreign.seal(CommandCodec.requestStructure(a.memberId()), c.memberId(), plain);
      assertArrayEquals(new byte[0], submit(raw, owner, forged));
      assertArrayEquals(new byte[0], submit(raw, owner, "write 99".getBytes()));
      assertEquals(2, a.coordinationStats().commandsRefusedForged());

      Sealer key = ClusterKeys.derive(MeshFixture.KEY, fixture.clusterName).sealer();
      // Sealed for another member: does not open at node-a either.
      byte[] elsewhere = key.seal(CommandCodec.requestStructure(b.memberId()), c.memberId(), plain);
      assertArrayEquals(new byte[0], submit(raw, owner, elsewhere));
      assertEquals(3, a.coordinationStats().commandsRefusedForged());

      // Under the key but from a member id nobody in the mesh has: untrusted.
      byte[] stranger =
          key.seal(CommandCodec.requestStructure(a.memberId()), UUID.randomUUID(), plain);
      CommandCodec.Outcome o = open(key, cmd, submit(raw, owner, stranger));
      assertEquals(Reason.UNTRUSTED, ((CommandCodec.Rejected) o).reason());
      assertEquals(0, handler(a).calls.get());

      // node-c's genuine command, replayed by whoever captured it: applied once.
      byte[] genuine = key.seal(CommandCodec.requestStructure(a.memberId()), c.memberId(), plain);
      CommandCodec.Outcome first = open(key, cmd, submit(raw, owner, genuine));
      assertTrue(first instanceof CommandCodec.Result, first.toString());
      assertEquals(first, open(key, cmd, submit(raw, owner, genuine)));
      assertEquals(1, handler(a).calls.get());
    } finally {
      raw.getLifecycleService().terminate();
    }
  }

  @Test
  void aRetryAfterTheOwnerChangedReturnsTheFirstResultAndTheMinorityRefuses() {
    WriteCommand cmd = command("plc-1", 5);
    WriteResult first = c.commandRouter().write(cmd);
    assertEquals(1, handler(a).calls.get());

    a.close(); // plc-1 moves to node-b or node-c
    await()
        .atMost(WAIT)
        .until(
            () -> b.ownedSources().containsKey("plc-1") || c.ownedSources().containsKey("plc-1"));
    await().atMost(WAIT).until(() -> !c.ownership().get("plc-1").owner().equals("node-a"));
    assertEquals(first, c.commandRouter().write(cmd));
    assertEquals(first, b.commandRouter().write(cmd));
    assertEquals(0, handler(b).calls.get() + handler(c).calls.get(), "not written again");
    assertEquals(Quality.GOOD, c.commandRouter().write(command("plc-1", 6)).status());
    assertEquals(1, handler(b).calls.get() + handler(c).calls.get());

    // node-c alone is a minority of the three expected: no writes, and it says so; it keeps
    // collecting what it owns but acquires nothing more. (What node-b released while leaving
    // gracefully, node-c may take while node-b was still a member: the two had quorum then.)
    b.close();
    await().atMost(WAIT).until(c::isPartitioned);
    java.util.Map<String, Long> owned = c.ownedSources();
    WriteRejectedException e =
        assertThrows(
            WriteRejectedException.class, () -> c.commandRouter().write(command("plc-1", 7)));
    assertEquals(Reason.NO_QUORUM, e.reason());
    assertTrue(e.getMessage().contains("node-c is cut off from the majority"), e.getMessage());
    await()
        .during(Duration.ofSeconds(2))
        .atMost(Duration.ofSeconds(5))
        .until(() -> c.ownedSources().equals(owned));
    assertTrue(c.quorum().partitioned());
  }

  private static byte[] submit(HazelcastInstance raw, Member to, byte[] request) throws Exception {
    return raw.getExecutorService(CoordinationSetup.COMMANDS_EXECUTOR)
        .submitToMember(new WriteTask(request), to)
        .get(10, TimeUnit.SECONDS);
  }

  private static CommandCodec.Outcome open(Sealer key, WriteCommand cmd, byte[] answer)
      throws Exception {
    return CommandCodec.decodeOutcome(
        key.open(CommandCodec.responseStructure(cmd.commandId()), answer).plaintext());
  }

  /** A Hazelcast member without plantmesh: no key, no attestation. */
  private Config rawConfig(int portIndex) {
    Config cfg = new Config();
    cfg.setClusterName(fixture.clusterName);
    cfg.setProperty("hazelcast.logging.type", "slf4j");
    cfg.setProperty("hazelcast.phone.home.enabled", "false");
    cfg.setProperty("hazelcast.wait.seconds.before.join", "1");
    cfg.getNetworkConfig().setPort(fixture.ports.get(portIndex)).setPortAutoIncrement(false);
    cfg.getNetworkConfig().getInterfaces().setEnabled(true).addInterface("127.0.0.1");
    JoinConfig j = cfg.getNetworkConfig().getJoin();
    j.getAutoDetectionConfig().setEnabled(false);
    j.getMulticastConfig().setEnabled(false);
    j.getTcpIpConfig().setEnabled(true).setMembers(fixture.memberList());
    return cfg;
  }
}
