/**
 * The changes lowdb modules make to the data, each registering how to undo it (compare, then
 * restore: see unit-of-work.ts) and recording how to redo it (an operation written to the
 * journal, see redo.ts). A module changes the data only through these, or records the redo of
 * what it changes itself; a change recorded nowhere would be lost at the next start.
 */
import type { StoreData } from '../schema.js';
import { keyOf, redo, type KeyedList, type ListName, type RootField, type SeqName, type TableName } from './redo.js';

type Table<K extends TableName> = StoreData[K];

export abstract class Mutations {
  abstract get data(): StoreData;
  /** Registers how to undo a change just made, when inside a unit. */
  abstract onUndo(step: () => void): void;
  /** Records how to redo a change just made (written with the unit, or with the next write). */
  abstract record(op: string): void;

  /** Sets `data[table][key]`; undone only while it still holds `value`. */
  setKey<K extends TableName>(table: K, key: string, value: Table<K>[string]): void {
    const t = this.data[table] as Record<string, unknown>;
    const had = Object.hasOwn(t, key);
    const prev = t[key];
    t[key] = value;
    this.record(redo.set(table, key, value));
    this.onUndo(() => {
      const now = this.data[table] as Record<string, unknown>;
      if (now[key] !== value) return;
      if (had) now[key] = prev;
      else delete now[key];
    });
  }

  /** Deletes `data[table][key]`; undone only while nothing took its place. */
  deleteKey(table: TableName, key: string): void {
    const t = this.data[table] as Record<string, unknown>;
    if (!Object.hasOwn(t, key)) return;
    const prev = t[key];
    delete t[key];
    this.record(redo.del(table, key));
    this.onUndo(() => {
      const now = this.data[table] as Record<string, unknown>;
      if (!Object.hasOwn(now, key)) now[key] = prev;
    });
  }

  /** Sets a top-level field; undone only while it still holds `value`. */
  setRoot<F extends RootField>(field: F, value: StoreData[F]): void {
    this.setIn(this.data, field, value);
    this.record(redo.setRoot(field, value));
  }

  /** Sets a field of an item of a keyed list; undone only while it still holds `value`. */
  setField<O extends object, F extends keyof O & string>(list: KeyedList, item: O, field: F, value: O[F]): void {
    this.setIn(item, field, value);
    this.record(redo.field(list, keyOf(list, item), field, value));
  }

  /** Appends to a list; undone by taking that very item out again. */
  pushItem<L extends ListName>(list: L, item: StoreData[L][number], undone?: () => void): void {
    (this.data[list] as unknown[]).push(item);
    this.record(redo.push(list, item));
    this.onUndo(() => {
      const now = this.data[list] as unknown[];
      const i = now.lastIndexOf(item);
      if (i < 0) return;
      now.splice(i, 1);
      undone?.();
    });
  }

  /** Removes the first `n` items of a list (bounded logs; not undone). Returns them. */
  shiftItems<L extends ListName>(list: L, n: number): StoreData[L] {
    if (n <= 0) return [] as StoreData[L];
    const removed = (this.data[list] as unknown[]).splice(0, n) as StoreData[L];
    this.record(redo.shift(list, n));
    return removed;
  }

  /** Records that the items of `list` with these keys were removed (the caller removed them). */
  dropped(list: KeyedList, items: readonly object[]): void {
    if (items.length) this.record(redo.drop(list, items.map((i) => keyOf(list, i))));
  }

  /** Raises a counter by one (not undone: an id is never given twice) and returns it. */
  nextSeq(name: SeqName): number {
    const value = ++this.data.seq[name];
    this.record(redo.seq(name, value));
    return value;
  }

  /** Every item of `list` whose chat at `path` is `a` gets `b`; each undone as {@link setField}. */
  rechat(list: ListName, path: readonly string[], a: string, b: string): void {
    let changed = false;
    for (const item of this.data[list] as object[]) {
      let target = item as Record<string, unknown> | undefined;
      for (const f of path.slice(0, -1)) target = target?.[f] as Record<string, unknown> | undefined;
      const last = path[path.length - 1]!;
      if (target?.[last] !== a) continue;
      this.setIn(target, last, b);
      changed = true;
    }
    if (changed) this.record(redo.rechat(list, [...path], a, b));
  }

  /** Sets `obj[field]` with its undo step (no redo: the caller records it). */
  private setIn<O extends object, F extends keyof O>(obj: O, field: F, value: O[F]): void {
    const had = Object.hasOwn(obj, field);
    const prev = obj[field];
    obj[field] = value;
    this.onUndo(() => {
      if (obj[field] !== value) return;
      if (had) obj[field] = prev;
      else delete (obj as Record<PropertyKey, unknown>)[field];
    });
  }
}
