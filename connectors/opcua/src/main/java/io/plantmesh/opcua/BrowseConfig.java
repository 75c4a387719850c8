package io.plantmesh.opcua;

import io.plantmesh.core.TagPath;
import io.plantmesh.opcua.internal.BrowsePathText;
import io.plantmesh.opcua.internal.Glob;
import io.plantmesh.opcua.internal.NodeIdText;
import java.util.List;

/**
 * A folder (or object) whose Variables are collected: the source browses below {@code root}
 * following hierarchical references, up to {@code maxDepth} levels, and collects every Variable
 * whose browse path relative to the root matches one of {@code include} and none of {@code
 * exclude}. Tag paths are the prefix plus the sanitised browse names below the root.
 *
 * @param root a NodeId string ({@code nsu=urn:plantmesh:plc-simulator;s=Plant/Line01}) or a browse
 *     path ({@code /Objects/2:Plant/2:Line01})
 * @param maxDepth how many levels below the root to browse, 1..64; default 10
 * @param include globs over the relative browse path, e.g. {@code **}{@code /Temperature}; empty
 *     means all
 * @param exclude globs of variables to leave out
 * @param maxTags the most tags this entry may yield; further ones are left out with a WARN and a
 *     note in the source's status; default 10000
 * @param pathPrefix the prefix for derived tag paths; null uses the source's
 * @param collection how to collect these tags; null uses the source's defaults
 */
public record BrowseConfig(
    String root,
    int maxDepth,
    List<String> include,
    List<String> exclude,
    int maxTags,
    TagPath pathPrefix,
    CollectionSettings collection) {

  public static final int DEFAULT_MAX_DEPTH = 10;
  public static final int MAX_MAX_DEPTH = 64;
  public static final int DEFAULT_MAX_TAGS = 10_000;

  public BrowseConfig {
    if (root == null || root.isBlank()) {
      throw new OpcUaConfigException("root", "is required (a NodeId or a browse path)");
    }
    root = root.strip();
    try {
      if (NodeIdText.looksLikeNodeId(root)) {
        NodeIdText.parse(root);
      } else {
        BrowsePathText.parse(root);
      }
    } catch (IllegalArgumentException e) {
      throw new OpcUaConfigException("root", e.getMessage());
    }
    if (maxDepth < 1 || maxDepth > MAX_MAX_DEPTH) {
      throw new OpcUaConfigException(
          "max-depth", "must be between 1 and " + MAX_MAX_DEPTH + ", was " + maxDepth);
    }
    if (maxTags < 1) {
      throw new OpcUaConfigException("max-tags", "must be >= 1, was " + maxTags);
    }
    include = include == null || include.isEmpty() ? List.of("**") : List.copyOf(include);
    exclude = exclude == null ? List.of() : List.copyOf(exclude);
    checkGlobs("include", include);
    checkGlobs("exclude", exclude);
  }

  /** Everything below {@code root}, with the defaults. */
  public static BrowseConfig of(String root) {
    return new BrowseConfig(
        root, DEFAULT_MAX_DEPTH, List.of("**"), List.of(), DEFAULT_MAX_TAGS, null, null);
  }

  public BrowseConfig withMaxDepth(int depth) {
    return new BrowseConfig(root, depth, include, exclude, maxTags, pathPrefix, collection);
  }

  public BrowseConfig withInclude(String... globs) {
    return new BrowseConfig(
        root, maxDepth, List.of(globs), exclude, maxTags, pathPrefix, collection);
  }

  public BrowseConfig withExclude(String... globs) {
    return new BrowseConfig(
        root, maxDepth, include, List.of(globs), maxTags, pathPrefix, collection);
  }

  public BrowseConfig withMaxTags(int max) {
    return new BrowseConfig(root, maxDepth, include, exclude, max, pathPrefix, collection);
  }

  public BrowseConfig withPathPrefix(TagPath prefix) {
    return new BrowseConfig(root, maxDepth, include, exclude, maxTags, prefix, collection);
  }

  public BrowseConfig withCollection(CollectionSettings c) {
    return new BrowseConfig(root, maxDepth, include, exclude, maxTags, pathPrefix, c);
  }

  private static void checkGlobs(String key, List<String> globs) {
    for (int i = 0; i < globs.size(); i++) {
      try {
        Glob.compile(globs.get(i));
      } catch (IllegalArgumentException e) {
        throw new OpcUaConfigException(key + "[" + i + "]", e.getMessage());
      }
    }
  }
}
