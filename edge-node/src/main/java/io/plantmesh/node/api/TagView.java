package io.plantmesh.node.api;

import io.plantmesh.core.Quality;
import io.plantmesh.core.Reading;
import io.plantmesh.core.TagMetadata;
import io.plantmesh.node.pipeline.StoredTag;
import java.time.Instant;

/**
 * A tag and its latest reading, as {@code GET /api/tags} shows it.
 *
 * @param value the value as JSON (numbers, strings, booleans, arrays, objects; null when none)
 * @param valueType the value's type, named after OPC UA's built-in types (DOUBLE, UINT32, ...)
 */
public record TagView(
    String path,
    Object value,
    String valueType,
    QualityView quality,
    String sourceTime,
    String serverTime,
    String receivedTime,
    String originNode,
    long sequence,
    String sourceId,
    String dataType,
    String engineeringUnits,
    String description,
    Boolean writable) {

  /** A quality: severity, the raw OPC UA StatusCode and its symbolic name. */
  public record QualityView(String severity, long statusCode, String symbolicName) {
    public static QualityView of(Quality q) {
      return new QualityView(q.severity().name(), q.statusCode(), q.symbolicName());
    }
  }

  public static TagView of(StoredTag tag, TagMetadata meta) {
    Reading r = tag.reading();
    return new TagView(
        r.path().toString(),
        r.value().toJava(),
        r.value().type().name(),
        QualityView.of(r.quality()),
        text(r.sourceTime()),
        text(r.serverTime()),
        text(r.receivedTime()),
        r.originNode(),
        r.sequence(),
        tag.sourceId(),
        meta == null ? null : meta.dataType(),
        meta == null ? null : meta.engineeringUnits(),
        meta == null ? null : meta.description(),
        meta == null ? null : meta.writable());
  }

  /** A tag a source knows but has not delivered a reading for yet. */
  public static TagView withoutReading(TagMetadata meta) {
    return new TagView(
        meta.path().toString(),
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        0,
        meta.sourceId(),
        meta.dataType(),
        meta.engineeringUnits(),
        meta.description(),
        meta.writable());
  }

  private static String text(Instant t) {
    return t == null ? null : t.toString();
  }
}
