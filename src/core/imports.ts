/**
 * The port the engine and the /congbo, /huybo commands need for plans sent as files in chat.
 * The importer (src/importer/service.ts) implements it; the core names no importer module.
 */
import type { Plan } from './plans.js';
import type { AuditEntry } from './ports.js';
import type { ChatRef } from './types.js';

/** A file sent in chat: its name, its size as the platform tells it, and how to download it. */
export interface SentFile {
  name: string;
  size: number;
  /** Downloads it; with `maxBytes`, rejects (an ImportError) once more arrive, whatever the size said. */
  read(maxBytes?: number): Promise<Buffer>;
}

/** What mapping a phrase did: the deadlines changed and removed, and the phrases still to map. */
export interface PhraseMapped {
  phrase: string;
  changed: string[];
  removed: string[];
  left: Array<{ phrase: string; deadlines: string[] }>;
}

export interface PlanImports {
  /**
   * Starts reading a file sent in `chat` and returns at once: the summary with its buttons, or
   * the reason it was refused, is delivered to the chat when the reading ends.
   */
  stage(chat: ChatRef, file: SentFile): void;
  /**
   * Saves a staged plan and makes it live; undefined when the code is unknown. Throws an error
   * named `ImportError` (Vietnamese message) when the plan can no longer be published. `by` is
   * who publishes it: the publication and its audit line (`publish-plan`) are written together.
   */
  publish(code: string, by?: AuditEntry['actor']): Promise<{ plan: Plan; replaces?: Plan | undefined } | undefined>;
  /**
   * Maps a unit phrase of a staged plan ("Sở Tư pháp", as the summary lists it) to units in its
   * draft, or, with no units, drops it (a deadline left with no unit is removed). `by` makes the
   * change: the draft and its audit line (`plan-draft-edit`, `map-unit`) are written together.
   * Undefined when the code does not wait; throws `ImportError` when the plan has no such phrase.
   */
  mapPhrase(code: string, phrase: string, units: readonly string[], by: AuditEntry['actor']): Promise<PhraseMapped | undefined>;
  /** Forgets a staged plan; whether there was one. */
  discard(code: string): Promise<boolean>;
}
