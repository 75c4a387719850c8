package io.plantmesh.simulator.internal;

import io.plantmesh.simulator.Shape;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.milo.opcua.stack.core.AttributeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Changes every dynamic tag once per tick on one thread. Values are computed from the tick number
 * and the device index (so devices are out of phase), from shared tables where a shape has few
 * distinct values, and set directly on the nodes: per tag and tick the only allocations are the
 * DataValue and, for the counter and random walk, its Variant.
 */
public final class Ticker implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Ticker.class);

  static final int SINE_PERIOD = 60;
  private static final Variant[] SINE = new Variant[SINE_PERIOD];
  private static final Variant[] RAMP = new Variant[100];
  private static final Variant[] STEP = new Variant[10];
  private static final Variant[] STATES = {
    Variant.ofString("Idle"),
    Variant.ofString("Running"),
    Variant.ofString("Stopped"),
    Variant.ofString("Fault")
  };
  private static final Variant TRUE = Variant.ofBoolean(true);
  private static final Variant FALSE = Variant.ofBoolean(false);

  static {
    for (int i = 0; i < SINE_PERIOD; i++) {
      SINE[i] = Variant.ofDouble(20.0 + 10.0 * Math.sin(2 * Math.PI * i / SINE_PERIOD));
    }
    for (int i = 0; i < RAMP.length; i++) {
      RAMP[i] = Variant.ofFloat(i * 15f);
    }
    for (int i = 0; i < STEP.length; i++) {
      STEP[i] = Variant.ofInt32(i * 10);
    }
  }

  private final ValueSlot[] slots;
  private final Shape[] shapes;
  private final int devices;
  private final double[] pressure;
  private final AtomicLong ticks = new AtomicLong();
  private final ScheduledExecutorService scheduler;
  private final AtomicLong missed = new AtomicLong();
  private long periodNanos;
  private long lastStartNanos;
  private volatile long lastTickNanos;
  private volatile long maxTickNanos;

  public Ticker(PlantModel model) {
    this.slots = model.slots();
    this.shapes = model.shapes();
    this.devices = model.devices();
    this.pressure = new double[devices];
    for (int d = 0; d < devices; d++) {
      pressure[d] = initialPressure(d);
    }
    this.scheduler =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "plc-simulator-tick");
              t.setDaemon(true);
              return t;
            });
  }

  /** Starts ticking every {@code rate}. */
  public void start(Duration rate) {
    periodNanos = rate.toNanos();
    lastStartNanos = System.nanoTime();
    scheduler.scheduleAtFixedRate(this::tickSafely, periodNanos, periodNanos, TimeUnit.NANOSECONDS);
  }

  /** Ticks done so far. */
  public long ticks() {
    return ticks.get();
  }

  /** Overdue ticks dropped so that values never change faster than the rate. */
  public long missedTicks() {
    return missed.get();
  }

  /** How long the last tick took, in nanoseconds. */
  public long lastTickNanos() {
    return lastTickNanos;
  }

  /** The longest tick so far, in nanoseconds. */
  public long maxTickNanos() {
    return maxTickNanos;
  }

  private void tickSafely() {
    long start = System.nanoTime();
    if (start - lastStartNanos < periodNanos / 2) {
      // After a late tick the executor runs the overdue period at once; a PLC skips the cycle it
      // missed instead, so tags never change in a burst faster than the rate.
      if (missed.getAndIncrement() == 0) {
        LOG.info(
            "A tick came late (rate {} ms): the overdue one is skipped",
            TimeUnit.NANOSECONDS.toMillis(periodNanos));
      }
      return;
    }
    lastStartNanos = start;
    try {
      tick(ticks.get() + 1);
      ticks.incrementAndGet();
      long took = System.nanoTime() - start;
      lastTickNanos = took;
      if (took > maxTickNanos) {
        maxTickNanos = took;
      }
    } catch (RuntimeException e) {
      // A failing tick must not cancel the schedule: log it and go on with the next one.
      LOG.error("Tick failed", e);
    }
  }

  /** Sets every dynamic tag to its value at tick {@code t} and notifies its MonitoredItems. */
  void tick(long t) {
    DateTime now = DateTime.now();
    int perDevice = shapes.length;
    for (int d = 0; d < devices; d++) {
      int base = d * perDevice;
      for (int s = 0; s < perDevice; s++) {
        ValueSlot slot = slots[base + s];
        if (slot == null) {
          continue;
        }
        DataValue value = new DataValue(valueAt(shapes[s], d, t), StatusCode.GOOD, now, now);
        slot.node.setAttribute(AttributeId.Value, value);
        if (slot.hasItems()) {
          slot.publish(value);
        }
      }
    }
  }

  private Variant valueAt(Shape shape, int d, long t) {
    if (shape == Shape.RANDOM_WALK) {
      pressure[d] = walk(pressure[d], d, t);
      return Variant.ofDouble(pressure[d]);
    }
    return computed(shape, d, t);
  }

  /** The value of a shape that depends on the tick number alone. */
  private static Variant computed(Shape shape, int d, long t) {
    long k = t + d;
    return switch (shape) {
      case SINE -> SINE[(int) (k % SINE_PERIOD)];
      case RANDOM_WALK -> throw new IllegalStateException("the random walk has state");
      case RAMP -> RAMP[(int) (k % RAMP.length)];
      case COUNTER -> Variant.ofUInt32(UInteger.valueOf(k & 0xFFFFFFFFL));
      case TOGGLE -> (k & 1) == 0 ? TRUE : FALSE;
      case STATES -> STATES[(int) (k % STATES.length)];
      case STEP -> STEP[(int) (k % STEP.length)];
      case SETPOINT -> throw new IllegalStateException("the setpoint is not ticked");
    };
  }

  /** The value a tag has before the first tick. */
  static Variant initialValue(Shape shape, int d) {
    return switch (shape) {
      case RANDOM_WALK -> Variant.ofDouble(initialPressure(d));
      case SETPOINT -> Variant.ofDouble(0.0);
      default -> computed(shape, d, 0);
    };
  }

  private static double initialPressure(int d) {
    return 5.0 + (d % 10) * 0.1;
  }

  /** One step of the random walk: never zero, so the value changes every tick; kept in [0, 10]. */
  private static double walk(double previous, int d, long t) {
    long h = mix(t * 0x9E3779B97F4A7C15L + d);
    double step = 0.01 + (h >>> 11) * 0x1.0p-53 * 0.09; // 0.01 .. 0.1 bar
    double next = (h & 1) == 0 ? previous + step : previous - step;
    if (next > 10.0 || next < 0.0) {
      next = (h & 1) == 0 ? previous - step : previous + step;
    }
    return next;
  }

  /** SplitMix64's finalizer: a cheap, well-spread hash of the tick and the device. */
  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  @Override
  public void close() {
    scheduler.shutdownNow();
    try {
      scheduler.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
