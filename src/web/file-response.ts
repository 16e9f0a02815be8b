/**
 * A stored file as a download: always `attachment` (never shown inline), its name in both
 * `filename` (ASCII) and `filename*` (UTF-8, RFC 6266), a type from the few Loa accepts (else
 * octet-stream), never cached. The name was cleaned when the file was taken; it is cleaned again.
 */
import { ACCEPTED } from '../files/inspect.js';

/** The types Loa keeps files under (what src/files accepts; merged tables are .xlsx and .docx). */
const TYPES = new Set(Object.values(ACCEPTED).map((a) => a.type));

/** The headers of a download of `name` typed `type`. */
export function downloadHeaders(name: string, type: string): Record<string, string> {
  const clean = name.replace(/[\u0000-\u001f\u007f"\\/]/g, '_').slice(0, 150) || 'tep';
  const ascii = clean.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/g, 'd').replace(/Đ/g, 'D').replace(/[^\x20-\x7e]/g, '_');
  return {
    'Content-Type': TYPES.has(type) ? type : 'application/octet-stream',
    'Content-Disposition': `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(clean)}`,
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
    'Content-Security-Policy': "default-src 'none'; sandbox",
  };
}
