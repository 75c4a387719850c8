package io.plantmesh.opcua.internal;

import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.uint;
import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.ushort;

import io.plantmesh.opcua.internal.BrowsePathText.Element;
import io.plantmesh.opcua.internal.BrowsePathText.Parsed;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.milo.opcua.stack.core.NamespaceTable;
import org.eclipse.milo.opcua.stack.core.NodeIds;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.UaException;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.QualifiedName;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UShort;
import org.eclipse.milo.opcua.stack.core.types.enumerated.BrowseDirection;
import org.eclipse.milo.opcua.stack.core.types.enumerated.BrowseResultMask;
import org.eclipse.milo.opcua.stack.core.types.structured.BrowseDescription;
import org.eclipse.milo.opcua.stack.core.types.structured.BrowsePath;
import org.eclipse.milo.opcua.stack.core.types.structured.BrowsePathResult;
import org.eclipse.milo.opcua.stack.core.types.structured.BrowsePathTarget;
import org.eclipse.milo.opcua.stack.core.types.structured.ReferenceDescription;
import org.eclipse.milo.opcua.stack.core.types.structured.RelativePath;
import org.eclipse.milo.opcua.stack.core.types.structured.RelativePathElement;

/**
 * Resolves browse paths to NodeIds in the current Session. Fully qualified paths go to the server
 * in one TranslateBrowsePathsToNodeIds call per batch; a path with a bare name is walked element by
 * element, matching the name in any namespace.
 */
final class BrowsePaths {
  private BrowsePaths() {}

  /** A resolved NodeId, or the status that says why not. */
  record Resolution(NodeId nodeId, StatusCode status) {}

  static List<Resolution> resolve(Services services, NamespaceTable ns, List<Parsed> paths)
      throws UaException {
    Resolution[] out = new Resolution[paths.size()];
    List<BrowsePath> translate = new ArrayList<>();
    List<Integer> translateIndex = new ArrayList<>();
    for (int i = 0; i < paths.size(); i++) {
      Parsed p = paths.get(i);
      NodeId start = p.fromRoot() ? NodeIds.RootFolder : NodeIds.ObjectsFolder;
      boolean qualified = p.elements().stream().allMatch(Element::qualified);
      if (!qualified) {
        out[i] = walk(services, ns, start, p.elements());
        continue;
      }
      List<RelativePathElement> rel = new ArrayList<>();
      StatusCode missing = null;
      for (Element e : p.elements()) {
        UShort index = namespaceIndex(ns, e);
        if (index == null) {
          missing = new StatusCode(StatusCodes.Bad_NoMatch);
          break;
        }
        rel.add(
            new RelativePathElement(
                NodeIds.HierarchicalReferences, false, true, new QualifiedName(index, e.name())));
      }
      if (missing != null) {
        out[i] = new Resolution(null, missing);
        continue;
      }
      translate.add(
          new BrowsePath(start, new RelativePath(rel.toArray(new RelativePathElement[0]))));
      translateIndex.add(i);
    }
    if (!translate.isEmpty()) {
      List<BrowsePathResult> results = services.translate(translate);
      for (int k = 0; k < results.size(); k++) {
        out[translateIndex.get(k)] = toResolution(results.get(k), ns);
      }
    }
    return List.of(out);
  }

  private static Resolution toResolution(BrowsePathResult r, NamespaceTable ns) {
    BrowsePathTarget[] targets = r.getTargets();
    if (!r.getStatusCode().isGood() || targets == null || targets.length == 0) {
      StatusCode s =
          r.getStatusCode().isGood() ? new StatusCode(StatusCodes.Bad_NoMatch) : r.getStatusCode();
      return new Resolution(null, s);
    }
    return targets[0]
        .getTargetId()
        .toNodeId(ns)
        .map(id -> new Resolution(id, StatusCode.GOOD))
        .orElse(new Resolution(null, new StatusCode(StatusCodes.Bad_NodeIdUnknown)));
  }

  private static Resolution walk(
      Services services, NamespaceTable ns, NodeId start, List<Element> elements)
      throws UaException {
    NodeId current = start;
    for (Element e : elements) {
      UShort wanted = e.qualified() ? namespaceIndex(ns, e) : null;
      if (e.qualified() && wanted == null) {
        return new Resolution(null, new StatusCode(StatusCodes.Bad_NoMatch));
      }
      Services.Browsed b = services.browse(List.of(children(current))).get(0);
      if (!b.status().isGood()) {
        return new Resolution(null, b.status());
      }
      NodeId next = null;
      int matches = 0;
      for (ReferenceDescription r : b.references()) {
        QualifiedName qn = r.getBrowseName();
        if (!e.name().equals(qn.name())) {
          continue;
        }
        if (wanted != null && !wanted.equals(qn.namespaceIndex())) {
          continue;
        }
        NodeId id = r.getNodeId().toNodeId(ns).orElse(null);
        if (id != null && !id.equals(next)) {
          next = id;
          matches++;
        }
      }
      if (matches == 0) {
        return new Resolution(null, new StatusCode(StatusCodes.Bad_NoMatch));
      }
      if (matches > 1) {
        return new Resolution(null, new StatusCode(StatusCodes.Bad_BrowseNameDuplicated));
      }
      current = next;
    }
    return new Resolution(current, StatusCode.GOOD);
  }

  /** Forward hierarchical references of {@code node}, with every result field. */
  static BrowseDescription children(NodeId node) {
    return new BrowseDescription(
        node,
        BrowseDirection.Forward,
        NodeIds.HierarchicalReferences,
        true,
        uint(0),
        uint(BrowseResultMask.All.getValue()));
  }

  /** Inverse hierarchical references of {@code node}: its parents. */
  static BrowseDescription parents(NodeId node) {
    return new BrowseDescription(
        node,
        BrowseDirection.Inverse,
        NodeIds.HierarchicalReferences,
        true,
        uint(0),
        uint(BrowseResultMask.All.getValue()));
  }

  private static UShort namespaceIndex(NamespaceTable ns, Element e) {
    if (e.namespaceIndex() != null) {
      return ushort(e.namespaceIndex());
    }
    return ns.getIndex(e.namespaceUri());
  }
}
