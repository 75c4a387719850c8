package io.plantmesh.kafka.summary;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.plantmesh.core.Value;
import io.plantmesh.kafka.summary.internal.SummaryReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;

/**
 * The JSON form of a {@link Summary}, as the forwarder sends it; {@code
 * schemas/summary.schema.json} (on the class path) describes it.
 *
 * <p>Times are ISO-8601 UTC strings; durations are milliseconds (with microsecond decimals); kinds
 * and severities are lower/upper case as in the schema. A value is written with its OPC UA type, so
 * that decoding gives back the same {@link Value}. Non-finite doubles, which JSON cannot carry as
 * numbers, are the strings {@code "NaN"}, {@code "Infinity"}, {@code "-Infinity"}.
 */
public final class SummaryJson {
  /** The schema's {@code $id}. */
  public static final String SCHEMA_ID = "https://plantmesh.io/schemas/summary.schema.json";

  /** Where the schema is on the class path. */
  public static final String SCHEMA_RESOURCE = "/schemas/summary.schema.json";

  private static final JsonFactory FACTORY = new JsonFactory();
  private static final ObjectMapper MAPPER =
      new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

  private SummaryJson() {}

  /** The summary as UTF-8 JSON. */
  public static byte[] toBytes(Summary s) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(640);
    try (JsonGenerator g = FACTORY.createGenerator(out)) {
      write(g, s);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  public static String toJson(Summary s) {
    return new String(toBytes(s), StandardCharsets.UTF_8);
  }

  /**
   * Reads a summary back.
   *
   * @throws IllegalArgumentException naming the field that is missing or wrong
   */
  public static Summary fromJson(String json) {
    try {
      return SummaryReader.read(MAPPER.readTree(json));
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not a JSON summary: " + e.getOriginalMessage(), e);
    }
  }

  public static Summary fromBytes(byte[] json) {
    return fromJson(new String(json, StandardCharsets.UTF_8));
  }

  /** Reads a summary from a parsed tree. */
  public static Summary fromTree(JsonNode node) {
    return SummaryReader.read(node);
  }

  private static void write(JsonGenerator g, Summary s) throws IOException {
    g.writeStartObject();
    g.writeStringField("id", s.id());
    g.writeStringField("tag", s.tag().toString());
    instant(g, "windowStart", s.windowStart());
    instant(g, "windowEnd", s.windowEnd());
    duration(g, "windowLengthMs", s.windowLength());
    g.writeBooleanField("partial", s.partial());
    instant(g, "coveredFrom", s.coveredFrom());
    instant(g, "coveredTo", s.coveredTo());
    g.writeStringField("kind", s.kind().name().toLowerCase(Locale.ROOT));
    g.writeNumberField("count", s.count());
    g.writeObjectFieldStart("quality");
    g.writeNumberField("good", s.quality().good());
    g.writeNumberField("uncertain", s.quality().uncertain());
    g.writeNumberField("bad", s.quality().bad());
    g.writeFieldName("goodShare");
    number(g, s.quality().goodShare());
    g.writeEndObject();
    g.writeNumberField("outOfOrder", s.outOfOrder());
    g.writeNumberField("excluded", s.excluded());
    sample(g, "initial", s.initial());
    sample(g, "first", s.first());
    sample(g, "last", s.last());
    g.writeFieldName("numeric");
    if (s.numeric() == null) {
      g.writeNull();
    } else {
      numeric(g, s.numeric());
    }
    g.writeFieldName("states");
    if (s.states() == null) {
      g.writeNull();
    } else {
      states(g, s.states());
    }
    g.writeEndObject();
  }

  private static void numeric(JsonGenerator g, Summary.NumericStats n) throws IOException {
    g.writeStartObject();
    g.writeNumberField("samples", n.samples());
    g.writeFieldName("min");
    number(g, n.min());
    instant(g, "minTime", n.minTime());
    g.writeFieldName("max");
    number(g, n.max());
    instant(g, "maxTime", n.maxTime());
    g.writeFieldName("mean");
    number(g, n.mean());
    g.writeFieldName("stddev");
    number(g, n.stddev());
    g.writeFieldName("timeWeightedMean");
    number(g, n.timeWeightedMean());
    duration(g, "heldMs", n.held());
    g.writeEndObject();
  }

  private static void states(JsonGenerator g, Summary.StateStats st) throws IOException {
    g.writeStartObject();
    g.writeNumberField("changes", st.changes());
    g.writeObjectFieldStart("timeInStateMs");
    for (Map.Entry<String, Duration> e : st.timeInState().entrySet()) {
      duration(g, e.getKey(), e.getValue());
    }
    g.writeEndObject();
    duration(g, "timeInOtherStatesMs", st.timeInOtherStates());
    duration(g, "heldMs", st.held());
    g.writeEndObject();
  }

  private static void sample(JsonGenerator g, String field, Summary.Sample s) throws IOException {
    g.writeFieldName(field);
    if (s == null) {
      g.writeNull();
      return;
    }
    g.writeStartObject();
    instant(g, "time", s.time());
    g.writeStringField("type", s.value().type().name());
    g.writeFieldName("value");
    value(g, s.value());
    g.writeObjectFieldStart("quality");
    g.writeStringField("severity", s.quality().severity().name());
    g.writeNumberField("statusCode", s.quality().statusCode());
    g.writeStringField("symbolicName", s.quality().symbolicName());
    g.writeEndObject();
    g.writeEndObject();
  }

  private static void value(JsonGenerator g, Value v) throws IOException {
    if (v instanceof Value.Bool b) {
      g.writeBoolean(b.value());
    } else if (v instanceof Value.Int i) {
      g.writeNumber(i.value());
    } else if (v instanceof Value.UInt u) {
      if (u.bits() >= 0) {
        g.writeNumber(u.bits());
      } else {
        g.writeNumber(new BigInteger(Long.toUnsignedString(u.bits())));
      }
    } else if (v instanceof Value.Float32 f) {
      if (Float.isFinite(f.value())) {
        g.writeNumber(f.value());
      } else {
        g.writeString(Float.toString(f.value()));
      }
    } else if (v instanceof Value.Float64 d) {
      number(g, d.value());
    } else if (v instanceof Value.Text t) {
      g.writeString(t.value());
    } else if (v instanceof Value.Null) {
      g.writeNull();
    } else {
      throw new IllegalArgumentException(v.type() + " values are not summarised");
    }
  }

  private static void number(JsonGenerator g, Double d) throws IOException {
    if (d == null) {
      g.writeNull();
    } else if (Double.isFinite(d)) {
      g.writeNumber(d);
    } else {
      g.writeString(Double.toString(d));
    }
  }

  private static void instant(JsonGenerator g, String field, Instant t) throws IOException {
    if (t == null) {
      g.writeNullField(field);
    } else {
      g.writeStringField(field, t.toString());
    }
  }

  private static void duration(JsonGenerator g, String field, Duration d) throws IOException {
    long micros = d.toNanos() / 1000;
    g.writeFieldName(field);
    if (micros % 1000 == 0) {
      g.writeNumber(micros / 1000);
    } else {
      g.writeNumber(BigDecimal.valueOf(micros, 3).toPlainString());
    }
  }
}
