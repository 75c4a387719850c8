package io.plantmesh.simulator.internal;

import io.plantmesh.simulator.Shape;
import io.plantmesh.simulator.SimulatorConfig;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.milo.opcua.sdk.server.nodes.UaFolderNode;
import org.eclipse.milo.opcua.sdk.server.nodes.UaVariableNode;
import org.eclipse.milo.opcua.stack.core.NodeIds;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.eclipse.milo.opcua.stack.core.types.structured.Range;

/**
 * Builds {@code Objects/Plant/LineNN/CellNN/DeviceNNN/<tag>} for the configured devices and shapes,
 * and holds the tags in address-space order for the {@link Ticker}.
 */
public final class PlantModel {
  /** The Plant folder's name; also the first NodeId path segment. */
  public static final String ROOT = "Plant";

  private final List<String> identifiers;
  private final ValueSlot[] slots;
  private final Shape[] shapes;
  private final int devices;

  private PlantModel(List<String> identifiers, ValueSlot[] slots, Shape[] shapes, int devices) {
    this.identifiers = identifiers;
    this.slots = slots;
    this.shapes = shapes;
    this.devices = devices;
  }

  /** Builds the folders and tags into {@code ns}, with the tick-0 values. */
  public static PlantModel build(PlcNamespace ns, SimulatorConfig config, UaFolderNode plant) {
    NodeFactory nodes = new NodeFactory(ns);
    Shape[] shapes = config.shapes().toArray(new Shape[0]);
    int devices = config.devices();
    List<String> identifiers = new ArrayList<>(devices * shapes.length);
    ValueSlot[] slots = new ValueSlot[devices * shapes.length];
    DateTime now = DateTime.now();

    PlantLayout layout = new PlantLayout(config);
    UaFolderNode line = null;
    UaFolderNode cell = null;
    for (int d = 0; d < devices; d++) {
      if (layout.firstInLine(d)) {
        line = nodes.folder(plant, layout.linePath(d), layout.lineName(d));
      }
      if (layout.firstInCell(d)) {
        cell = nodes.folder(line, layout.cellPath(d), layout.cellName(d));
      }
      String devicePath = layout.devicePath(d);
      UaFolderNode device = nodes.folder(cell, devicePath, layout.deviceName(d));
      for (int s = 0; s < shapes.length; s++) {
        Shape shape = shapes[s];
        String path = devicePath + "/" + shape.browseName();
        DataValue initial = new DataValue(Ticker.initialValue(shape, d), StatusCode.GOOD, now, now);
        Range range = euRange(shape);
        UaVariableNode node =
            range == null
                ? nodes.variable(
                    device,
                    path,
                    shape.browseName(),
                    dataType(shape),
                    shape.writable(),
                    description(shape),
                    initial)
                : nodes.analog(
                    device,
                    path,
                    shape.browseName(),
                    dataType(shape),
                    shape.writable(),
                    description(shape),
                    initial,
                    shape.unit(),
                    range);
        if (shape.writable()) {
          ns.registerWritable(node); // changes only by writes: no slot for the tick
        } else {
          slots[d * shapes.length + s] = ns.register(node);
        }
        identifiers.add(path);
      }
    }
    return new PlantModel(List.copyOf(identifiers), slots, shapes, devices);
  }

  /** Identifiers of the dynamic tags ({@code Plant/Line01/...}), in address-space order. */
  public List<String> identifiers() {
    return identifiers;
  }

  ValueSlot[] slots() {
    return slots;
  }

  Shape[] shapes() {
    return shapes;
  }

  int devices() {
    return devices;
  }

  /**
   * The EURange of a shape that is an analog value (an AnalogItemType), or null for the others: a
   * count, a flag and a state name are not analog, so a percent deadband makes no sense for them.
   */
  static Range euRange(Shape shape) {
    return switch (shape) {
      case SINE, SETPOINT, STEP -> new Range(0.0, 100.0);
      case RANDOM_WALK -> new Range(0.0, 10.0);
      case RAMP -> new Range(0.0, 1500.0);
      case COUNTER, TOGGLE, STATES -> null;
    };
  }

  static NodeId dataType(Shape shape) {
    return switch (shape) {
      case SINE, RANDOM_WALK, SETPOINT -> NodeIds.Double;
      case RAMP -> NodeIds.Float;
      case COUNTER -> NodeIds.UInt32;
      case TOGGLE -> NodeIds.Boolean;
      case STATES -> NodeIds.String;
      case STEP -> NodeIds.Int32;
    };
  }

  private static String description(Shape shape) {
    return switch (shape) {
      case SINE -> "Temperature, a sine wave between 10 and 30 °C (60 ticks a period)";
      case RANDOM_WALK -> "Pressure, a random walk between 0 and 10 bar";
      case RAMP -> "Speed, a ramp from 0 to 1485 rpm in steps of 15 rpm, then back to 0";
      case COUNTER -> "Counter, one up per tick";
      case TOGGLE -> "Running, toggles every tick";
      case STATES -> "State, cycles Idle, Running, Stopped, Fault";
      case STEP -> "Level, steps 0, 10, ... 90 %";
      case SETPOINT -> "Setpoint, holds what a client writes";
    };
  }
}
