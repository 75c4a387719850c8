package io.plantmesh.node.internal;

import io.plantmesh.core.Source;
import io.plantmesh.core.TagMetadata;
import io.plantmesh.core.TagPath;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The sources' tag metadata by path (engineering units, description, owning source). Rebuilt from
 * {@link Source#tags()} at most once a second, because that list grows while sources browse and
 * copying it on every request would cost more than the request.
 */
@ApplicationScoped
public class TagCatalog {
  private static final long MAX_AGE_NANOS = 1_000_000_000L;

  @Inject NodeRuntime runtime;

  private volatile Map<TagPath, TagMetadata> byPath = Map.of();
  private volatile long builtAt = System.nanoTime() - 2 * MAX_AGE_NANOS;

  /** The tag's metadata, if a source knows the tag. */
  public Optional<TagMetadata> get(TagPath path) {
    TagMetadata m = current().get(path);
    if (m == null && System.nanoTime() - builtAt > MAX_AGE_NANOS / 10) {
      // A tag that appeared since the last build: look again, but not on every miss.
      m = rebuild().get(path);
    }
    return Optional.ofNullable(m);
  }

  private Map<TagPath, TagMetadata> current() {
    if (System.nanoTime() - builtAt > MAX_AGE_NANOS) {
      return rebuild();
    }
    return byPath;
  }

  private synchronized Map<TagPath, TagMetadata> rebuild() {
    Map<TagPath, TagMetadata> m = new HashMap<>();
    for (Source s : runtime.sources()) {
      for (TagMetadata t : s.tags()) {
        m.putIfAbsent(t.path(), t);
      }
    }
    byPath = m;
    builtAt = System.nanoTime();
    return m;
  }
}
