package io.plantmesh.core;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The plant-wide name of a tag, in ISA-95 style: {@code site/area/line/cell/.../tag}.
 *
 * <p>Segments are separated by {@code /}. Each segment starts with a letter or digit and continues
 * with letters, digits, {@code _ - . ~ :} (Unicode letters allowed, for plants that name machines
 * in their own language). A path has between {@value #MIN_DEPTH} and {@value #MAX_DEPTH} segments,
 * each at most {@value #MAX_SEGMENT_LENGTH} characters, and at most {@value #MAX_LENGTH} characters
 * in all. Paths are case-sensitive, as OPC UA browse names are.
 *
 * <p>Instances are immutable and cheap to compare: the normalised string is kept and its hash
 * cached, because a node holds one per tag and looks them up on every reading.
 */
public final class TagPath implements Comparable<TagPath> {
  public static final int MIN_DEPTH = 1;
  public static final int MAX_DEPTH = 16;
  public static final int MAX_SEGMENT_LENGTH = 64;
  public static final int MAX_LENGTH = 512;

  private static final Pattern SEGMENT = Pattern.compile("[\\p{L}\\p{N}][\\p{L}\\p{N}_.~:\\-]*");

  private final String path;
  private final int depth;

  private TagPath(String path, int depth) {
    this.path = path;
    this.depth = depth;
  }

  /**
   * Parses a path.
   *
   * @throws IllegalArgumentException naming the path and what is wrong with it
   */
  public static TagPath of(String path) {
    if (path == null) {
      throw new IllegalArgumentException("tag path must not be null");
    }
    if (path.isEmpty()) {
      throw new IllegalArgumentException("tag path must not be empty");
    }
    if (path.length() > MAX_LENGTH) {
      throw new IllegalArgumentException(
          "tag path '"
              + abbreviate(path)
              + "' is "
              + path.length()
              + " characters long; at most "
              + MAX_LENGTH
              + " are allowed");
    }
    String[] segments = path.split("/", -1);
    if (segments.length > MAX_DEPTH) {
      throw new IllegalArgumentException(
          "tag path '"
              + abbreviate(path)
              + "' has "
              + segments.length
              + " segments; at most "
              + MAX_DEPTH
              + " are allowed");
    }
    for (int i = 0; i < segments.length; i++) {
      checkSegment(path, segments[i], i);
    }
    return new TagPath(path, segments.length);
  }

  /** Builds a path from segments, each validated as by {@link #of(String)}. */
  public static TagPath of(String first, String... more) {
    StringBuilder sb = new StringBuilder(first);
    for (String s : more) {
      sb.append('/').append(s);
    }
    return of(sb.toString());
  }

  /** Whether {@code segment} would be accepted as one segment of a path. */
  public static boolean isValidSegment(String segment) {
    return segment != null
        && !segment.isEmpty()
        && segment.length() <= MAX_SEGMENT_LENGTH
        && SEGMENT.matcher(segment).matches();
  }

  /**
   * Turns arbitrary text (an OPC UA browse name, say) into a valid segment: characters that are not
   * allowed become {@code _}, and a leading separator character is dropped. Used when paths are
   * derived from a server's address space; the result is still validated.
   */
  public static String sanitizeSegment(String text) {
    StringBuilder sb = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); ) {
      int cp = text.codePointAt(i);
      boolean ok =
          Character.isLetterOrDigit(cp)
              || (sb.length() > 0
                  && (cp == '_' || cp == '.' || cp == '~' || cp == ':' || cp == '-'));
      if (ok) {
        sb.appendCodePoint(cp);
      } else if (sb.length() > 0) {
        sb.append('_');
      }
      i += Character.charCount(cp);
    }
    String s =
        sb.length() > MAX_SEGMENT_LENGTH ? sb.substring(0, MAX_SEGMENT_LENGTH) : sb.toString();
    return s.isEmpty() ? "x" : s;
  }

  /** A child of this path. */
  public TagPath child(String segment) {
    return of(path + "/" + segment);
  }

  /** Whether this path equals {@code prefix} or lies below it (segment-wise, not by characters). */
  public boolean startsWith(TagPath prefix) {
    return path.equals(prefix.path)
        || (path.length() > prefix.path.length()
            && path.startsWith(prefix.path)
            && path.charAt(prefix.path.length()) == '/');
  }

  public int depth() {
    return depth;
  }

  public List<String> segments() {
    List<String> out = new ArrayList<>(depth);
    Collections.addAll(out, path.split("/"));
    return Collections.unmodifiableList(out);
  }

  /** The last segment: the tag's own name. */
  public String name() {
    return path.substring(path.lastIndexOf('/') + 1);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TagPath other && path.equals(other.path);
  }

  @Override
  public int hashCode() {
    return path.hashCode();
  }

  @Override
  public int compareTo(TagPath o) {
    return path.compareTo(o.path);
  }

  @Override
  public String toString() {
    return path;
  }

  private static void checkSegment(String path, String segment, int index) {
    if (segment.isEmpty()) {
      throw new IllegalArgumentException(
          "tag path '"
              + abbreviate(path)
              + "' has an empty segment at position "
              + (index + 1)
              + " (a leading, trailing or doubled '/')");
    }
    if (segment.length() > MAX_SEGMENT_LENGTH) {
      throw new IllegalArgumentException(
          "tag path '"
              + abbreviate(path)
              + "': segment "
              + (index + 1)
              + " is "
              + segment.length()
              + " characters long; at most "
              + MAX_SEGMENT_LENGTH
              + " are allowed");
    }
    if (!SEGMENT.matcher(segment).matches()) {
      throw new IllegalArgumentException(
          "tag path '"
              + abbreviate(path)
              + "': segment '"
              + segment
              + "' must start with a letter or digit and contain only letters, digits and _ - . ~ :");
    }
  }

  private static String abbreviate(String s) {
    return s.length() <= 80 ? s : s.substring(0, 77) + "...";
  }
}
