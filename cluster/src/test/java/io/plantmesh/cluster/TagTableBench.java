package io.plantmesh.cluster;

import com.hazelcast.config.Config;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.map.listener.EntryAddedListener;
import com.hazelcast.map.listener.EntryUpdatedListener;
import io.plantmesh.cluster.internal.Fanout;
import io.plantmesh.cluster.internal.TagTableImpl;
import io.plantmesh.cluster.internal.TopicFanout;
import io.plantmesh.core.Quality;
import io.plantmesh.core.Reading;
import io.plantmesh.core.TagPath;
import io.plantmesh.core.Value;
import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Measures the tag table's candidate structures (ADR 0005): three members in this JVM on loopback,
 * member 1 publishes readings in batches every 10 ms at a target rate, members 2 and 3 record the
 * time from publishing to the reading's arrival in their change feed. Also heap per 100,000 tags.
 *
 * <p>Not a test: run {@code java -cp <test classpath> io.plantmesh.cluster.TagTableBench [seconds]}
 * (see the README). Figures from a shared 2-core machine are rough.
 */
public final class TagTableBench {

  private TagTableBench() {}

  private record Candidate(
      String label, Consumer<Config> customize, Function<HazelcastInstance, Fanout> fanout) {}

  public static void main(String[] args) throws Exception {
    int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
    String only = args.length > 1 ? args[1] : "";
    String topic = TagTableImpl.READINGS;
    List<Candidate> candidates =
        List.of(
            new Candidate("ITopic (sealed batches)", c -> {}, hz -> new TopicFanout(hz, topic)),
            new Candidate(
                "ReliableTopic (sealed batches)",
                c -> BenchFanouts.Reliable.configure(c, topic),
                hz -> new BenchFanouts.Reliable(hz, topic)),
            new Candidate(
                "IMap.set of batches + entry listener",
                c -> {},
                hz -> new BenchFanouts.MapOfBatches(hz, topic)),
            new Candidate(
                "ReplicatedMap.put of batches + entry listener",
                c -> {},
                hz -> new BenchFanouts.ReplicatedBatches(hz, topic)));
    System.out.printf(
        "%-48s %9s %9s %8s %8s %8s%n",
        "candidate", "target/s", "got/s", "p50 ms", "p99 ms", "max ms");
    for (Candidate c : candidates) {
      if (!c.label().startsWith(only)) {
        continue;
      }
      for (int rate : new int[] {10_000, 100_000}) {
        try (MeshFixture f = new MeshFixture(3)) {
          List<Mesh> meshes = startThree(f, c);
          report(c.label(), rate, run(meshes, rate, seconds));
        }
      }
    }
    if (only.isEmpty() || only.startsWith("bare")) {
      for (int rate : new int[] {10_000, 100_000}) {
        report("bare IMap.set per reading + entry listener", rate, bareMap(rate, seconds));
      }
    }
    if (only.isEmpty() || only.startsWith("jvms")) {
      separateJvms(seconds);
    }
    if (only.isEmpty() || only.startsWith("heap")) {
      heapPer100kTags();
    }
    System.exit(0);
  }

  private static List<Mesh> startThree(MeshFixture f, Candidate c) {
    List<Mesh> meshes = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      MeshConfig.Table t = MeshConfig.Table.defaults();
      MeshConfig config =
          f.config(i, "bench-" + i, MeshFixture.KEY)
              .table(
                  new MeshConfig.Table(
                      Integer.getInteger("bench.chunk", t.maxReadingsPerMessage()),
                      t.applyQueueCapacity(),
                      t.snapshotTimeout()))
              .build();
      Mesh m = Mesh.start(config, c.customize(), c.fanout());
      meshes.add(m);
    }
    while (meshes.get(0).members().size() < 3 || !meshes.get(2).tagTable().isSynced()) {
      Thread.onSpinWait();
    }
    return meshes;
  }

  private record Result(double achieved, long[] sortedMicros) {}

  private static Result run(List<Mesh> meshes, int rate, int seconds) throws InterruptedException {
    List<BenchSupport.Recorder> recorders = new ArrayList<>();
    for (Mesh peer : meshes.subList(1, 3)) {
      BenchSupport.Recorder r = new BenchSupport.Recorder();
      recorders.add(r);
      peer.tagTable()
          .subscribeAll(
              false,
              changes -> {
                long now = nowMicros();
                for (Reading x : changes) {
                  r.add(now - micros(x.receivedTime()));
                }
                r.lastSeq = changes.get(changes.size() - 1).sequence();
              });
    }
    BenchSupport.Pacer pacer = new BenchSupport.Pacer(meshes.get(0).tagTable(), "bench-0");
    double achieved = pacer.run(rate, seconds, () -> recorders.forEach(r -> r.on = true));
    long last = pacer.seq;
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (recorders.stream().anyMatch(r -> r.lastSeq < last) && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    recorders.forEach(r -> r.on = false);
    long[] all = new long[recorders.stream().mapToInt(r -> r.n).sum()];
    int k = 0;
    for (BenchSupport.Recorder r : recorders) {
      System.arraycopy(r.samples, 0, all, k, r.n);
      k += r.n;
    }
    Arrays.sort(all);
    return new Result(achieved, all);
  }

  /**
   * The production path with the two peers in JVMs of their own: GC pauses and scheduling of one
   * member no longer stall the others, as on a real floor (where each member has its own host).
   */
  private static void separateJvms(int seconds) throws Exception {
    try (MeshFixture f = new MeshFixture(3)) {
      Mesh publisher = f.start(0, "bench-0");
      try (ChildMember p1 = ChildMember.start(f, 1, "peer-1");
          ChildMember p2 = ChildMember.start(f, 2, "peer-2")) {
        while (publisher.members().size() < 3) {
          Thread.sleep(50);
        }
        BenchSupport.Pacer pacer = new BenchSupport.Pacer(publisher.tagTable(), "bench-0");
        for (int rate : new int[] {10_000, 100_000}) {
          long cpu0 = cpuNanos(p1);
          long wall0 = System.nanoTime();
          double achieved =
              pacer.run(
                  rate,
                  seconds,
                  () -> {
                    p1.send("record");
                    p2.send("record");
                  });
          double cpu = (cpuNanos(p1) - cpu0) / (double) (System.nanoTime() - wall0);
          long[] merged = {0, 0, 0, 0};
          for (ChildMember c : List.of(p1, p2)) {
            c.send("latency " + pacer.seq);
            String line;
            while ((line = c.next(30)) != null && !line.startsWith("LATENCY")) {
              // RECORDING acknowledgements
            }
            if (line == null) {
              throw new IllegalStateException("a peer did not answer; see " + c.log);
            }
            String[] v = line.split(" ");
            merged[0] += Long.parseLong(v[1]);
            for (int i = 1; i < 4; i++) {
              merged[i] = Math.max(merged[i], Long.parseLong(v[i + 1]));
            }
          }
          System.out.printf(
              "%-48s %9d %9.0f %8.2f %8.2f %8.2f   (%,d samples; worse of the 2 peer JVMs;"
                  + " a peer JVM used %.0f%% of one core)%n",
              "ITopic, peers in separate JVMs",
              rate,
              achieved,
              merged[1] / 1000.0,
              merged[2] / 1000.0,
              merged[3] / 1000.0,
              merged[0],
              cpu * 100);
        }
        long before = heapOf(p1);
        List<Reading> batch = new ArrayList<>();
        Instant now = Instant.now();
        for (int i = 0; i < 100_000; i++) {
          batch.add(
              new Reading(
                  TagPath.of(
                      "heap/area-"
                          + (i % 10)
                          + "/line-"
                          + (i % 50)
                          + "/cell-"
                          + (i % 7)
                          + "/tag-"
                          + i),
                  new Value.Float64(i),
                  Quality.GOOD,
                  now,
                  now,
                  now,
                  "bench-0",
                  ++pacer.seq));
        }
        publisher.tagTable().publish("plc-bench", batch);
        int expected = BenchSupport.TAGS + 100_000;
        for (String size = ""; !size.equals("SIZE " + expected); ) {
          p1.send("size");
          size = p1.next(30);
          Thread.sleep(100);
        }
        long after = heapOf(p1);
        System.out.printf(
            "heap for 100,000 more tags in a peer JVM's tag table: %.1f MB%n",
            (after - before) / 1e6);
      }
    }
  }

  private static long cpuNanos(ChildMember c) {
    return c.process.info().totalCpuDuration().map(java.time.Duration::toNanos).orElse(0L);
  }

  private static long heapOf(ChildMember c) throws InterruptedException {
    c.send("heap");
    for (String line; (line = c.next(30)) != null; ) {
      if (line.startsWith("HEAP ")) {
        return Long.parseLong(line.substring(5));
      }
    }
    throw new IllegalStateException("no heap figure from the peer; see " + c.log);
  }

  /** The baseline: one IMap.set per reading, an entry listener on each peer. */
  private static Result bareMap(int rate, int seconds) throws InterruptedException {
    try (MeshFixture f = new MeshFixture(3)) {
      List<HazelcastInstance> hzs = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        Config c = new Config().setClusterName(f.clusterName);
        c.setProperty("hazelcast.logging.type", "slf4j");
        c.setProperty("hazelcast.phone.home.enabled", "false");
        c.setProperty("hazelcast.wait.seconds.before.join", "1");
        c.getNetworkConfig().setPort(f.ports.get(i)).setPortAutoIncrement(false);
        c.getNetworkConfig().getInterfaces().setEnabled(true).addInterface("127.0.0.1");
        c.getNetworkConfig().getJoin().getAutoDetectionConfig().setEnabled(false);
        c.getNetworkConfig().getJoin().getMulticastConfig().setEnabled(false);
        c.getNetworkConfig().getJoin().getTcpIpConfig().setEnabled(true).setMembers(f.memberList());
        hzs.add(Hazelcast.newHazelcastInstance(c));
      }
      List<BenchSupport.Recorder> recorders = new ArrayList<>();
      for (HazelcastInstance peer : hzs.subList(1, 3)) {
        BenchSupport.Recorder r = new BenchSupport.Recorder();
        recorders.add(r);
        IMap<String, Long> m = peer.getMap("bare");
        m.addEntryListener(new BareListener(r), true);
      }
      IMap<String, Long> map = hzs.get(0).getMap("bare");
      int perBatch =
          Math.max(1, (int) ((long) rate * BenchSupport.BATCH_INTERVAL_NANOS / 1_000_000_000L));
      long published = 0;
      long measuredFrom = 0;
      long start = System.nanoTime();
      long measureFrom = start + Math.max(1, seconds / 2) * 1_000_000_000L;
      long end = measureFrom + seconds * 1_000_000_000L;
      long next = start;
      boolean measuring = false;
      int i = 0;
      while (System.nanoTime() < end) {
        if (!measuring && System.nanoTime() >= measureFrom) {
          measuring = true;
          recorders.forEach(r -> r.on = true);
          measuredFrom = published;
        }
        for (int j = 0; j < perBatch; j++) {
          map.set("tag-" + (i++ % BenchSupport.TAGS), nowMicros());
        }
        published += perBatch;
        next += BenchSupport.BATCH_INTERVAL_NANOS;
        long wait = next - System.nanoTime();
        if (wait > 0) {
          Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
        }
      }
      Thread.sleep(1000);
      recorders.forEach(r -> r.on = false);
      long[] all = new long[recorders.stream().mapToInt(r -> r.n).sum()];
      int k = 0;
      for (BenchSupport.Recorder r : recorders) {
        System.arraycopy(r.samples, 0, all, k, r.n);
        k += r.n;
      }
      Arrays.sort(all);
      hzs.forEach(h -> h.getLifecycleService().terminate());
      return new Result((published - measuredFrom) / (double) seconds, all);
    }
  }

  private record BareListener(BenchSupport.Recorder r)
      implements EntryAddedListener<String, Long>, EntryUpdatedListener<String, Long> {
    @Override
    public void entryAdded(com.hazelcast.core.EntryEvent<String, Long> e) {
      synchronized (r) {
        r.add(nowMicros() - e.getValue());
      }
    }

    @Override
    public void entryUpdated(com.hazelcast.core.EntryEvent<String, Long> e) {
      synchronized (r) {
        r.add(nowMicros() - e.getValue());
      }
    }
  }

  /** Heap held by the tag table on three members for 100,000 tags, and by per-tag IMaps. */
  private static void heapPer100kTags() throws InterruptedException {
    int n = 100_000;
    try (MeshFixture f = new MeshFixture(3)) {
      List<Mesh> meshes =
          startThree(
              f, new Candidate("", c -> {}, hz -> new TopicFanout(hz, TagTableImpl.READINGS)));
      long before = usedHeapAfterGc();
      Instant now = Instant.now();
      List<Reading> batch = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        batch.add(
            new Reading(
                TagPath.of(
                    "plant1/area-"
                        + (i % 10)
                        + "/line-"
                        + (i % 50)
                        + "/cell-"
                        + (i % 7)
                        + "/tag-"
                        + i),
                new Value.Float64(i),
                Quality.GOOD,
                now,
                now,
                now,
                "bench-0",
                i + 1));
      }
      meshes.get(0).tagTable().publish("plc-bench", batch);
      batch = null;
      while (meshes.stream().anyMatch(m -> m.tagTable().size() < n)) {
        Thread.sleep(50);
      }
      long after = usedHeapAfterGc();
      System.out.printf(
          "heap for %,d tags: tag table on 3 members %.1f MB, %.1f MB per member%n",
          n, (after - before) / 1e6, (after - before) / 3e6);

      HazelcastInstance hz =
          Hazelcast.getAllHazelcastInstances().stream()
              .filter(h -> h.getConfig().getClusterName().equals(f.clusterName))
              .findFirst()
              .orElseThrow();
      long b2 = usedHeapAfterGc();
      IMap<String, byte[]> map = hz.getMap("heap-imap");
      Map<String, byte[]> chunk = new HashMap<>();
      io.plantmesh.cluster.internal.ReadingCodec codec =
          new io.plantmesh.cluster.internal.ReadingCodec();
      for (int i = 0; i < n; i++) {
        String path =
            "plant1/area-" + (i % 10) + "/line-" + (i % 50) + "/cell-" + (i % 7) + "/tag-" + i;
        chunk.put(
            path,
            codec.encode(
                List.of(
                    new Reading(
                        TagPath.of(path),
                        new Value.Float64(i),
                        Quality.GOOD,
                        now,
                        now,
                        now,
                        "bench-0",
                        i + 1))));
        if (chunk.size() == 1000) {
          map.putAll(chunk);
          chunk.clear();
        }
      }
      long a2 = usedHeapAfterGc();
      System.out.printf(
          "heap for %,d tags: IMap<path, encoded reading> with 1 backup %.1f MB for the cluster%n",
          n, (a2 - b2) / 1e6);
    }
  }

  private static long usedHeapAfterGc() throws InterruptedException {
    for (int i = 0; i < 4; i++) {
      System.gc();
      Thread.sleep(200);
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  private static void report(String label, int rate, Result r) {
    long[] s = r.sortedMicros();
    if (s.length == 0) {
      System.out.printf("%-48s %9d %9.0f   (nothing arrived)%n", label, rate, r.achieved());
      return;
    }
    System.out.printf(
        "%-48s %9d %9.0f %8.2f %8.2f %8.2f   (%,d samples on 2 peers)%n",
        label,
        rate,
        r.achieved(),
        s[(int) (s.length * 0.50)] / 1000.0,
        s[Math.min(s.length - 1, (int) (s.length * 0.99))] / 1000.0,
        s[s.length - 1] / 1000.0,
        s.length);
  }

  private static long nowMicros() {
    return micros(Instant.now());
  }

  private static long micros(Instant t) {
    return ChronoUnit.MICROS.between(Instant.EPOCH, t);
  }
}
