package io.plantmesh.opcua.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.plantmesh.core.Reading;
import io.plantmesh.core.TagPath;
import io.plantmesh.opcua.CollectionSettings;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.milo.opcua.stack.core.AttributeId;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;
import org.junit.jupiter.api.Test;

class DispatcherTest {
  private final List<Reading> seen = new ArrayList<>();

  private static TagBinding binding(String path) {
    return new TagBinding(
        TagPath.of(path), "ns=2;s=" + path, new NodeId(2, path), null, CollectionSettings.DEFAULTS);
  }

  @Test
  void theSequenceStartsAtTheClockAndContinuesAboveTheLastSourceOfTheProcess() {
    TagBinding b = binding("a");
    Dispatcher first = new Dispatcher("s", "edge-a", () -> 5_000_000L);
    first.open(seen::addAll);
    int epoch = first.newEpoch();
    for (int i = 0; i < 3; i++) {
      first.deliverValues(epoch, List.of(b), List.of(new DataValue(new Variant(i))));
    }
    first.close();
    Reading last = seen.get(seen.size() - 1);
    assertTrue(seen.get(0).sequence() > 5_000_000L, "starts from the clock's base");

    // A clock that did not move (or stepped back) must not restart the sequence below.
    Dispatcher second = new Dispatcher("s", "edge-a", () -> 5_000_000L);
    second.open(seen::addAll);
    int e2 = second.newEpoch();
    second.deliverValues(e2, List.of(b), List.of(new DataValue(new Variant(9))));
    Reading next = seen.get(seen.size() - 1);
    assertTrue(next.sequence() > last.sequence(), next.sequence() + " after " + last.sequence());
    assertTrue(next.isNewerThan(last));
  }

  @Test
  void deliveriesOfARetiredOrReplacedSetupAreIgnoredAndDoNotTouchTheCounts() {
    Dispatcher d = new Dispatcher("s", "edge-a");
    d.open(seen::addAll);
    TagBinding old = binding("old");
    int oldEpoch = d.newEpoch();
    d.deliverItems(
        oldEpoch,
        List.of(new BoundItem(old, Services.readId(old.nodeId, AttributeId.Value))),
        List.of(new DataValue(new Variant(1))));
    assertEquals(1, d.goodItems());
    d.retire();
    int newEpoch = d.newEpoch();
    assertEquals(0, d.goodItems());

    // A late publish response of the discarded client.
    d.deliverItems(
        oldEpoch,
        List.of(new BoundItem(old, Services.readId(old.nodeId, AttributeId.Value))),
        List.of(new DataValue(new Variant(2))));
    d.deliverStatus(
        oldEpoch, List.of(old), List.of(new StatusCode(StatusCodes.Bad_CommunicationError)));
    assertEquals(1, seen.size(), "nothing of the old client reached the sink");
    assertEquals(0, d.goodItems());
    assertEquals(0, d.badItems());

    TagBinding fresh = binding("fresh");
    d.deliverValues(newEpoch, List.of(fresh), List.of(new DataValue(new Variant(3))));
    assertEquals(2, seen.size());
    assertEquals(1, d.goodItems());
  }

  @Test
  void aLossReportsEachTagOnceWithItsLastValue() {
    Dispatcher d = new Dispatcher("s", "edge-a");
    d.open(seen::addAll);
    TagBinding b = binding("a");
    int epoch = d.newEpoch();
    d.deliverValues(epoch, List.of(b), List.of(new DataValue(new Variant(7))));
    StatusCode notConnected = new StatusCode(StatusCodes.Bad_NotConnected);
    d.deliverLoss(List.of(b), notConnected);
    d.deliverLoss(List.of(b), notConnected);
    assertEquals(2, seen.size(), "the second report of the same loss adds nothing");
    Reading bad = seen.get(1);
    assertEquals(0x808A0000L, bad.quality().statusCode());
    assertEquals(seen.get(0).value(), bad.value());
    assertEquals(1, d.badItems());
    assertEquals(0, d.goodItems());
  }

  @Test
  void aLargePublishResponseReachesTheSinkInPiecesInOrderWithOneReceiveTime() {
    List<List<Reading>> batches = new ArrayList<>();
    Dispatcher d = new Dispatcher("s", "edge-a");
    d.open(batches::add);
    int epoch = d.newEpoch();
    int n = 2 * Dispatcher.PIECE + 7;
    List<BoundItem> items = new ArrayList<>();
    List<DataValue> values = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      TagBinding b = binding("t" + i);
      items.add(new BoundItem(b, Services.readId(b.nodeId, AttributeId.Value)));
      values.add(new DataValue(new Variant(i)));
    }
    d.deliverItems(epoch, items, values);

    assertEquals(
        List.of(Dispatcher.PIECE, Dispatcher.PIECE, 7), batches.stream().map(List::size).toList());
    List<Reading> all = batches.stream().flatMap(List::stream).toList();
    for (int i = 0; i < n; i++) {
      assertEquals(TagPath.of("t" + i), all.get(i).path(), "delivery order");
      assertEquals(all.get(0).receivedTime(), all.get(i).receivedTime(), "one receive time");
      if (i > 0) {
        assertTrue(all.get(i).sequence() > all.get(i - 1).sequence(), "sequence grows");
      }
    }
    assertEquals(n, d.readingsDelivered());
    assertEquals(n, d.goodItems());
  }
}
