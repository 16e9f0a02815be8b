/**
 * Redo operations: how a change made in memory is written to the journal and replayed at open.
 * Each mutation of {@link LowdbFile} records one, serialized as it is made (a later change to the
 * same object is its own operation). Records are addressed by key, never by position, so the
 * operations of a unit of work (written at its end) replay right after those written meanwhile.
 * An operation whose record is gone (pruned, or made by a unit not yet written) changes nothing.
 */
import type { AuditEntry } from '../../core/ports.js';
import { auditText, isAuditEntry } from '../audit-archive.js';
import type { StoreData } from '../schema.js';

/** Keyed tables (objects) of the data. */
export type TableName =
  | 'bindings'
  | 'reminders'
  | 'chats'
  | 'sloganChats'
  | 'updates'
  | 'webLinks'
  | 'webSessions'
  | 'plans'
  | 'deletedPlans'
  | 'staged'
  | 'formSessions'
  | 'downloadLinks';
/** Lists of the data. */
export type ListName = 'confirmations' | 'outbox' | 'parked' | 'requests' | 'announcements' | 'messages' | 'audit' | 'submissions';
/** Lists whose items are addressed by a key (the others are only appended to and trimmed). */
export type KeyedList = 'confirmations' | 'outbox' | 'parked' | 'requests' | 'announcements' | 'submissions';
export type SeqName = keyof StoreData['seq'];
/** Top-level fields set whole. */
export type RootField = 'zaloTokens' | 'org' | 'contentRevision';

const TABLES = new Set<string>([
  'bindings',
  'reminders',
  'chats',
  'sloganChats',
  'updates',
  'webLinks',
  'webSessions',
  'plans',
  'deletedPlans',
  'staged',
  'formSessions',
  'downloadLinks',
]);
const LISTS = new Set<string>(['confirmations', 'outbox', 'parked', 'requests', 'announcements', 'messages', 'audit', 'submissions']);
const KEYED = new Set<string>(['confirmations', 'outbox', 'parked', 'requests', 'announcements', 'submissions']);
const SEQS = new Set<string>(['request', 'parked', 'outbox', 'announcement', 'staged', 'submission']);
const ROOTS = new Set<string>(['zaloTokens', 'org', 'contentRevision']);

type Item = Record<string, unknown>;

/** The key of an item of a keyed list. */
export function keyOf(list: KeyedList, item: object): string {
  const i = item as Item;
  if (list === 'confirmations') return `${String(i.deadline)}\n${String(i.occurrence)}\n${String(i.unit)}`;
  return String(i.id);
}

const ser = (op: object) => JSON.stringify(op);

/** Constructors of serialized operations. */
export const redo = {
  set: (table: TableName, key: string, value: unknown) => ser({ o: 'set', p: [table, key], v: value }),
  setRoot: (field: RootField, value: unknown) => ser({ o: 'set', p: [field], v: value }),
  del: (table: TableName, key: string) => ser({ o: 'del', p: [table, key] }),
  push: (list: ListName, item: unknown) => ser({ o: 'push', l: list, v: item }),
  /** Sets (or, with `value` undefined, deletes) a field of the item of `list` with `key`. */
  field: (list: KeyedList, key: string, field: string, value: unknown) =>
    ser(value === undefined ? { o: 'field', l: list, k: key, f: field, d: 1 } : { o: 'field', l: list, k: key, f: field, v: value }),
  drop: (list: KeyedList, keys: string[]) => ser({ o: 'drop', l: list, k: keys }),
  shift: (list: ListName, n: number) => ser({ o: 'shift', l: list, n }),
  /** These audit entries leave the file (archived first, see audit-archive.ts); found by their content, oldest first. */
  unaudit: (entries: readonly AuditEntry[]) => ser({ o: 'unaudit', v: entries }),
  /** Every item of `list` whose field at `path` is chat `a` gets chat `b`. */
  rechat: (list: ListName, path: string[], a: string, b: string) => ser({ o: 'rechat', l: list, f: path, a, b }),
  seq: (name: SeqName, value: number) => ser({ o: 'seq', n: name, v: value }),
};

/** A line of the journal that is not a list of valid operations. */
export class BadOperation extends Error {}

const isStr = (x: unknown): x is string => typeof x === 'string';
const isStrs = (x: unknown): x is string[] => Array.isArray(x) && x.every(isStr);

/** Applies operations to data read from the file, in order (see {@link Replayer.apply}). */
export class Replayer {
  /** Per keyed list: key → item, built when first needed. */
  private readonly indexes = new Map<string, Map<string, Item>>();

  constructor(private readonly data: StoreData) {}

  private list(name: string): Item[] {
    return (this.data as unknown as Record<string, Item[]>)[name]!;
  }

  private index(name: KeyedList): Map<string, Item> {
    let index = this.indexes.get(name);
    if (!index) {
      index = new Map();
      for (const item of this.list(name)) index.set(keyOf(name, item), item);
      this.indexes.set(name, index);
    }
    return index;
  }

  /** Applies one line's operations (a JSON array); throws {@link BadOperation} when one is not valid. */
  applyLine(ops: unknown): void {
    if (!Array.isArray(ops)) throw new BadOperation('dòng không phải một danh sách thao tác');
    for (const op of ops) this.apply(op);
  }

  apply(raw: unknown): void {
    if (typeof raw !== 'object' || raw === null) throw new BadOperation('thao tác không phải một đối tượng');
    const op = raw as Record<string, unknown>;
    const list = op.l;
    if (op.o === 'set' || op.o === 'del') {
      const p = op.p;
      if (!isStrs(p)) throw new BadOperation('đường dẫn không hợp lệ');
      const data = this.data as unknown as Record<string, Record<string, unknown>>;
      if (p.length === 1 && ROOTS.has(p[0]!) && op.o === 'set') (data as Record<string, unknown>)[p[0]!] = op.v;
      else if (p.length === 2 && TABLES.has(p[0]!)) {
        if (op.o === 'set') data[p[0]!]![p[1]!] = op.v;
        else delete data[p[0]!]![p[1]!];
      } else throw new BadOperation(`đường dẫn không hợp lệ: ${p.join('.')}`);
      return;
    }
    if (op.o === 'unaudit') {
      if (!Array.isArray(op.v) || !op.v.every(isAuditEntry)) throw new BadOperation('mục nhật ký bỏ không hợp lệ');
      const audit = this.data.audit;
      for (const e of op.v as AuditEntry[]) {
        const text = auditText(e);
        const i = audit.findIndex((item) => auditText(item) === text);
        if (i >= 0) audit.splice(i, 1);
      }
      return;
    }
    if (op.o === 'seq') {
      if (!isStr(op.n) || !SEQS.has(op.n) || typeof op.v !== 'number') throw new BadOperation('bộ đếm không hợp lệ');
      const seq = this.data.seq as Record<string, number>;
      seq[op.n] = Math.max(seq[op.n] ?? 0, op.v);
      return;
    }
    if (!isStr(list) || !LISTS.has(list)) throw new BadOperation(`danh sách không hợp lệ: ${String(list)}`);
    switch (op.o) {
      case 'push':
        if (typeof op.v !== 'object' || op.v === null) throw new BadOperation('bản ghi không hợp lệ');
        this.list(list).push(op.v as Item);
        if (KEYED.has(list)) this.indexes.get(list)?.set(keyOf(list as KeyedList, op.v), op.v as Item);
        return;
      case 'field': {
        if (!KEYED.has(list) || !isStr(op.k) || !isStr(op.f)) throw new BadOperation('thao tác sửa trường không hợp lệ');
        const item = this.index(list as KeyedList).get(op.k);
        if (!item) return;
        if (op.d === 1) delete item[op.f];
        else item[op.f] = op.v;
        return;
      }
      case 'drop': {
        if (!KEYED.has(list) || !isStrs(op.k)) throw new BadOperation('thao tác xoá không hợp lệ');
        const keys = new Set(op.k);
        const kept = this.list(list).filter((item) => !keys.has(keyOf(list as KeyedList, item)));
        (this.data as unknown as Record<string, Item[]>)[list] = kept;
        this.indexes.delete(list);
        return;
      }
      case 'shift': {
        if (typeof op.n !== 'number' || !Number.isInteger(op.n) || op.n < 0) throw new BadOperation('số bản ghi bỏ không hợp lệ');
        this.list(list).splice(0, op.n);
        this.indexes.delete(list);
        return;
      }
      case 'rechat': {
        const path = op.f;
        if (!isStrs(path) || path.length === 0 || !isStr(op.a) || !isStr(op.b)) throw new BadOperation('thao tác đổi nhóm chat không hợp lệ');
        for (const item of this.list(list)) {
          let target: Item | undefined = item;
          for (const f of path.slice(0, -1)) target = target?.[f] as Item | undefined;
          const last = path[path.length - 1]!;
          if (target && target[last] === op.a) target[last] = op.b;
        }
        return;
      }
      default:
        throw new BadOperation(`thao tác không rõ: ${String(op.o)}`);
    }
  }
}
