/**
 * `/tep <đường dẫn tệp> [chú thích]` in the console: parsing (quotes, `~`), the local file as an
 * attachment (checked first, read bounded), and the console adapter driven through piped input as
 * the end-to-end tests drive it.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createConsoleAdapter } from '../src/channels/console/adapter.js';
import { expandPath, FILE_COMMAND_USAGE, localAttachment, parseFileLine } from '../src/channels/console/file-line.js';
import { fileToIncoming } from '../src/channels/console/map.js';
import type { Incoming } from '../src/core/types.js';
import { ImportError } from '../src/importer/errors.js';
import { tempDir } from './helpers.js';
import { waitUntil } from './e2e/wait.js';

describe('/tep parsing', () => {
  it('a path, then the caption', () => {
    expect(parseFileLine('/tep bc.docx')).toEqual({ path: 'bc.docx', caption: '' });
    expect(parseFileLine('  /tep   ~/bc.docx   xong H8, báo cáo số 12/BC-TTKHCN ')).toEqual({ path: '~/bc.docx', caption: 'xong H8, báo cáo số 12/BC-TTKHCN' });
    expect(parseFileLine('/TEP /tmp/a.pdf /xacnhan H8 xong')).toEqual({ path: '/tmp/a.pdf', caption: '/xacnhan H8 xong' });
  });
  it('a path with spaces in double or single quotes', () => {
    expect(parseFileLine('/tep "~/Báo cáo/bc 12.docx" H8')).toEqual({ path: '~/Báo cáo/bc 12.docx', caption: 'H8' });
    expect(parseFileLine("/tep 'a b.pdf'")).toEqual({ path: 'a b.pdf', caption: '' });
  });
  it('not /tep, or a /tep without a path or with an open quote', () => {
    expect(parseFileLine('/tepx a')).toBeUndefined();
    expect(parseFileLine('xong /tep a')).toBeUndefined();
    expect(parseFileLine('/tep')).toEqual({ error: FILE_COMMAND_USAGE });
    expect(parseFileLine('/tep   ')).toEqual({ error: FILE_COMMAND_USAGE });
    expect(parseFileLine('/tep ""')).toEqual({ error: FILE_COMMAND_USAGE });
    expect(parseFileLine('/tep "a b.pdf H8')).toEqual({ error: `Thiếu dấu " đóng đường dẫn tệp. ${FILE_COMMAND_USAGE}` });
  });
  it('~ is the home directory; a relative path is from the working directory', () => {
    expect(expandPath('~', '/home/hoa', '/srv')).toBe('/home/hoa');
    expect(expandPath('~/bc.docx', '/home/hoa', '/srv')).toBe('/home/hoa/bc.docx');
    expect(expandPath('bc.docx', '/home/hoa', '/srv')).toBe('/srv/bc.docx');
    expect(expandPath('/x/~/y', '/home/hoa', '/srv')).toBe('/x/~/y');
  });
});

describe('a local file as an attachment', () => {
  it('its base name and size; read gives its bytes, bounded by the caller and by 20 MB', async () => {
    const dir = tempDir();
    const path = join(dir, 'Báo cáo 12.pdf');
    const data = Buffer.alloc(200_000, 5);
    writeFileSync(path, data);
    const file = await localAttachment(path, path);
    expect(file).toMatchObject({ name: 'Báo cáo 12.pdf', size: 200_000 });
    expect((await file.read()).equals(data)).toBe(true);
    await expect(file.read(100_000)).rejects.toThrow(ImportError);
    await expect(file.read(100_000)).rejects.toThrow('Tệp lớn hơn 98 KB,');
    // A file that grew after it was sent is still bounded while read.
    writeFileSync(path, Buffer.alloc(300_000, 5));
    await expect(file.read(250_000)).rejects.toThrow('Tệp lớn hơn 245 KB,');
  });
  it('a missing path or a directory: a Vietnamese message naming it as typed', async () => {
    const dir = tempDir();
    await expect(localAttachment(join(dir, 'khong-co.docx'), '~/khong-co.docx')).rejects.toThrow('Không tìm thấy tệp “~/khong-co.docx”: kiểm tra lại đường dẫn');
    await expect(localAttachment(join(dir, 'a.txt', 'b'), 'a.txt/b')).rejects.toThrow('Không tìm thấy tệp “a.txt/b”');
    mkdirSync(join(dir, 'thu-muc'));
    await expect(localAttachment(join(dir, 'thu-muc'), 'thu-muc')).rejects.toThrow('“thu-muc” không phải là một tệp (có thể là thư mục)');
  });
});

describe('a file as a message', () => {
  const who = { chat: { channel: 'console', chatId: 'c1' }, user: { id: 'u', name: 'Hoa' }, title: 'Console — TTKHCN' };
  const file = { name: 'a.pdf', size: 1, read: async () => Buffer.from('a') };
  it('answers the last message about a deadline unless the caption is a command', () => {
    const state = { lastButtons: [], lastRefMessage: 's-3' };
    expect(fileToIncoming('', file, who, state)).toMatchObject({ text: '', replyTo: 's-3', attachment: file, chatType: 'group', direct: true });
    expect(fileToIncoming('xong', file, who, state).replyTo).toBe('s-3');
    expect(fileToIncoming('/xacnhan H8 xong', file, who, state).replyTo).toBeUndefined();
    expect(fileToIncoming('12', file, who, state)).toMatchObject({ text: '12', replyTo: 's-3' });
    expect(fileToIncoming('xong', file, who, { lastButtons: [], lastRefMessage: undefined }).replyTo).toBeUndefined();
  });
});

describe('the console adapter with /tep (piped)', () => {
  it('sends a file with its caption as a reply to the last deadline message; a bad path is told and sends nothing', async () => {
    const dir = tempDir();
    const path = join(dir, 'bao cao 12.docx');
    writeFileSync(path, 'PK docx');
    const input = new PassThrough();
    const output = new PassThrough();
    let printed = '';
    output.on('data', (c: Buffer) => (printed += c.toString()));
    const adapter = createConsoleAdapter({
      input,
      output,
      identity: { chat: { channel: 'console', chatId: 'c1' }, user: { id: 'u', name: 'Hoa' }, title: 'Console — TTKHCN' },
      banner: 'Loa',
      interactive: false,
    });
    const seen: Incoming[] = [];
    await adapter.start(async (incoming) => {
      seen.push(incoming);
      if (incoming.text === '/deadline H8') await adapter.send(incoming.chat, { text: 'Hạn H8', ref: { deadline: 'H8', occurrence: '2023-09-25' } });
    });
    input.end(['/deadline H8', `/tep "${path}" xong H8`, `/tep ${join(dir, 'khong-co.pdf')} H8`, '/tep', `/tep "${path}" /xacnhan H8 xong`, ''].join('\n'));
    await adapter.finished;
    await waitUntil(() => seen.length === 3, 5000, () => printed);
    expect(seen.map((s) => s.text)).toEqual(['/deadline H8', 'xong H8', '/xacnhan H8 xong']);
    expect(seen[1]).toMatchObject({ replyTo: expect.stringMatching(/-1$/), attachment: { name: 'bao cao 12.docx', size: 7 } });
    expect((await seen[1]!.attachment!.read()).toString()).toBe('PK docx');
    expect(seen[2]!.replyTo).toBeUndefined();
    expect(printed).toContain(`⚠️ Không tìm thấy tệp “${join(dir, 'khong-co.pdf')}”: kiểm tra lại đường dẫn`);
    expect(printed).toContain(`⚠️ ${FILE_COMMAND_USAGE}`);
  });
});
