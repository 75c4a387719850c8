package io.plantmesh.opcua.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * Parses browse paths such as {@code /Objects/2:Plant/2:Line01}, {@code
 * /Objects/nsu=urn:acme;Plant/nsu=urn:acme;Line01} or {@code Objects/Plant/Line01}.
 *
 * <p>Elements are separated by {@code /}. An element is {@code <index>:<name>} (a namespace index),
 * {@code nsu=<uri>;<name>} (a namespace URI, which may itself contain {@code /}) or a bare {@code
 * <name>}, looked up by name in any namespace. {@code &} escapes the next character, so {@code
 * a&/b} is one name. A path that does not start at {@code Objects}, {@code Types} or {@code Views}
 * is taken as relative to the Objects folder.
 */
public final class BrowsePathText {
  private BrowsePathText() {}

  /**
   * One element of a browse path; exactly one of {@code namespaceIndex} and {@code namespaceUri} is
   * set, or neither for a name looked up in any namespace.
   */
  public record Element(Integer namespaceIndex, String namespaceUri, String name) {
    public boolean qualified() {
      return namespaceIndex != null || namespaceUri != null;
    }

    @Override
    public String toString() {
      String n = name.replace("&", "&&").replace("/", "&/");
      if (namespaceIndex != null) {
        return namespaceIndex + ":" + n;
      }
      return namespaceUri != null ? "nsu=" + namespaceUri + ";" + n : n;
    }
  }

  /** A parsed path; {@code fromRoot} when it starts at Objects, Types or Views. */
  public record Parsed(boolean fromRoot, List<Element> elements) {
    public Parsed {
      elements = List.copyOf(elements);
    }

    /** The elements below the Objects folder (what a derived tag path is made of). */
    public List<Element> belowObjects() {
      if (fromRoot && isObjects(elements.get(0))) {
        return elements.subList(1, elements.size());
      }
      return elements;
    }
  }

  /**
   * Parses a browse path.
   *
   * @throws IllegalArgumentException naming the path and what is wrong
   */
  public static Parsed parse(String path) {
    if (path == null || path.isBlank()) {
      throw new IllegalArgumentException("a browse path is required, e.g. /Objects/2:Plant");
    }
    List<Element> out = new ArrayList<>();
    int i = path.startsWith("/") ? 1 : 0;
    while (i <= path.length()) {
      String nsUri = null;
      if (path.startsWith("nsu=", i)) {
        int semi = path.indexOf(';', i);
        if (semi < 0) {
          throw bad(path, "nsu=<uri> must be followed by ';' and the name");
        }
        nsUri = path.substring(i + 4, semi);
        if (nsUri.isEmpty()) {
          throw bad(path, "empty namespace URI after nsu=");
        }
        i = semi + 1;
      }
      StringBuilder raw = new StringBuilder();
      int firstColon = -1;
      while (i < path.length() && path.charAt(i) != '/') {
        char c = path.charAt(i);
        if (c == '&') {
          if (i + 1 >= path.length()) {
            throw bad(path, "'&' at the end escapes nothing");
          }
          raw.append(path.charAt(i + 1));
          i += 2;
          continue;
        }
        if (c == ':' && firstColon < 0 && nsUri == null) {
          firstColon = raw.length();
        }
        raw.append(c);
        i++;
      }
      out.add(element(path, raw.toString(), firstColon, nsUri, out.size() + 1));
      if (i >= path.length()) {
        break;
      }
      i++; // the '/'
      if (i == path.length()) {
        throw bad(path, "trailing '/'");
      }
    }
    boolean fromRoot = isObjects(out.get(0)) || isRootChild(out.get(0));
    return new Parsed(fromRoot, out);
  }

  private static Element element(
      String path, String raw, int firstColon, String nsUri, int position) {
    if (nsUri != null) {
      if (raw.isEmpty()) {
        throw bad(path, "element " + position + " has a namespace but no name");
      }
      return new Element(null, nsUri, raw);
    }
    if (raw.isEmpty()) {
      throw bad(path, "element " + position + " is empty (a doubled '/')");
    }
    if (firstColon > 0 && raw.substring(0, firstColon).chars().allMatch(Character::isDigit)) {
      String name = raw.substring(firstColon + 1);
      if (name.isEmpty()) {
        throw bad(path, "element " + position + " has a namespace index but no name");
      }
      int ns;
      try {
        ns = Integer.parseInt(raw.substring(0, firstColon));
      } catch (NumberFormatException e) {
        throw bad(path, "namespace index in element " + position + " is too large");
      }
      if (ns > 65535) {
        throw bad(path, "namespace index " + ns + " in element " + position + " is above 65535");
      }
      return new Element(ns, null, name);
    }
    return new Element(null, null, raw);
  }

  private static boolean isObjects(Element e) {
    return e.name().equals("Objects") && isStandard(e);
  }

  private static boolean isRootChild(Element e) {
    return (e.name().equals("Types") || e.name().equals("Views")) && isStandard(e);
  }

  private static boolean isStandard(Element e) {
    return e.namespaceUri() == null && (e.namespaceIndex() == null || e.namespaceIndex() == 0);
  }

  private static IllegalArgumentException bad(String path, String why) {
    return new IllegalArgumentException("browse path '" + path + "': " + why);
  }
}
