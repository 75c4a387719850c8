package io.plantmesh.node.internal;

import io.plantmesh.core.Source;
import io.plantmesh.core.TagMetadata;
import io.plantmesh.core.TagPath;
import io.plantmesh.opcua.OpcUaSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The sources' tag metadata by path (engineering units, description, owning source); the first
 * source that knows a path answers for it.
 *
 * <p>An OPC UA source is asked for the one tag ({@link OpcUaSource#tag}), which builds the record
 * from what it holds anyway: a copy of all metadata would cost a node with 100,000 tags tens of
 * megabytes. Other sources only offer {@link Source#tags()}; their lists are copied into a map at
 * most once a second, because a list grows while sources browse and copying it on every request
 * would cost more than the request.
 */
@ApplicationScoped
public class TagCatalog {
  private static final long MAX_AGE_NANOS = 1_000_000_000L;

  @Inject NodeRuntime runtime;

  /** The copied lists of the sources that are not OPC UA sources, by source. */
  private volatile Map<Source, Map<TagPath, TagMetadata>> copies = Map.of();

  private volatile long builtAt = System.nanoTime() - 2 * MAX_AGE_NANOS;

  /** The tag's metadata, if a source knows the tag. */
  public Optional<TagMetadata> get(TagPath path) {
    Map<Source, Map<TagPath, TagMetadata>> copied = null;
    for (Source listed : runtime.sources()) {
      Source s = unwrap(listed);
      TagMetadata m;
      if (s instanceof OpcUaSource opcua) {
        m = opcua.tag(path).orElse(null);
      } else {
        if (copied == null) {
          copied = copies(path);
        }
        m = copied.getOrDefault(s, Map.of()).get(path);
      }
      if (m != null) {
        return Optional.of(m);
      }
    }
    return Optional.empty();
  }

  /** The copies, rebuilt when stale or when {@code path} is missing (not on every miss). */
  private Map<Source, Map<TagPath, TagMetadata>> copies(TagPath path) {
    Map<Source, Map<TagPath, TagMetadata>> c = copies;
    long age = System.nanoTime() - builtAt;
    if (age > MAX_AGE_NANOS
        || (age > MAX_AGE_NANOS / 10 && c.values().stream().noneMatch(m -> m.containsKey(path)))) {
      c = rebuild();
    }
    return c;
  }

  private synchronized Map<Source, Map<TagPath, TagMetadata>> rebuild() {
    Map<Source, Map<TagPath, TagMetadata>> c = new IdentityHashMap<>();
    for (Source listed : runtime.sources()) {
      Source s = unwrap(listed);
      if (!(s instanceof OpcUaSource)) {
        Map<TagPath, TagMetadata> m = new HashMap<>();
        for (TagMetadata t : s.tags()) {
          m.putIfAbsent(t.path(), t);
        }
        c.put(s, m);
      }
    }
    copies = c;
    builtAt = System.nanoTime();
    return c;
  }

  /** A source the mesh places answers through its current instance. */
  private static Source unwrap(Source s) {
    return s instanceof OwnedSource o ? o.current() : s;
  }
}
