/** A time found in plan text: a due day or a recurrence, and the words it was read from. */
import type { Recurrence } from '../core/plans.js';

export interface FoundTime {
  due: string | null;
  recurrence: Recurrence | null;
  /** The matched words, removed from the task text. */
  phrase: string;
  /** Set when the year was not written and was taken from the plan's date. */
  yearInferred?: boolean;
}
