package io.plantmesh.cluster.uplink.internal;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class OrderGateTest {
  private final OrderGate gate = new OrderGate();
  private final UUID stream = UUID.randomUUID();

  private CompletableFuture<Boolean> turn(long seq, Duration max) {
    return CompletableFuture.supplyAsync(
        () -> {
          try {
            return gate.awaitTurn(stream, seq, max);
          } catch (InterruptedException e) {
            throw new IllegalStateException(e);
          }
        });
  }

  @Test
  void aBatchWaitsUntilTheEarlierOnesWereHandedOn() throws Exception {
    CompletableFuture<Boolean> second = turn(1, Duration.ofSeconds(20));
    CompletableFuture<Boolean> third = turn(2, Duration.ofSeconds(20));
    assertTrue(gate.awaitTurn(stream, 0, Duration.ZERO));
    // Neither goes while batch 0 is not handed on.
    await()
        .during(Duration.ofMillis(300))
        .atMost(Duration.ofSeconds(1))
        .until(() -> !second.isDone() && !third.isDone());
    gate.passed(stream, 0);
    assertTrue(second.get(5, TimeUnit.SECONDS));
    assertFalse(third.isDone());
    gate.passed(stream, 1);
    assertTrue(third.get(5, TimeUnit.SECONDS));
  }

  @Test
  void aRefusedBatchLetsTheNextGoEvenWhenItIsMarkedFirst() throws Exception {
    gate.passed(stream, 1); // refused before batch 0 was handed on
    CompletableFuture<Boolean> third = turn(2, Duration.ofSeconds(20));
    await()
        .during(Duration.ofMillis(200))
        .atMost(Duration.ofSeconds(1))
        .until(() -> !third.isDone());
    gate.passed(stream, 0);
    assertTrue(third.get(5, TimeUnit.SECONDS));
  }

  @Test
  void aBatchThatNeverComesIsSkippedAfterTheWait() throws Exception {
    assertFalse(gate.awaitTurn(stream, 3, Duration.ofMillis(100)));
    gate.passed(stream, 3);
    assertTrue(gate.awaitTurn(stream, 4, Duration.ZERO));
    // A late batch of the skipped ones goes at once.
    assertTrue(gate.awaitTurn(stream, 1, Duration.ZERO));
  }
}
