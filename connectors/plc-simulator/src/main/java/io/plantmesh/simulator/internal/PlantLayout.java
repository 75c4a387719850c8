package io.plantmesh.simulator.internal;

import io.plantmesh.simulator.Shape;
import io.plantmesh.simulator.SimulatorConfig;
import java.util.ArrayList;
import java.util.List;

/**
 * Where device number {@code d} (from 0) sits: {@code Plant/LineNN/CellNN/DeviceNNN}. Devices fill
 * a cell, cells fill a line; numbers are 1-based and zero-padded (at least 2 digits for lines and
 * cells, 3 for devices) so that names sort in address-space order.
 */
public final class PlantLayout {
  private final int devicesPerCell;
  private final int cellsPerLine;
  private final String lineFormat;
  private final String cellFormat;
  private final String deviceFormat;

  public PlantLayout(SimulatorConfig config) {
    this.devicesPerCell = config.devicesPerCell();
    this.cellsPerLine = config.cellsPerLine();
    int cells = (config.devices() + devicesPerCell - 1) / devicesPerCell;
    int lines = (cells + cellsPerLine - 1) / cellsPerLine;
    lineFormat = "Line%0" + Math.max(2, digits(lines)) + "d";
    cellFormat = "Cell%0" + Math.max(2, digits(cellsPerLine)) + "d";
    deviceFormat = "Device%0" + Math.max(3, digits(devicesPerCell)) + "d";
  }

  /** The identifiers of all dynamic tags, in address-space order, without building anything. */
  public static List<String> tagIdentifiers(SimulatorConfig config) {
    PlantLayout layout = new PlantLayout(config);
    List<String> ids = new ArrayList<>(config.tagCount());
    for (int d = 0; d < config.devices(); d++) {
      String device = layout.devicePath(d);
      for (Shape shape : config.shapes()) {
        ids.add(device + "/" + shape.browseName());
      }
    }
    return ids;
  }

  boolean firstInLine(int d) {
    return firstInCell(d) && (d / devicesPerCell) % cellsPerLine == 0;
  }

  boolean firstInCell(int d) {
    return d % devicesPerCell == 0;
  }

  String lineName(int d) {
    return String.format(lineFormat, d / devicesPerCell / cellsPerLine + 1);
  }

  String cellName(int d) {
    return String.format(cellFormat, (d / devicesPerCell) % cellsPerLine + 1);
  }

  String deviceName(int d) {
    return String.format(deviceFormat, d % devicesPerCell + 1);
  }

  String linePath(int d) {
    return PlantModel.ROOT + "/" + lineName(d);
  }

  String cellPath(int d) {
    return linePath(d) + "/" + cellName(d);
  }

  String devicePath(int d) {
    return cellPath(d) + "/" + deviceName(d);
  }

  private static int digits(int n) {
    return Integer.toString(Math.max(n, 1)).length();
  }
}
