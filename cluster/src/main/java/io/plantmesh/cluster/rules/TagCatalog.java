package io.plantmesh.cluster.rules;

import io.plantmesh.core.TagMetadata;
import io.plantmesh.core.TagPath;
import io.plantmesh.core.Value;
import java.util.Collection;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The tags a rule set may refer to, with their types, so that the compiler finds type errors and
 * unknown tags at load instead of at 3 a.m. Immutable.
 */
public final class TagCatalog {

  /**
   * What the catalogue knows about one tag.
   *
   * @param type the tag's value type; null when the type is not known (the tag exists, but its
   *     values are checked only at run time)
   * @param writable whether a rule may write it
   */
  public record Entry(Value.Type type, boolean writable) {}

  private static final TagCatalog EMPTY = new TagCatalog(Map.of());

  private final Map<TagPath, Entry> entries;

  private TagCatalog(Map<TagPath, Entry> entries) {
    this.entries = Map.copyOf(entries);
  }

  /** A catalogue that knows no tag (every path is unknown, see {@link UnknownTagPolicy}). */
  public static TagCatalog empty() {
    return EMPTY;
  }

  /** Tags with their types, all writable. */
  public static TagCatalog of(Map<TagPath, Value.Type> types) {
    Map<TagPath, Entry> m = new HashMap<>();
    types.forEach((p, t) -> m.put(p, new Entry(t, true)));
    return new TagCatalog(m);
  }

  /**
   * The catalogue of what the sources report: each tag's declared OPC UA data type name (see {@link
   * #typeOf(String)}) and whether it is writable.
   */
  public static TagCatalog fromMetadata(Collection<TagMetadata> metadata) {
    Map<TagPath, Entry> m = new HashMap<>();
    for (TagMetadata md : metadata) {
      m.put(md.path(), new Entry(typeOf(md.dataType()), md.writable()));
    }
    return new TagCatalog(m);
  }

  /** This catalogue plus one tag (replacing what it knew about {@code path}). */
  public TagCatalog with(TagPath path, Value.Type type, boolean writable) {
    Map<TagPath, Entry> m = new HashMap<>(entries);
    m.put(Objects.requireNonNull(path, "path"), new Entry(type, writable));
    return new TagCatalog(m);
  }

  public Optional<Entry> lookup(TagPath path) {
    return Optional.ofNullable(entries.get(path));
  }

  public int size() {
    return entries.size();
  }

  /**
   * The value type of an OPC UA built-in data type name ({@code Double}, {@code Int16}, {@code
   * Boolean}, ...), case-insensitive; null for null or a name that is not a built-in scalar type
   * (structures, enumerations: their values are checked at run time).
   */
  public static Value.Type typeOf(String dataType) {
    if (dataType == null) {
      return null;
    }
    return switch (dataType.strip().toLowerCase(Locale.ROOT)) {
      case "boolean" -> Value.Type.BOOLEAN;
      case "sbyte" -> Value.Type.SBYTE;
      case "byte" -> Value.Type.BYTE;
      case "int16" -> Value.Type.INT16;
      case "uint16" -> Value.Type.UINT16;
      case "int32" -> Value.Type.INT32;
      case "uint32" -> Value.Type.UINT32;
      case "int64" -> Value.Type.INT64;
      case "uint64" -> Value.Type.UINT64;
      case "float" -> Value.Type.FLOAT;
      case "double" -> Value.Type.DOUBLE;
      case "string" -> Value.Type.STRING;
      case "bytestring" -> Value.Type.BYTE_STRING;
      case "datetime" -> Value.Type.DATE_TIME;
      default -> null;
    };
  }
}
