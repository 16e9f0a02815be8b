/**
 * One-time download links: the bot gives an admin a link to a handed-in file or a merged table
 * (`/tiendo H8`, `/tonghop H8`). The link opens a page on Loa's web server whose button
 * downloads the file once; a chat's link preview only opens the page. Only the secret's SHA-256
 * is stored.
 */
import type { CommandContext } from './command.js';
import type { StoredFile } from './submission-ports.js';
import { hashSecret, newSecret } from './web-links.js';

/** How long a download link works: one day, once. */
export const DOWNLOAD_TTL_MS = 24 * 3600_000;

/** The web path of a download link's page. */
export const downloadPath = (secret: string): string => `/tai-ve/${secret}`;

/**
 * A one-time link to `file` for the person writing, or undefined when no web server runs here
 * (the caller says where to find the file instead).
 */
export async function downloadLink(
  ctx: Pick<CommandContext, 'downloads' | 'webLinks' | 'now' | 'incoming'>,
  file: Pick<StoredFile, 'sha256' | 'name' | 'type'>,
): Promise<string | undefined> {
  const page = ctx.webLinks?.page;
  if (!page) return undefined;
  const secret = newSecret();
  const user = ctx.incoming.user;
  await ctx.downloads.issueDownload(
    hashSecret(secret),
    { sha256: file.sha256, name: file.name, type: file.type, for: { id: user.id, name: user.name } },
    new Date(ctx.now.getTime() + DOWNLOAD_TTL_MS),
  );
  return page(downloadPath(secret));
}

/** Whether links that open files may be shown in this chat: to an admin, in a private chat (or the console). */
export function mayGetLinks(ctx: Pick<CommandContext, 'isAdmin' | 'incoming'>): boolean {
  return ctx.isAdmin && (ctx.incoming.chatType === 'private' || ctx.incoming.direct === true);
}
