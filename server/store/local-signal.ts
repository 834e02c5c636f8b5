type Listener = (workspaceId: string, eventId: number) => void;

/** The in-process half of Store.publish/onPublish. */
export class LocalSignal {
  private listeners = new Set<Listener>();
  emit(workspaceId: string, eventId: number): void {
    for (const l of this.listeners) l(workspaceId, eventId);
  }
  on(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
