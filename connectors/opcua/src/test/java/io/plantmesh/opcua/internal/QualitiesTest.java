package io.plantmesh.opcua.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.plantmesh.core.Quality;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.junit.jupiter.api.Test;

class QualitiesTest {
  @Test
  void mapsSeverityCodeAndSymbolicName() {
    assertSame(Quality.GOOD, Qualities.of(StatusCode.GOOD));
    Quality unknown = Qualities.of(new StatusCode(StatusCodes.Bad_NodeIdUnknown));
    assertEquals(Quality.Severity.BAD, unknown.severity());
    assertEquals(StatusCodes.Bad_NodeIdUnknown, unknown.statusCode());
    assertEquals("Bad_NodeIdUnknown", unknown.symbolicName());
    assertEquals("Bad_SensorFailure", Qualities.of(StatusCodes.Bad_SensorFailure).symbolicName());
    Quality uncertain = Qualities.of(StatusCodes.Uncertain_LastUsableValue);
    assertEquals(Quality.Severity.UNCERTAIN, uncertain.severity());
    assertEquals("Uncertain_LastUsableValue", uncertain.symbolicName());
  }

  @Test
  void infoBitsKeepTheRawCodeButNotTheName() {
    // Good with the "overflow" info bit (0x480): still Good, the raw code is kept.
    Quality overflow = Qualities.of(0x0000_0480L);
    assertEquals(Quality.Severity.GOOD, overflow.severity());
    assertEquals(0x480L, overflow.statusCode());
    assertEquals("Good", overflow.symbolicName());
    Quality limited = Qualities.of(StatusCodes.Uncertain_SensorNotAccurate | 0x100L);
    assertEquals("Uncertain_SensorNotAccurate", limited.symbolicName());
  }

  @Test
  void unknownCodesShowAsHex() {
    Quality q = Qualities.of(0x80FF_0000L);
    assertEquals("0x80FF0000", q.symbolicName());
    assertEquals(Quality.Severity.BAD, q.severity());
    assertEquals("Bad_OutOfRange (0x803C0000)", Qualities.describe(StatusCodes.Bad_OutOfRange));
  }
}
