package io.plantmesh.kafka.decision;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The JSON forms of {@link AlarmStep} and {@link RuleEvent}, as the forwarder sends them; {@code
 * schemas/alarm.schema.json} and {@code schemas/event.schema.json} (on the class path) describe
 * them. Times are ISO-8601 UTC strings.
 */
public final class DecisionJson {
  /** The alarm schema's {@code $id}. */
  public static final String ALARM_SCHEMA_ID = "https://plantmesh.io/schemas/alarm.schema.json";

  /** Where the alarm schema is on the class path. */
  public static final String ALARM_SCHEMA_RESOURCE = "/schemas/alarm.schema.json";

  /** The event schema's {@code $id}. */
  public static final String EVENT_SCHEMA_ID = "https://plantmesh.io/schemas/event.schema.json";

  /** Where the event schema is on the class path. */
  public static final String EVENT_SCHEMA_RESOURCE = "/schemas/event.schema.json";

  private static final JsonFactory FACTORY = new JsonFactory();

  private DecisionJson() {}

  /** The step as UTF-8 JSON. */
  public static byte[] toBytes(AlarmStep a) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(512);
    try (JsonGenerator g = FACTORY.createGenerator(out)) {
      g.writeStartObject();
      g.writeStringField("id", a.id());
      g.writeStringField("alarmId", a.alarmId().toString());
      g.writeNumberField("seq", a.seq());
      g.writeStringField("rule", a.rule());
      g.writeStringField("severity", a.severity());
      g.writeNumberField("opcUaSeverity", a.opcUaSeverity());
      g.writeStringField("message", a.message());
      g.writeStringField("state", a.state());
      g.writeBooleanField("acknowledged", a.acknowledged());
      g.writeStringField("transition", a.transition());
      g.writeStringField("who", a.who());
      if (a.why() == null) {
        g.writeNullField("why");
      } else {
        g.writeStringField("why", a.why());
      }
      g.writeStringField("when", a.when().toString());
      g.writeStringField("raisedAt", a.raisedAt().toString());
      g.writeStringField("node", a.node());
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** The event as UTF-8 JSON. */
  public static byte[] toBytes(RuleEvent e) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    try (JsonGenerator g = FACTORY.createGenerator(out)) {
      g.writeStartObject();
      g.writeStringField("id", e.id());
      g.writeStringField("rule", e.rule());
      g.writeStringField("name", e.name());
      g.writeStringField("message", e.message());
      g.writeStringField("at", e.at().toString());
      g.writeStringField("node", e.node());
      g.writeEndObject();
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
    return out.toByteArray();
  }

  public static String toJson(AlarmStep a) {
    return new String(toBytes(a), StandardCharsets.UTF_8);
  }

  public static String toJson(RuleEvent e) {
    return new String(toBytes(e), StandardCharsets.UTF_8);
  }
}
