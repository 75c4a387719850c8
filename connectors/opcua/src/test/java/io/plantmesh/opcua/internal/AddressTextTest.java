package io.plantmesh.opcua.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.plantmesh.opcua.internal.BrowsePathText.Element;
import io.plantmesh.opcua.internal.BrowsePathText.Parsed;
import java.util.List;
import java.util.UUID;
import org.eclipse.milo.opcua.stack.core.types.builtin.ExpandedNodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UInteger;
import org.junit.jupiter.api.Test;

/** NodeId strings, browse paths and globs as users write them. */
class AddressTextTest {
  @Test
  void nodeIdForms() {
    assertEquals(2, NodeIdText.parse("ns=2;s=Plant/A").getNamespaceIndex().intValue());
    ExpandedNodeId nsu = NodeIdText.parse("nsu=urn:plantmesh:plc-simulator;s=Plant/A");
    assertEquals("urn:plantmesh:plc-simulator", nsu.getNamespaceUri());
    assertEquals("Plant/A", nsu.getIdentifier());
    assertEquals(UInteger.valueOf(2258), NodeIdText.parse("i=2258").getIdentifier());
    UUID g = UUID.randomUUID();
    assertEquals(g, NodeIdText.parse("g=" + g).getIdentifier());
    assertTrue(
        NodeIdText.parse("b=AQID").getIdentifier()
            instanceof org.eclipse.milo.opcua.stack.core.types.builtin.ByteString);
    assertTrue(NodeIdText.looksLikeNodeId("nsu=x;s=y"));
    assertFalse(NodeIdText.looksLikeNodeId("/Objects/Plant"));
  }

  @Test
  void badNodeIdsNameTheTextAndTheForms() {
    for (String bad : List.of("ns=x;s=A", "i=abc", "g=not-a-guid", "q=1", "ns=2", "b=***")) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> NodeIdText.parse(bad));
      assertEquals("'" + bad + "' is not a valid NodeId; " + NodeIdText.FORMS, e.getMessage(), bad);
    }
    assertThrows(IllegalArgumentException.class, () -> NodeIdText.parse(""));
    IllegalArgumentException remote =
        assertThrows(IllegalArgumentException.class, () -> NodeIdText.parse("svr=1;i=85"));
    assertTrue(remote.getMessage().contains("another server"), remote.getMessage());
  }

  @Test
  void browsePathForms() {
    Parsed p = BrowsePathText.parse("/Objects/2:Plant/2:Line01");
    assertTrue(p.fromRoot());
    assertEquals(
        List.of(
            new Element(null, null, "Objects"),
            new Element(2, null, "Plant"),
            new Element(2, null, "Line01")),
        p.elements());
    assertEquals(List.of("Plant", "Line01"), p.belowObjects().stream().map(Element::name).toList());

    Parsed uri = BrowsePathText.parse("/Objects/nsu=http://acme.com/UA/;Plant/nsu=urn:x;Line&/01");
    assertEquals(new Element(null, "http://acme.com/UA/", "Plant"), uri.elements().get(1));
    assertEquals(new Element(null, "urn:x", "Line/01"), uri.elements().get(2));

    Parsed bare = BrowsePathText.parse("Plant/Line01");
    assertFalse(bare.fromRoot(), "relative to Objects");
    assertEquals(new Element(null, null, "Line01"), bare.elements().get(1));
    assertTrue(BrowsePathText.parse("Objects/Plant").fromRoot());
    assertTrue(BrowsePathText.parse("/0:Types/0:DataTypes").fromRoot());
    assertEquals(
        new Element(null, null, "a:b"), BrowsePathText.parse("/Objects/a:b").elements().get(1));
    assertEquals("2:Plant", new Element(2, null, "Plant").toString());
  }

  @Test
  void badBrowsePaths() {
    assertEquals(
        "browse path '/Objects/': trailing '/'", message(() -> BrowsePathText.parse("/Objects/")));
    assertEquals(
        "browse path '/Objects/nsu=urn:x': nsu=<uri> must be followed by ';' and the name",
        message(() -> BrowsePathText.parse("/Objects/nsu=urn:x")));
    assertEquals(
        "browse path '/Objects/2:': element 2 has a namespace index but no name",
        message(() -> BrowsePathText.parse("/Objects/2:")));
    assertEquals(
        "browse path '/Objects/70000:A': namespace index 70000 in element 2 is above 65535",
        message(() -> BrowsePathText.parse("/Objects/70000:A")));
    assertEquals(
        "browse path 'A&': '&' at the end escapes nothing",
        message(() -> BrowsePathText.parse("A&")));
    assertEquals(
        "a browse path is required, e.g. /Objects/2:Plant",
        message(() -> BrowsePathText.parse(null)));
  }

  private static String message(Runnable r) {
    return assertThrows(IllegalArgumentException.class, r::run).getMessage();
  }

  @Test
  void globs() {
    Glob any = Glob.compile("**/Temperature");
    assertTrue(any.matches("Temperature"));
    assertTrue(any.matches("Cell01/Device001/Temperature"));
    assertFalse(any.matches("Cell01/Device001/Temperature2"));
    Glob star = Glob.compile("Cell01/Device00?/*");
    assertTrue(star.matches("Cell01/Device001/Speed"));
    assertFalse(star.matches("Cell01/Device010/Speed"));
    assertFalse(star.matches("Cell01/Device001/Speed/x"));
    assertTrue(Glob.compile("**").matches("a/b/c"));
    assertTrue(Glob.compile("Cell01/**").matches("Cell01/a/b"));
    assertTrue(Glob.compile("a/**/b").matches("a/b"));
    assertTrue(Glob.compile("a/**/b").matches("a/x/y/b"));
    assertTrue(Glob.compile("x.y(z)").matches("x.y(z)"), "regex characters are literal");
    assertEquals(
        "glob 'a**': '**' must be a whole element, as in **/Temperature",
        message(() -> Glob.compile("a**")));
    assertEquals(
        "glob '/a' must be relative to the browse root, without leading, trailing or doubled '/'",
        message(() -> Glob.compile("/a")));
  }

  @Test
  void durations() {
    assertEquals("250ms", Durations.format(java.time.Duration.ofMillis(250)));
    assertEquals("1m30s", Durations.format(java.time.Duration.ofSeconds(90)));
    assertEquals("-1s", Durations.format(java.time.Duration.ofSeconds(-1)));
    assertEquals("0s", Durations.format(java.time.Duration.ZERO));
    assertEquals("2h", Durations.format(java.time.Duration.ofHours(2)));
    assertEquals("1500ns", Durations.format(java.time.Duration.ofNanos(1500)));
  }
}
