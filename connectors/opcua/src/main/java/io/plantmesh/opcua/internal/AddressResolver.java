package io.plantmesh.opcua.internal;

import io.plantmesh.core.TagPath;
import io.plantmesh.opcua.BrowseConfig;
import io.plantmesh.opcua.CollectionSettings;
import io.plantmesh.opcua.OpcUaSourceConfig;
import io.plantmesh.opcua.TagConfig;
import io.plantmesh.opcua.internal.BrowsePathText.Element;
import io.plantmesh.opcua.internal.BrowsePathText.Parsed;
import io.plantmesh.opcua.internal.BrowsePaths.Resolution;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.milo.opcua.stack.core.AttributeId;
import org.eclipse.milo.opcua.stack.core.NamespaceTable;
import org.eclipse.milo.opcua.stack.core.NodeIds;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.UaException;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.ExpandedNodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.QualifiedName;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.eclipse.milo.opcua.stack.core.types.enumerated.TimestampsToReturn;
import org.eclipse.milo.opcua.stack.core.types.structured.ReadValueId;
import org.eclipse.milo.opcua.stack.core.types.structured.ReferenceDescription;

/**
 * Turns the configured tags and browse entries into {@link TagBinding}s for the current Session:
 * NodeIds resolved against this Session's namespace table, browse paths translated, folders
 * browsed, tag paths derived, duplicates refused.
 */
final class AddressResolver {
  /** Tag paths have at most 16 segments; so a walk up to Objects need not go further. */
  private static final int MAX_PARENT_STEPS = TagPath.MAX_DEPTH;

  private final Services services;
  private final OpcUaSourceConfig config;
  private final NamespaceTable ns;
  private final List<String> warnings = new ArrayList<>();
  private final Canonical canonical = new Canonical();

  AddressResolver(Services services, OpcUaSourceConfig config) {
    this.services = services;
    this.config = config;
    this.ns = services.client().getNamespaceTable();
  }

  /** What browsing left out or could not find, for the log and the source's status. */
  List<String> warnings() {
    return warnings;
  }

  List<TagBinding> resolve() throws UaException, SetupException {
    List<Pending> pending = new ArrayList<>();
    explicitNodeIds(pending);
    explicitBrowsePaths(pending);
    derivePathsFromParents(pending);
    List<TagBinding> out = new ArrayList<>();
    for (Pending p : pending) {
      out.add(p.bind());
    }
    for (int i = 0; i < config.browse().size(); i++) {
      out.addAll(browse(i, config.browse().get(i)));
    }
    checkDuplicates(out);
    return out;
  }

  // --- explicit tags -------------------------------------------------------------------------

  /** A tag whose path may still have to be derived. */
  private final class Pending {
    final int index;
    final TagConfig tag;
    final String address;
    NodeId nodeId;
    StatusCode status = StatusCode.GOOD;
    TagPath path;
    List<String> names;

    Pending(int index, TagConfig tag, String address) {
      this.index = index;
      this.tag = tag;
      this.address = address;
      this.path = tag.path();
    }

    TagBinding bind() throws SetupException {
      TagPath p = path != null ? path : derive("tags[" + index + "]", config.pathPrefix(), names);
      if (nodeId == null) {
        return new TagBinding(p, address, null, status, collectionOf(tag));
      }
      // A NodeId tag's address is derived from its NodeId when asked for: no second copy.
      String kept = tag.nodeId() != null ? null : address;
      return new TagBinding(p, kept, canonical.nodeId(nodeId), null, collectionOf(tag));
    }
  }

  private CollectionSettings collectionOf(TagConfig t) {
    return t.collection() != null ? t.collection() : config.collection();
  }

  private void explicitNodeIds(List<Pending> pending) {
    for (int i = 0; i < config.tags().size(); i++) {
      TagConfig t = config.tags().get(i);
      if (t.nodeId() == null) {
        continue;
      }
      ExpandedNodeId e = NodeIdText.parse(t.nodeId());
      Pending p = new Pending(i, t, absolute(e, t.nodeId()));
      p.nodeId = e.toNodeId(ns).orElse(null);
      if (p.nodeId == null) {
        // An nsu= namespace the server does not (yet) have: the node cannot exist there.
        p.status = new StatusCode(StatusCodes.Bad_NodeIdUnknown);
        if (p.path == null) {
          p.names = List.of(identifierText(e));
        }
      }
      pending.add(p);
    }
  }

  private void explicitBrowsePaths(List<Pending> pending) throws UaException {
    List<Pending> byPath = new ArrayList<>();
    List<Parsed> parsed = new ArrayList<>();
    for (int i = 0; i < config.tags().size(); i++) {
      TagConfig t = config.tags().get(i);
      if (t.browsePath() == null) {
        continue;
      }
      Parsed p = BrowsePathText.parse(t.browsePath());
      Pending pe = new Pending(i, t, t.browsePath());
      pe.names = p.belowObjects().stream().map(Element::name).toList();
      byPath.add(pe);
      parsed.add(p);
    }
    if (parsed.isEmpty()) {
      return;
    }
    List<Resolution> resolved = BrowsePaths.resolve(services, ns, parsed);
    for (int k = 0; k < byPath.size(); k++) {
      Pending pe = byPath.get(k);
      pe.nodeId = resolved.get(k).nodeId();
      pe.status = resolved.get(k).status();
      pending.add(pe);
    }
    pending.sort((a, b) -> Integer.compare(a.index, b.index));
  }

  /**
   * A NodeId tag without a path takes the browse names from the Objects folder down to it, found by
   * walking inverse hierarchical references; if there is no such chain, its identifier.
   */
  private void derivePathsFromParents(List<Pending> pending) throws UaException {
    List<Pending> todo = new ArrayList<>();
    for (Pending p : pending) {
      if (p.path == null && p.names == null && p.nodeId != null) {
        todo.add(p);
      }
    }
    if (todo.isEmpty()) {
      return;
    }
    List<ReadValueId> reads = new ArrayList<>();
    for (Pending p : todo) {
      reads.add(Services.readId(p.nodeId, AttributeId.BrowseName));
    }
    List<DataValue> names = services.read(reads, TimestampsToReturn.Neither);
    List<Walk> walks = new ArrayList<>();
    for (int i = 0; i < todo.size(); i++) {
      Pending p = todo.get(i);
      Object v = names.get(i).value().value();
      if (v instanceof QualifiedName qn && qn.name() != null) {
        walks.add(new Walk(p, qn.name()));
      } else {
        p.names = List.of(identifierText(p.nodeId.expanded()));
      }
    }
    for (int step = 0; step < MAX_PARENT_STEPS && !walks.isEmpty(); step++) {
      List<Services.Browsed> parents =
          services.browse(walks.stream().map(w -> BrowsePaths.parents(w.current)).toList());
      List<Walk> next = new ArrayList<>();
      for (int i = 0; i < walks.size(); i++) {
        Walk w = walks.get(i);
        ReferenceDescription parent = firstParent(parents.get(i));
        NodeId parentId = parent == null ? null : parent.getNodeId().toNodeId(ns).orElse(null);
        if (parentId == null) {
          w.pending.names = List.of(identifierText(w.pending.nodeId.expanded()));
        } else if (parentId.equals(NodeIds.ObjectsFolder)) {
          w.pending.names = List.copyOf(w.names);
        } else {
          w.names.add(0, parent.getBrowseName().name());
          w.current = parentId;
          next.add(w);
        }
      }
      walks = next;
    }
    for (Walk w : walks) {
      w.pending.names = List.of(identifierText(w.pending.nodeId.expanded()));
    }
  }

  private static final class Walk {
    final Pending pending;
    final List<String> names = new ArrayList<>();
    NodeId current;

    Walk(Pending pending, String ownName) {
      this.pending = pending;
      this.names.add(ownName);
      this.current = pending.nodeId;
    }
  }

  private static ReferenceDescription firstParent(Services.Browsed b) {
    if (!b.status().isGood()) {
      return null;
    }
    for (ReferenceDescription r : b.references()) {
      if (r.getBrowseName() != null && r.getBrowseName().name() != null) {
        return r;
      }
    }
    return null;
  }

  // --- browsing folders ----------------------------------------------------------------------

  private List<TagBinding> browse(int index, BrowseConfig b) throws UaException, SetupException {
    String key = "browse[" + index + "]";
    NodeId root = resolveRoot(b.root());
    if (root == null) {
      warnings.add(key + ".root '" + b.root() + "' was not found in the server's address space");
      return List.of();
    }
    List<Glob> include = b.include().stream().map(Glob::compile).toList();
    List<Glob> exclude = b.exclude().stream().map(Glob::compile).toList();
    TagPath prefix = b.pathPrefix() != null ? b.pathPrefix() : config.pathPrefix();
    CollectionSettings collection = b.collection() != null ? b.collection() : config.collection();

    List<TagBinding> out = new ArrayList<>();
    Map<NodeId, Boolean> visited = new LinkedHashMap<>();
    visited.put(root, true);
    List<Node> frontier = List.of(new Node(root, List.of()));
    boolean truncated = false;
    for (int depth = 1; depth <= b.maxDepth() && !frontier.isEmpty() && !truncated; depth++) {
      List<Services.Browsed> results =
          services.browse(frontier.stream().map(n -> BrowsePaths.children(n.id)).toList());
      List<Node> next = new ArrayList<>();
      for (int i = 0; i < frontier.size() && !truncated; i++) {
        Node parent = frontier.get(i);
        for (ReferenceDescription r : results.get(i).references()) {
          if (NodeIds.HasProperty.equals(r.getReferenceTypeId())) {
            continue; // properties (EURange, EngineeringUnits) describe a tag; they are not tags
          }
          NodeId id = canonical.nodeId(r.getNodeId().toNodeId(ns).orElse(null));
          if (id == null || visited.putIfAbsent(id, true) != null) {
            continue;
          }
          List<String> names = new ArrayList<>(parent.names);
          names.add(r.getBrowseName().name() == null ? "" : r.getBrowseName().name());
          Node child = new Node(id, names);
          switch (r.getNodeClass()) {
            case Object -> next.add(child);
            case Variable -> {
              next.add(child);
              String rel = String.join("/", names);
              if (matchesAny(include, rel) && !matchesAny(exclude, rel)) {
                if (out.size() >= b.maxTags()) {
                  truncated = true;
                  break;
                }
                TagPath path = derive(key, prefix, names);
                out.add(new TagBinding(path, null, id, null, collection));
              }
            }
            default -> {
              // Methods, types and views are not collected.
            }
          }
          if (truncated) {
            break;
          }
        }
      }
      frontier = next;
    }
    if (truncated) {
      warnings.add(
          key
              + " (root '"
              + b.root()
              + "') matches more than max-tags="
              + b.maxTags()
              + " variables; only the first "
              + b.maxTags()
              + " are collected");
    }
    return out;
  }

  private record Node(NodeId id, List<String> names) {}

  private NodeId resolveRoot(String root) throws UaException {
    if (NodeIdText.looksLikeNodeId(root)) {
      return NodeIdText.parse(root).toNodeId(ns).orElse(null);
    }
    return BrowsePaths.resolve(services, ns, List.of(BrowsePathText.parse(root))).get(0).nodeId();
  }

  private static boolean matchesAny(List<Glob> globs, String rel) {
    for (Glob g : globs) {
      if (g.matches(rel)) {
        return true;
      }
    }
    return false;
  }

  // --- paths ---------------------------------------------------------------------------------

  private static TagPath derive(String key, TagPath prefix, List<String> names)
      throws SetupException {
    if (names == null || names.isEmpty()) {
      throw new SetupException(key + ": no tag path can be derived; give it an explicit path");
    }
    StringBuilder sb = new StringBuilder(prefix == null ? "" : prefix.toString());
    for (String n : names) {
      if (sb.length() > 0) {
        sb.append('/');
      }
      sb.append(TagPath.sanitizeSegment(n));
    }
    try {
      return TagPath.of(sb.toString());
    } catch (IllegalArgumentException e) {
      throw new SetupException(key + ": the derived " + e.getMessage() + "; give it a path");
    }
  }

  private void checkDuplicates(List<TagBinding> bindings) throws SetupException {
    Map<TagPath, TagBinding> seen = new LinkedHashMap<>();
    for (TagBinding b : bindings) {
      TagBinding other = seen.putIfAbsent(b.path, b);
      if (other != null) {
        throw new SetupException(
            "tag path '"
                + b.path
                + "' is derived for both "
                + other.address(ns)
                + " and "
                + b.address(ns)
                + "; give one of them an explicit path, a different path-prefix or exclude it");
      }
    }
  }

  /** The NodeId with a namespace URI, which stays valid when indexes move. */
  private String absolute(ExpandedNodeId e, String fallback) {
    return e.absolute(ns).map(ExpandedNodeId::toParseableString).orElse(fallback);
  }

  private static String identifierText(ExpandedNodeId e) {
    return String.valueOf(e.getIdentifier());
  }
}
