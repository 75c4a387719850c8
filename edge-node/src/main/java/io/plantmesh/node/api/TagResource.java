package io.plantmesh.node.api;

import io.plantmesh.cluster.TagTable;
import io.plantmesh.core.Reading;
import io.plantmesh.core.TagPath;
import io.plantmesh.node.internal.NodeRuntime;
import io.plantmesh.node.internal.TagCatalog;
import io.plantmesh.node.pipeline.StoredTag;
import io.plantmesh.node.pipeline.TagStore;
import io.smallrye.common.annotation.Blocking;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/** Tags and their latest readings; writes through the owning source. */
@Path("/api/tags")
@Produces(MediaType.APPLICATION_JSON)
public class TagResource {
  static final int DEFAULT_LIMIT = 100;
  static final int MAX_LIMIT = 10_000;

  @Inject NodeRuntime runtime;
  @Inject TagCatalog catalog;
  @Inject TagWriter writer;

  /** Tags at or below {@code prefix}, sorted by path, one page at a time. */
  @GET
  public TagPage list(
      @QueryParam("prefix") String prefix,
      @QueryParam("offset") String offset,
      @QueryParam("limit") String limit) {
    // A trailing '/' is what people type for "below this"; it means the same here.
    String pre =
        prefix != null && prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix;
    TagPath p = pre == null || pre.isEmpty() ? null : parsePath("prefix", pre);
    int off = parseInt("offset", offset, 0, 0, Integer.MAX_VALUE);
    int lim = parseInt("limit", limit, DEFAULT_LIMIT, 1, MAX_LIMIT);
    if (runtime.mesh().isPresent()) {
      return plantWide(runtime.mesh().get().mesh().tagTable(), p, off, lim);
    }
    TagStore.Page page = runtime.store().list(p, off, lim);
    return new TagPage(
        page.total(),
        off,
        lim,
        page.tags().stream()
            .map(t -> TagView.of(t, catalog.get(t.reading().path()).orElse(null)))
            .toList());
  }

  /** With the mesh on: every tag of the plant, whichever node collected it. */
  private TagPage plantWide(TagTable table, TagPath prefix, int off, int lim) {
    List<Reading> all = prefix == null ? table.readings() : table.readings(prefix);
    int from = Math.min(off, all.size());
    int to = (int) Math.min((long) from + lim, all.size());
    return new TagPage(
        all.size(),
        off,
        lim,
        all.subList(from, to).stream()
            .map(r -> TagView.of(stored(table, r), catalog.get(r.path()).orElse(null)))
            .toList());
  }

  private StoredTag stored(TagTable table, Reading r) {
    return new StoredTag(table.sourceOf(r.path()).orElse(null), r);
  }

  /** One tag; its path contains slashes. */
  @GET
  @Path("{path: .+}")
  public TagView get(@PathParam("path") String path) {
    TagPath p = parsePath("path", path);
    var meta = catalog.get(p);
    StoredTag stored =
        runtime
            .mesh()
            .map(m -> m.mesh().tagTable())
            .flatMap(t -> t.get(p).map(r -> stored(t, r)))
            .or(() -> runtime.store().get(p))
            .orElse(null);
    if (stored != null) {
      return TagView.of(stored, meta.orElse(null));
    }
    return meta.map(TagView::withoutReading)
        .orElseThrow(
            () ->
                new ApiError.Failure(
                    Response.Status.NOT_FOUND,
                    "no tag '"
                        + p
                        + "' "
                        + (runtime.mesh().isPresent() ? "in the mesh" : "on this node")));
  }

  /**
   * Writes a value to the device through the tag's source: {@code {"value": 42}}. Off unless {@code
   * plantmesh.api.writes.enabled}; requires {@code Authorization: Bearer <token>}.
   */
  @PUT
  @Blocking // finding the owning source may rebuild the tag catalog: keep it off the event loop
  @Path("{path: .+}/value")
  @Consumes(MediaType.APPLICATION_JSON)
  public CompletionStage<Response> write(
      @PathParam("path") String path,
      @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
      Map<String, Object> body) {
    return writer.write(path, authorization, body);
  }

  static TagPath parsePath(String name, String text) {
    try {
      return TagPath.of(text);
    } catch (IllegalArgumentException e) {
      throw new ApiError.Failure(Response.Status.BAD_REQUEST, name + ": " + e.getMessage());
    }
  }

  static int parseInt(String name, String text, int dflt, int min, int max) {
    if (text == null || text.isEmpty()) {
      return dflt;
    }
    try {
      int v = Integer.parseInt(text);
      if (v < min || v > max) {
        throw new NumberFormatException();
      }
      return v;
    } catch (NumberFormatException e) {
      throw new ApiError.Failure(
          Response.Status.BAD_REQUEST,
          name + ": '" + text + "' must be a whole number from " + min + " to " + max);
    }
  }
}
