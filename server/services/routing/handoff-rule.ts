import { badRequest, type Refusal } from '../../domain/errors';
import type { OwnershipCommand } from '../../domain/ownership';
import type { WorkspaceSettings } from '../workspace-settings';

/**
 * The handoff rule: moving a chat that another member owns to someone else needs a note, which the new
 * owner reads first (it travels in the ownership event and so in the timeline). Off when the workspace
 * turns `handoffNoteRequired` off.
 */
export function missingHandoffNote(
  currentOwner: string | null,
  actorId: string,
  cmd: OwnershipCommand,
  settings: Pick<WorkspaceSettings, 'handoffNoteRequired'>,
): Refusal | null {
  if (cmd.kind !== 'assign' || !settings.handoffNoteRequired) return null;
  if (!currentOwner || currentOwner === actorId || currentOwner === cmd.to || cmd.note) return null;
  return badRequest("reassigning a teammate's chat needs a handoff note for the new owner", 'handoff-note-required');
}
