package io.plantmesh.cluster.rules.internal;

import io.plantmesh.cluster.rules.AlarmAction;
import io.plantmesh.cluster.rules.EventAction;
import io.plantmesh.cluster.rules.Interlock;
import io.plantmesh.cluster.rules.Trigger;
import io.plantmesh.cluster.rules.WriteAction;

/** An action with its expressions compiled. */
public sealed interface CompiledAction {

  /** When it runs (alarms do something on both). */
  Trigger on();

  /**
   * @param interlock null for none
   */
  record Write(WriteAction spec, CompiledExpression value, Interlock interlock)
      implements CompiledAction {
    @Override
    public Trigger on() {
      return spec.on();
    }
  }

  record Alarm(AlarmAction spec, MessageTemplate message) implements CompiledAction {
    @Override
    public Trigger on() {
      return Trigger.FIRE;
    }
  }

  record Event(EventAction spec, MessageTemplate message) implements CompiledAction {
    @Override
    public Trigger on() {
      return spec.on();
    }
  }
}
