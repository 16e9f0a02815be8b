/** The key of stored file bytes in every store: their SHA-256 in lowercase hex, and nothing else. */
import { createHash } from 'node:crypto';

/** Exactly a SHA-256 in lowercase hex: the only keys a files folder (or table) answers to. */
export const SHA256_HEX = /^[0-9a-f]{64}$/;

/** Whether `value` is a digest a store may look up (anything else never reaches a path or a query). */
export const isSha256 = (value: unknown): value is string => typeof value === 'string' && SHA256_HEX.test(value);

/** The SHA-256 of `bytes`, lowercase hex. */
export function sha256Of(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}
