import { EventEmitter } from 'eventemitter3';
import type { InjectionToken } from 'tsyringe';
import type { PlatformEvent, PlatformEventName } from './payloads.js';

/** Listener signatures of the bus: one per action, plus `*` for every event. */
export type EventBusEvents = { [K in PlatformEventName]: (event: PlatformEvent<K>) => void } & {
  '*': (event: PlatformEvent) => void;
};

/** The in-process event bus; events arrive only after the transaction that caused them committed. */
export class EventBus extends EventEmitter<EventBusEvents> {
  /** Emits an event under its own action and under `*`. */
  publish(event: PlatformEvent): void {
    (this.emit as (name: string, e: PlatformEvent) => boolean)(event.action, event);
    this.emit('*', event);
  }
}

/** DI token of the EventBus. */
export const EVENT_BUS: InjectionToken<EventBus> = Symbol.for('slipway.EventBus');
