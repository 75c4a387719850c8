package io.plantmesh.node.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.plantmesh.core.Quality;
import io.plantmesh.core.TagPath;
import io.plantmesh.core.Value;
import io.plantmesh.core.WriteRefusedException;
import io.plantmesh.core.WriteResult;
import org.junit.jupiter.api.Test;

/** How a device's answer, or a refusal before sending, becomes an HTTP status. */
class TagWriterStatusTest {
  private static final TagPath PATH = TagPath.of("p/t");

  private static int status(long code, String name) {
    return TagWriter.answered(new WriteResult(PATH, Quality.of(code, name), new Value.Float64(1)))
        .getStatus();
  }

  @Test
  void deviceAnswers() {
    assertEquals(200, status(0, "Good"));
    assertEquals(409, status(0x803C0000L, "Bad_OutOfRange"));
    assertEquals(409, status(0x803B0000L, "Bad_NotWritable"));
    assertEquals(502, status(0x800A0000L, "Bad_Timeout"));
    assertEquals(502, status(0x80050000L, "Bad_CommunicationError"));
    assertEquals(502, status(0x80AE0000L, "Bad_ConnectionClosed"));
  }

  @Test
  void refusalsBeforeSending() {
    assertEquals(404, refused(WriteRefusedException.Reason.UNKNOWN_TAG));
    assertEquals(400, refused(WriteRefusedException.Reason.TYPE_MISMATCH));
    assertEquals(409, refused(WriteRefusedException.Reason.NOT_WRITABLE));
    assertEquals(503, refused(WriteRefusedException.Reason.NOT_CONNECTED));
  }

  private static int refused(WriteRefusedException.Reason reason) {
    return TagWriter.refused(new WriteRefusedException(reason, "why")).getStatus();
  }
}
