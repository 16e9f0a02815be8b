/**
 * Downloads of files sent in chats: bounded while they stream, refused at once on a declared size
 * over the limit, from the configured Bot API server only, and never with the bot token in what is
 * said or logged. Servers are local (127.0.0.1).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { TelegramError } from 'telegraf';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { boundedDownload, sizeLabel, tooLargeError } from '../src/channels/download.js';
import { fileUrl, TELEGRAM_MAX_DOWNLOAD, telegramAttachment, type TelegramFileDeps } from '../src/channels/telegram/files.js';
import { zaloAttachment } from '../src/channels/zalo/files.js';
import { ImportError } from '../src/importer/errors.js';
import { waitUntil } from './e2e/wait.js';

const TOKEN = '987654:SECRET-token-value';
const servers: Server[] = [];

afterEach(async () => {
  for (const s of servers.splice(0)) {
    s.closeAllConnections();
    await new Promise<void>((r) => s.close(() => r()));
  }
});

/** A local server; `handle` answers each request. Resolves its base URL. */
async function serve(handle: (req: IncomingMessage, res: ServerResponse) => void): Promise<string> {
  const server = createServer(handle);
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** A server that streams zeros for ever (respecting backpressure) and records what it sent and when the client left. */
async function endlessServer(headers: Record<string, string> = {}): Promise<{ base: string; sent: () => number; closed: () => boolean; paths: string[] }> {
  let sent = 0;
  let closed = false;
  const paths: string[] = [];
  const base = await serve((req, res) => {
    paths.push(req.url ?? '');
    res.writeHead(200, headers);
    res.on('close', () => (closed = true));
    const chunk = Buffer.alloc(16 * 1024);
    const pump = () => {
      while (!closed && !res.destroyed) {
        sent += chunk.length;
        if (!res.write(chunk)) return void res.once('drain', pump);
      }
    };
    pump();
  });
  return { base, sent: () => sent, closed: () => closed, paths };
}

const tooLarge = () => tooLargeError(100_000);

describe('bounded download', () => {
  it('stops a body that streams past the limit: rejects, and the server sees the client go', async () => {
    const s = await endlessServer();
    const error = await boundedDownload(`${s.base}/f`, { maxBytes: 100_000, tooLarge, source: 'Zalo' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ImportError);
    expect((error as Error).message).toMatch(/^Tệp lớn hơn 98 KB, Loa không nhận tệp lớn như vậy/);
    await waitUntil(() => s.closed(), 10_000, () => 'the server kept sending');
    // Stopped long before "for ever": what was sent is what sat in socket buffers when it aborted.
    expect(s.sent()).toBeLessThan(16 * 1024 * 1024);
  });

  it('refuses at once when Content-Length says the file is over the limit, before any body arrives', async () => {
    let closed = false;
    const base = await serve((_req, res) => {
      res.writeHead(200, { 'content-length': String(50 * 1024 * 1024) });
      res.flushHeaders();
      res.on('close', () => (closed = true));
      // No body at all: a client that waited for it would hang until its timeout.
    });
    const started = Date.now();
    const error = await boundedDownload(`${base}/f`, { maxBytes: 100_000, tooLarge, source: 'Zalo', timeoutMs: 20_000 }).catch((e: unknown) => e);
    expect((error as Error).message).toMatch(/^Tệp lớn hơn 98 KB/);
    expect(Date.now() - started).toBeLessThan(10_000);
    await waitUntil(() => closed, 10_000, () => 'the connection stayed open');
  });

  it('returns a file within the limit whole, exactly at the limit too', async () => {
    const data = Buffer.from(Array.from({ length: 100_000 }, (_, i) => i % 251));
    const base = await serve((_req, res) => res.end(data));
    expect((await boundedDownload(`${base}/f`, { maxBytes: 100_000, tooLarge, source: 'Zalo' })).equals(data)).toBe(true);
    await expect(boundedDownload(`${base}/f`, { maxBytes: 99_999, tooLarge, source: 'Zalo' })).rejects.toThrow(/lớn hơn/);
  });

  it('says in Vietnamese what went wrong: 404, 500, a timeout, a refused connection, a URL that is not http(s)', async () => {
    const base = await serve((req, res) => {
      if (req.url === '/slow') return void res.writeHead(200).write('a');
      res.writeHead(req.url === '/gone' ? 404 : 500).end('x');
    });
    await expect(boundedDownload(`${base}/gone`, { maxBytes: 10, tooLarge, source: 'Zalo' })).rejects.toThrow('Zalo không còn giữ tệp này (HTTP 404): hãy gửi lại tệp.');
    await expect(boundedDownload(`${base}/err`, { maxBytes: 10, tooLarge, source: 'Zalo' })).rejects.toThrow('Không tải được tệp từ Zalo (HTTP 500): hãy gửi lại sau ít phút.');
    await expect(boundedDownload(`${base}/slow`, { maxBytes: 10, tooLarge, source: 'Zalo', timeoutMs: 200 })).rejects.toThrow('Tải tệp từ Zalo quá lâu nên Loa đã dừng');
    const closedPort = await serve(() => undefined);
    servers.pop()!.close();
    await expect(boundedDownload(`${closedPort}/f`, { maxBytes: 10, tooLarge, source: 'Zalo' })).rejects.toThrow('Không tải được tệp từ Zalo (lỗi mạng)');
    for (const url of ['file:///etc/passwd', 'ftp://127.0.0.1/x', 'không phải url']) {
      await expect(boundedDownload(url, { maxBytes: 10, tooLarge, source: 'Zalo' })).rejects.toBeInstanceOf(ImportError);
    }
  });

  it('names sizes as people read them', () => {
    expect([sizeLabel(1), sizeLabel(800 * 1024), sizeLabel(20 * 1024 * 1024), sizeLabel(1.5 * 1024 * 1024)]).toEqual(['1 KB', '800 KB', '20 MB', '1,5 MB']);
  });
});

/** Every way an error could carry text. */
function allText(error: unknown): string {
  const e = error as Error & { cause?: unknown };
  return [e.message, e.stack, String(e), JSON.stringify(e), e.cause === undefined ? '' : String(e.cause)].join('\n');
}

describe('telegram files', () => {
  const deps = (apiRoot: string, getFile: TelegramFileDeps['getFile']): TelegramFileDeps => ({ apiRoot, token: TOKEN, getFile });

  it('builds the download URL on the configured server, with or without a path and its slash', () => {
    expect(fileUrl('http://127.0.0.1:9/', 'T:1', 'documents/file_1.docx')).toBe('http://127.0.0.1:9/file/botT:1/documents/file_1.docx');
    expect(fileUrl('http://127.0.0.1:9', 'T:1', 'photos/a b.jpg')).toBe('http://127.0.0.1:9/file/botT:1/photos/a%20b.jpg');
    expect(fileUrl('https://proxy.example/tg', 'T:1', 'x/y')).toBe('https://proxy.example/tg/file/botT:1/x/y');
    expect(fileUrl('https://proxy.example/tg/', 'T:1', 'x/../../y')).toBe('https://proxy.example/tg/file/botT:1/x/y');
  });

  it('a file Telegram declares over 20 MB, or over the caller’s bound, is refused without calling getFile', async () => {
    const getFile = vi.fn(async () => ({ file_path: 'documents/x' }));
    const big = telegramAttachment({ fileId: 'f1', name: 'bc.pdf', size: TELEGRAM_MAX_DOWNLOAD + 1 }, deps('http://127.0.0.1:9', getFile));
    await expect(big.read()).rejects.toThrow('Tệp lớn hơn 20 MB (giới hạn tải tệp của bot Telegram)');
    await expect(big.read(50 * 1024 * 1024)).rejects.toThrow(/20 MB/);
    const small = telegramAttachment({ fileId: 'f2', name: 'bc.pdf', size: 2 * 1024 * 1024 }, deps('http://127.0.0.1:9', getFile));
    await expect(small.read(1024 * 1024)).rejects.toThrow('Tệp lớn hơn 1 MB,');
    expect(getFile).not.toHaveBeenCalled();
  });

  it('downloads from <apiRoot>/file/bot<token>/<path>, streaming and bounded (a file that lied about its size is stopped)', async () => {
    const s = await endlessServer();
    const file = telegramAttachment({ fileId: 'f1', name: 'bc.pdf', size: 1000 }, deps(`${s.base}/api/`, async () => ({ file_path: 'documents/file_7.pdf' })));
    await expect(file.read(64 * 1024)).rejects.toThrow('Tệp lớn hơn 64 KB,');
    expect(s.paths).toEqual([`/api/file/bot${TOKEN}/documents/file_7.pdf`]);
    await waitUntil(() => s.closed(), 10_000, () => 'the server kept sending');
    const data = Buffer.from('%PDF-1.7 báo cáo');
    const base = await serve((_req, res) => res.end(data));
    const ok = telegramAttachment({ fileId: 'f1', name: 'bc.pdf', size: data.length, type: 'application/pdf' }, deps(base, async () => ({ file_path: 'documents/file_7.pdf' })));
    expect((await ok.read()).equals(data)).toBe(true);
    expect(ok).toMatchObject({ name: 'bc.pdf', size: data.length, type: 'application/pdf' });
  });

  it('getFile refusals read as the real API’s: "file is too big", an expired file, Telegram down', async () => {
    const failing = (description: string, code = 400) => async () => {
      throw new TelegramError({ error_code: code, description });
    };
    const read = (getFile: TelegramFileDeps['getFile']) => telegramAttachment({ fileId: 'f', name: 'a.pdf', size: 0 }, deps('http://127.0.0.1:9', getFile)).read();
    await expect(read(failing('Bad Request: file is too big'))).rejects.toThrow('Tệp lớn hơn 20 MB (giới hạn tải tệp của bot Telegram)');
    await expect(read(failing('Bad Request: invalid file_id'))).rejects.toThrow('Telegram không cho tải tệp này (tệp đã hết hạn hoặc không còn): hãy gửi lại tệp.');
    await expect(read(failing('Internal Server Error', 500))).rejects.toThrow('Không lấy được tệp từ Telegram');
    await expect(read(async () => ({ file_path: 'x', file_size: TELEGRAM_MAX_DOWNLOAD + 5 }))).rejects.toThrow(/20 MB/);
    await expect(read(async () => ({}))).rejects.toBeInstanceOf(ImportError);
  });

  it('never puts the token in an error: HTTP errors, a refused connection, a timeout, a body too large', async () => {
    const base = await serve((req, res) => {
      if (req.url?.endsWith('/slow')) return void res.writeHead(200).write('a');
      if (req.url?.endsWith('/big')) return void res.writeHead(200, { 'content-length': '999999' }).end();
      res.writeHead(req.url?.endsWith('/gone') ? 404 : 502).end(`no ${req.url}`);
    });
    const closed = await serve(() => undefined);
    servers.pop()!.close();
    const errors: unknown[] = [];
    for (const [root, path] of [[base, 'gone'], [base, 'err'], [base, 'slow'], [base, 'big'], [closed, 'x']] as const) {
      const file = telegramAttachment({ fileId: 'f', name: 'a.pdf', size: 0 }, { ...deps(root, async () => ({ file_path: path })), timeoutMs: 300 });
      errors.push(await file.read(1000).catch((e: unknown) => e));
    }
    expect(errors.map((e) => (e as Error).message)).toEqual([
      'Telegram không còn giữ tệp này (HTTP 404): hãy gửi lại tệp.',
      'Không tải được tệp từ Telegram (HTTP 502): hãy gửi lại sau ít phút.',
      'Tải tệp từ Telegram quá lâu nên Loa đã dừng: hãy gửi lại sau ít phút.',
      'Tệp lớn hơn 1 KB, Loa không nhận tệp lớn như vậy: hãy nén, tách tệp hoặc chụp/xuất lại nhỏ hơn rồi gửi lại.',
      'Không tải được tệp từ Telegram (lỗi mạng): hãy gửi lại sau ít phút.',
    ]);
    for (const e of errors) {
      expect(e).toBeInstanceOf(ImportError);
      expect(allText(e)).not.toContain('SECRET');
      expect(allText(e)).not.toContain('987654');
    }
  });
});

describe('zalo files', () => {
  it('downloads within 20 MB, refuses a declared size over the bound at once, and a 404 says so', async () => {
    const paths: string[] = [];
    const base = await serve((req, res) => {
      paths.push(req.url ?? '');
      if (req.url === '/f/bc.docx') return void res.end('PK-docx');
      res.writeHead(404).end();
    });
    expect((await zaloAttachment({ url: `${base}/f/bc.docx`, name: 'bc.docx', size: 7 }).read()).toString()).toBe('PK-docx');
    await expect(zaloAttachment({ url: `${base}/f/big`, name: 'big.pdf', size: 21 * 1024 * 1024 }).read()).rejects.toThrow('Tệp lớn hơn 20 MB,');
    await expect(zaloAttachment({ url: `${base}/f/bc.docx`, name: 'bc.docx', size: 7 }).read(3)).rejects.toThrow('Tệp lớn hơn 1 KB,');
    await expect(zaloAttachment({ url: `${base}/f/old`, name: 'old.pdf', size: 0 }).read()).rejects.toThrow('Zalo không còn giữ tệp này (HTTP 404)');
    // The two refused on their declared size were never fetched.
    expect(paths).toEqual(['/f/bc.docx', '/f/old']);
  });
});
