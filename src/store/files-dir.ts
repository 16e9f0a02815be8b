/**
 * The bytes of handed-in files in a directory (`FILES_DIR`, by default `files/` beside the lowdb
 * file), content-addressed: `<dir>/<first 2 hex>/<sha256>`. Nothing is ever looked up by a name a
 * person gave: a digest that is not exactly 64 lowercase hex characters never reaches the file
 * system, so no path trick can. Writes are crash-safe (0600 temp file, fsync, rename, fsync of
 * the folder; folders 0700); the same bytes twice are kept once.
 */
import { readFile, stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { FileStorePort } from '../core/ports.js';
import { isSha256, sha256Of } from './digest.js';
import { codeOf } from './errors.js';
import { privateDir, writeError, writePrivate } from './safe-file.js';

/** The files folder of a lowdb database file when `FILES_DIR` is not set: `files/` beside it. */
export const defaultFilesDir = (dbFile: string): string => join(dirname(resolve(dbFile)), 'files');

export class DirFileStore implements FileStorePort {
  constructor(
    /** The folder (absolute); created 0700 at the first write. */
    readonly dir: string,
  ) {}

  /** Where the bytes of a digest live (the caller checked the digest: see `isSha256`). */
  private pathOf(sha256: string): string {
    return join(this.dir, sha256.slice(0, 2), sha256);
  }

  async putFile(bytes: Buffer): Promise<string> {
    const sha256 = sha256Of(bytes);
    const path = this.pathOf(sha256);
    const known = await stat(path).catch(() => undefined);
    if (known?.isFile() && known.size === bytes.length) return sha256;
    const folder = join(this.dir, sha256.slice(0, 2));
    try {
      await privateDir(folder);
      // Two writers of the same bytes rename the same content over each other: either wins.
      await writePrivate(path, bytes);
    } catch (error) {
      throw writeError(path, error);
    }
    return sha256;
  }

  async getFile(sha256: string): Promise<Buffer | undefined> {
    if (!isSha256(sha256)) return undefined;
    try {
      return await readFile(this.pathOf(sha256));
    } catch (error) {
      if (codeOf(error) === 'ENOENT') return undefined;
      throw error;
    }
  }
}

/** The files of the lowdb database file `dbFile`: in `filesDir` (`FILES_DIR`) when given, else {@link defaultFilesDir}. */
export const filesStoreFor = (dbFile: string, filesDir?: string): DirFileStore => new DirFileStore(resolve(filesDir ?? defaultFilesDir(dbFile)));
