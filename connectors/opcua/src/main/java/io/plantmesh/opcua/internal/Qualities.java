package io.plantmesh.opcua.internal;

import io.plantmesh.core.Quality;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;

/**
 * StatusCode to core {@link Quality}, with the code's symbolic name from the OPC UA specification.
 * Servers send few distinct codes, so each is looked up once and cached.
 */
public final class Qualities {
  private static final ConcurrentHashMap<Long, Quality> CACHE = new ConcurrentHashMap<>();

  private Qualities() {}

  public static Quality of(StatusCode status) {
    return status == null ? Quality.GOOD : of(status.value());
  }

  public static Quality of(long code) {
    if (code == 0L) {
      return Quality.GOOD;
    }
    Quality q = CACHE.get(code);
    if (q == null) {
      q = Quality.of(code, symbolicName(code));
      if (CACHE.size() < 4096) {
        CACHE.put(code, q);
      }
    }
    return q;
  }

  /**
   * The symbolic name, e.g. {@code Bad_NodeIdUnknown}; info bits in the low 16 bits (overflow,
   * limits) are ignored for the lookup. Null when the code is not a known one.
   */
  public static String symbolicName(long code) {
    long main = code & 0xFFFF_0000L;
    if (main == 0L) {
      return "Good";
    }
    return StatusCodes.lookup(main).map(a -> a[0]).orElse(null);
  }

  /** {@code Bad_NodeIdUnknown (0x80340000)}, for messages. */
  public static String describe(long code) {
    String name = symbolicName(code);
    String hex = String.format("0x%08X", code);
    return name == null ? hex : name + " (" + hex + ")";
  }

  public static String describe(StatusCode status) {
    return describe(status.value());
  }
}
