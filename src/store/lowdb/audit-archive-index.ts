/**
 * Reading the audit archive newest first for the Nhật ký search, without ever loading it: a small
 * index in memory cuts the archive into blocks of whole lines (about {@link BLOCK} bytes each) and
 * keeps each block's first byte, end and earliest and latest time. A search reads the blocks from
 * the last one back, one block at a time, and passes unread the blocks its cursor or its days
 * rule out, so a deep page costs a few block reads, not a scan of millions of lines. The index is
 * built by one pass the first time a search reaches the archive, then only extended by what was
 * appended since (rebuilt when the archive was cut back or replaced).
 */
import { open, type FileHandle } from 'node:fs/promises';
import { linesForward, parseAuditLine, readAt } from '../audit-archive.js';
import type { AuditScan } from './audit-scan.js';

/** Bytes of lines per block. */
export const BLOCK = 64 * 1024;

interface Block {
  start: number;
  end: number;
  minAt: string;
  maxAt: string;
}

/** The time at the start of an entry's line (`{"at":"…"`, as the store writes it), or undefined. */
const AT = /^\{"at":"([^"\\]*)"/;

function atOf(line: string): string | undefined {
  return AT.exec(line)?.[1] ?? parseAuditLine(line)?.at;
}

/** The same, from a line's bytes (the time is ASCII: only its first bytes are decoded when it is there). */
function atOfBytes(bytes: Buffer): string | undefined {
  return AT.exec(bytes.toString('latin1', 0, Math.min(bytes.length, 64)))?.[1] ?? parseAuditLine(bytes.toString('utf8'))?.at;
}

/**
 * What the archive holds now: its whole lines' end, a number that changes when bytes were cut back
 * or the file replaced, and the lines of entries the file still holds too (left by a crash: read there).
 */
export interface ArchiveState {
  size: number;
  generation: number;
  inFile: ReadonlySet<string>;
}

export class ArchiveIndex {
  private blocks: Block[] = [];
  private end = 0;
  private generation = -1;
  /** Index updates, one at a time. */
  private updating: Promise<unknown> = Promise.resolve();

  constructor(readonly path: string) {}

  /** Offers `scan` the archive's entries before `state.size`, newest first, until its page is full. */
  async scan(scan: AuditScan, state: ArchiveState): Promise<void> {
    if (state.size === 0 || scan.done) return;
    let handle: FileHandle;
    try {
      handle = await open(this.path, 'r');
    } catch (error) {
      // moved away while Loa runs: the page holds what the file has
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw error;
    }
    try {
      const blocks = await this.update(handle, state);
      for (let b = blocks.length - 1; b >= 0 && !scan.done; b--) {
        const block = blocks[b]!;
        if (block.start >= state.size) continue;
        if (scan.passes(block.minAt, block.maxAt)) {
          scan.passed();
          continue;
        }
        const bytes = Buffer.allocUnsafe(Math.min(block.end, state.size) - block.start);
        const n = await readAt(handle, bytes, block.start);
        const lines = bytes.subarray(0, n).toString('utf8').split('\n');
        for (let i = lines.length - 1; i >= 0 && !scan.done; i--) {
          const line = lines[i]!;
          if (line === '' || state.inFile.has(line)) continue;
          const at = atOf(line);
          if (at !== undefined) scan.offer(at, () => parseAuditLine(line));
        }
      }
    } finally {
      await handle.close();
    }
  }

  /** The blocks covering at least the first `state.size` bytes (built or extended now, one update at a time). */
  private update(handle: FileHandle, state: ArchiveState): Promise<readonly Block[]> {
    const run = this.updating.then(async () => {
      if (state.generation !== this.generation || state.size < this.end) {
        this.blocks = [];
        this.end = 0;
        this.generation = state.generation;
      }
      if (this.end < state.size) await this.extend(handle, state.size);
      return this.blocks;
    });
    this.updating = run.catch(() => undefined);
    return run;
  }

  /** Indexes the lines from the indexed end up to `size`, continuing the last block while it is small. */
  private async extend(handle: FileHandle, size: number): Promise<void> {
    let block = this.blocks.length && this.blocks[this.blocks.length - 1]!.end - this.blocks[this.blocks.length - 1]!.start < BLOCK ? this.blocks.pop() : undefined;
    for await (const line of linesForward(handle, this.end, size)) {
      block ??= { start: line.start, end: line.start, minAt: '\uffff', maxAt: '' };
      block.end = line.end;
      const at = line.bytes.length ? atOfBytes(line.bytes) : undefined;
      if (at !== undefined) {
        if (at < block.minAt) block.minAt = at;
        if (at > block.maxAt) block.maxAt = at;
      }
      this.end = line.end;
      if (block.end - block.start >= BLOCK) {
        this.blocks.push(block);
        block = undefined;
      }
    }
    if (block) this.blocks.push(block);
  }
}
