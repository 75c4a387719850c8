package io.plantmesh.opcua.internal;

import java.util.regex.Pattern;

/**
 * A glob over browse paths relative to a browse root: {@code *} matches within one element, {@code
 * ?} one character, {@code **} any number of elements ({@code **}{@code /Temperature} also matches
 * {@code Temperature} right below the root).
 */
public final class Glob {
  private final String text;
  private final Pattern pattern;

  private Glob(String text, Pattern pattern) {
    this.text = text;
    this.pattern = pattern;
  }

  /**
   * Compiles a glob.
   *
   * @throws IllegalArgumentException naming the glob and what is wrong
   */
  public static Glob compile(String glob) {
    if (glob == null || glob.isBlank()) {
      throw new IllegalArgumentException("a glob must not be empty");
    }
    if (glob.startsWith("/") || glob.endsWith("/") || glob.contains("//")) {
      throw new IllegalArgumentException(
          "glob '"
              + glob
              + "' must be relative to the browse root, without leading, trailing or"
              + " doubled '/'");
    }
    StringBuilder re = new StringBuilder();
    int i = 0;
    while (i < glob.length()) {
      char c = glob.charAt(i);
      if (c == '*' && i + 1 < glob.length() && glob.charAt(i + 1) == '*') {
        boolean segmentStart = i == 0 || glob.charAt(i - 1) == '/';
        boolean segmentEnd = i + 2 == glob.length() || glob.charAt(i + 2) == '/';
        if (!segmentStart || !segmentEnd) {
          throw new IllegalArgumentException(
              "glob '" + glob + "': '**' must be a whole element, as in **/Temperature");
        }
        if (i + 2 < glob.length()) {
          re.append("(?:[^/]+/)*");
          i += 3;
        } else {
          re.append(".*");
          i += 2;
        }
      } else if (c == '*') {
        re.append("[^/]*");
        i++;
      } else if (c == '?') {
        re.append("[^/]");
        i++;
      } else {
        re.append(Pattern.quote(String.valueOf(c)));
        i++;
      }
    }
    return new Glob(glob, Pattern.compile(re.toString()));
  }

  /** Whether {@code relativePath} (names joined by '/') matches. */
  public boolean matches(String relativePath) {
    return pattern.matcher(relativePath).matches();
  }

  @Override
  public String toString() {
    return text;
  }
}
