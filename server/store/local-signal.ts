import type { EventView } from '../../utils/schemas/events';

/** A commit signal: events up to `eventId` exist; `events` are those events when this instance committed them. */
export type PublishListener = (workspaceId: string, eventId: number, events?: readonly EventView[]) => void;

/** The in-process half of Store.publish/onPublish. */
export class LocalSignal {
  private listeners = new Set<PublishListener>();
  emit(workspaceId: string, eventId: number, events?: readonly EventView[]): void {
    for (const l of this.listeners) l(workspaceId, eventId, events);
  }
  on(listener: PublishListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
