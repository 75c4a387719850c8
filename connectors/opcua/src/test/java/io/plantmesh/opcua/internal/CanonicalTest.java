package io.plantmesh.opcua.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.UUID;
import org.eclipse.milo.opcua.stack.core.types.builtin.ByteString;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UShort;
import org.junit.jupiter.api.Test;

class CanonicalTest {
  @Test
  void nodeIdsOfANamespaceShareOneIndexAndStayEqual() {
    Canonical c = new Canonical();
    NodeId a = c.nodeId(new NodeId(UShort.valueOf(2), "Plant/Line01/Temperature"));
    NodeId[] decoded = {
      new NodeId(UShort.valueOf(2), "Plant/Line01/Pressure"),
      new NodeId(UShort.valueOf(2), 1234),
      new NodeId(UShort.valueOf(2), new UUID(1, 2)),
      new NodeId(UShort.valueOf(2), ByteString.of(new byte[] {1, 2}))
    };
    for (NodeId d : decoded) {
      NodeId shared = c.nodeId(d);
      assertEquals(d, shared);
      assertEquals(d.getIdentifier(), shared.getIdentifier());
      assertSame(a.getNamespaceIndex(), shared.getNamespaceIndex());
    }
    NodeId other = c.nodeId(new NodeId(UShort.valueOf(3), "x"));
    assertNotSame(a.getNamespaceIndex(), other.getNamespaceIndex());
    assertEquals(3, other.getNamespaceIndex().intValue());
    assertNull(c.nodeId(null));
  }

  @Test
  void equalTextsAreOneInstance() {
    Canonical c = new Canonical();
    String first = c.text(new String("Temperature, a sine wave"));
    assertSame(first, c.text(new String("Temperature, a sine wave")));
    assertEquals("°C", c.text(new String("°C")));
    assertNotSame(first, c.text("Pressure"));
    assertNull(c.text(null));
  }
}
