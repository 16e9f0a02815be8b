/**
 * Tải lên and Duyệt through Hono's `app.request()`: uploads of each kind (.txt, .md, .docx), the
 * review page beside the source (quotes marked and linked, what the importer was unsure of), the
 * refusals of a bad file (empty, none, wrong type, too large), hostile names and texts, CSRF and
 * viewers, and discarding. Edits, publishing and the published plan's page: web-plan-edit.test.ts.
 */
import { Document, Packer, Paragraph } from 'docx';
import { describe, expect, it } from 'vitest';
import { MAX_IMPORT_BYTES } from '../src/importer/files.js';
import { HOSTILE, planText, setUp, cardOf } from './web-plan-fixture.js';

describe('uploading a plan', () => {
  it('reads a .txt plan and shows it beside its source: quotes marked and linked both ways, what the importer was unsure of', async () => {
    const { upload, get, signIn, draft, audited } = await setUp();
    const admin = await signIn();
    const res = await upload('ke-hoach-cds.txt', planText(), admin);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/ke-hoach/duyet/I1?ok=tai-len');
    const d = (await draft('I1'))!;
    expect(d.plan.title).toBe('Tuyên truyền chuyển đổi số năm 2027');
    const ids = (d.plan.deadlines as Array<{ id: string }>).map((x) => x.id);
    expect(ids).toHaveLength(4);

    const page = await (await get('/ke-hoach/duyet/I1?ok=tai-len', admin.cookie)).text();
    expect(page).toContain('Đã đọc tệp. Hãy đối chiếu kết quả với văn bản gốc');
    expect(page).toContain('<div class="review">');
    // The first deadline's quote is marked in the source, and its card links to the mark (and back).
    expect(page).toMatch(/<mark id="q-1">trước ngày 30\/11\/2027<\/mark><sup> <a class="ref" href="#h-H\d+">H\d+<\/a><\/sup>/);
    expect(cardOf(page, ids[0]!)).toContain('<a href="#q-1">Xem trong văn bản</a>');
    expect(cardOf(page, ids[0]!)).toContain('30/11/2027');
    expect(cardOf(page, ids[2]!)).toContain('hằng quý (cuối quý)');
    // What the importer was unsure of: its warning, and the report-to that names no unit, with its forms.
    expect(page).toMatch(/Chưa gán đơn vị cho “chưa rõ đơn vị” \(cần gán đơn vị trước khi công bố\): [^<]*Tổ chức hội nghị tổng kết/);
    expect(page).toMatch(/“Ban Dân vận Tỉnh ủy” — ở hạn <a href="#h-H\d+">H\d+<\/a>/);
    expect(page).toContain('action="/ke-hoach/duyet/I1/don-vi"');
    expect(page).toContain('action="/ke-hoach/duyet/I1/cong-bo"');
    expect(page).toContain('Mã kế hoạch khi công bố: ha-giang-2027-tuyen-truyen-chuyen-doi');
    const [line] = await audited('plan-upload');
    expect(line).toMatchObject({ actor: { id: 'telegram:1001', chat: 'web:telegram:1001' }, subject: 'I1', detail: { file: 'ke-hoach-cds.txt', plan: 'ha-giang-2027-tuyen-truyen-chuyen-doi', deadlines: 4, slogans: 1 } });
  });

  it('reads a .md plan (its emphasis does not hide a quote) and a .docx plan', async () => {
    const { upload, get, signIn, draft } = await setUp();
    const admin = await signIn();
    const md = planText('Tuyên truyền chuyển đổi số năm 2027').replace('trước ngày 30/11/2027', '**trước ngày   30/11/2027**');
    expect((await upload('ke-hoach.md', md, admin, 'text/markdown')).headers.get('location')).toBe('/ke-hoach/duyet/I1?ok=tai-len');
    const page = await (await get('/ke-hoach/duyet/I1', admin.cookie)).text();
    expect(page).toMatch(/<mark id="q-1">trước ngày {3}30\/11\/2027<\/mark>/);

    const lines = planText('Tuyên truyền công tác dân vận khéo năm 2027').split('\n');
    const docx = await Packer.toBuffer(new Document({ sections: [{ children: lines.map((l) => new Paragraph(l)) }] }));
    const res = await upload('ke-hoach.docx', new Uint8Array(docx), admin, 'application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    expect(res.headers.get('location')).toBe('/ke-hoach/duyet/I2?ok=tai-len');
    expect((await draft('I2'))!.plan.title).toBe('Tuyên truyền công tác dân vận khéo năm 2027');
    const docxPage = await (await get('/ke-hoach/duyet/I2', admin.cookie)).text();
    expect(docxPage).toContain('<mark id="q-1">trước ngày 30/11/2027</mark>');
    expect(docxPage).toContain('Chuyển đổi số vì nhân dân phục vụ');
  });

  it('refuses no file, an empty file, a wrong type, a name without extension, a file too large and a body too large, storing nothing', async () => {
    const { upload, signIn, h, audited } = await setUp();
    const admin = await signIn();
    const cases: Array<[string, string | Uint8Array, number, RegExp]> = [
      ['', '', 400, /Hãy chọn tệp kế hoạch/],
      ['trong.txt', '', 400, /Không nhập được tệp “trong.txt”: Tệp trống/],
      ['ke-hoach.pdf', '%PDF-1.4', 400, /Không nhập được tệp “ke-hoach.pdf”: Tệp ke-hoach.pdf không phải tệp PDF hợp lệ/],
      ['ke-hoach.odt', 'xx', 400, /Chưa đọc được định dạng &quot;.odt&quot;[^<]*dùng .docx, .pdf, .txt hoặc .md/],
      ['ke-hoach.doc', 'xx', 400, /tệp Word cũ \(.doc\)/],
      ['ke-hoach', planText(), 400, /không có đuôi/],
      ['thu.txt', 'Hẹn gặp lại nhé!', 400, /Tệp không có kế hoạch/],
      ['lon.txt', new Uint8Array(MAX_IMPORT_BYTES + 1), 413, /Tệp lon.txt quá lớn \(6 MB, tối đa 5 MB\)/],
      ['rat-lon.txt', new Uint8Array(MAX_IMPORT_BYTES + 200 * 1024), 413, /Tệp gửi lên quá lớn/],
    ];
    for (const [name, data, status, message] of cases) {
      const res = await upload(name, data, admin);
      expect(res.status, name).toBe(status);
      expect(await res.text(), name).toMatch(message);
    }
    expect(await h.stores.content.stagedPlans()).toEqual([]);
    expect(await audited('plan-upload')).toEqual([]);
  });

  it('the same file twice waits once; a plan Loa already has is refused', async () => {
    const { upload, signIn, h } = await setUp();
    const admin = await signIn();
    await upload('a.txt', planText(), admin);
    expect(await (await upload('b.txt', planText(), admin)).text()).toMatch(/đang chờ công bố \(mã I1\)/);
    const bacGiang = await h.stores.content.planText('bac-giang-2023');
    expect(await (await upload('bac-giang.txt', bacGiang!, admin)).text()).toMatch(/Kế hoạch này đã có \(mã bac-giang-2023\)/);
    expect((await h.stores.content.stagedPlans()).map((s) => s.code)).toEqual(['I1']);
  });

  it('shows hostile file names and plan texts as text', async () => {
    const { upload, get, signIn } = await setUp();
    const admin = await signIn();
    const refused = await (await upload(`${HOSTILE}.pdf`, 'x', admin)).text();
    expect(refused).not.toContain('<script>alert');
    expect(refused).not.toContain('<img src=x');
    const text = planText(`Tuyên truyền ${HOSTILE} năm 2027`, `\n5. Thanh tra Sở rà soát ${HOSTILE}, hoàn thành trước ngày 10/10/2027.`).replace('Chuyển đổi số vì nhân dân phục vụ', `Khẩu hiệu ${HOSTILE}`);
    expect((await upload(`../../${HOSTILE}.txt`, text, admin)).status).toBe(303);
    const page = await (await get('/ke-hoach/duyet/I1', admin.cookie)).text();
    expect(page).not.toContain('<script>alert');
    expect(page).not.toContain('<img src=x');
    expect(page).toContain('&lt;script&gt;alert(1)&lt;/script&gt;&quot;&gt;&lt;img src=x onerror=alert(2)&gt;');
    expect(page).toContain('Khẩu hiệu &lt;script&gt;');
  });

  it('refuses a POST without the CSRF token and a viewer’s POST; a viewer sees the review without any form', async () => {
    const { upload, get, post, signIn, h } = await setUp();
    const admin = await signIn();
    expect((await upload('a.txt', planText(), { cookie: admin.cookie })).status).toBe(403);
    expect(await h.stores.content.stagedPlans()).toEqual([]);
    await upload('a.txt', planText(), admin);
    const viewer = await signIn({ id: '3003', name: 'Phó Giám đốc Sở' });
    expect((await upload('b.txt', planText('Tuyên truyền khác năm 2027'), viewer)).status).toBe(403);
    for (const path of ['/ke-hoach/duyet/I1/cong-bo', '/ke-hoach/duyet/I1/bo', '/ke-hoach/duyet/I1/tieu-de', '/ke-hoach/duyet/I1/khau-hieu/them']) {
      expect((await post(path, { csrf: viewer.csrf, title: 'x', slogan: 'y' }, viewer.cookie)).status, path).toBe(403);
      expect((await post(path, { title: 'x', slogan: 'y' }, admin.cookie)).status, path).toBe(403);
    }
    expect((await h.stores.content.stagedPlans()).map((s) => s.code)).toEqual(['I1']);
    const page = await (await get('/ke-hoach/duyet/I1', viewer.cookie)).text();
    expect(page).toContain('<mark id="q-1">');
    expect(page).not.toContain('<form method="post" action="/ke-hoach/duyet');
    expect(page).not.toContain('action="/ke-hoach/duyet/I1/');
    expect(await (await get('/ke-hoach/tai-len', viewer.cookie)).text()).not.toContain('type="file"');
    expect((await get('/ke-hoach/duyet/I1', undefined)).headers.get('location')).toBe('/dang-nhap');
    expect((await get('/ke-hoach/tai-len', undefined)).headers.get('location')).toBe('/dang-nhap');
  });

  it('discards a staged plan (audited); an unknown or discarded code is a 404 page', async () => {
    const { upload, get, post, signIn, h, audited } = await setUp();
    const admin = await signIn();
    await upload('a.txt', planText(), admin);
    const res = await post('/ke-hoach/duyet/I1/bo', { csrf: admin.csrf }, admin.cookie);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/ke-hoach');
    expect(await h.stores.content.stagedPlans()).toEqual([]);
    expect((await audited('discard-plan'))[0]).toMatchObject({ subject: 'I1', detail: { title: 'Tuyên truyền chuyển đổi số năm 2027' } });
    for (const path of ['/ke-hoach/duyet/I1', '/ke-hoach/duyet/I99', `/ke-hoach/duyet/${encodeURIComponent(HOSTILE)}`]) {
      const page = await get(path, admin.cookie);
      expect(page.status, path).toBe(404);
      expect(await page.text()).not.toContain('<script>alert');
    }
    expect((await post('/ke-hoach/duyet/I1/bo', { csrf: admin.csrf }, admin.cookie)).status).toBe(404);
    expect(await audited('discard-plan')).toHaveLength(1);
  });

  it('a plan sent in chat (no draft yet) is read again for its review page, and the reading kept as its draft', async () => {
    const { get, signIn, imports, draft } = await setUp();
    const admin = await signIn();
    const staged = await imports.prepare('chat.txt', Buffer.from(planText()));
    expect(await draft(staged.code)).toBeUndefined();
    const page = await (await get(`/ke-hoach/duyet/${staged.code}`, admin.cookie)).text();
    expect(page).toContain('<mark id="q-1">trước ngày 30/11/2027</mark>');
    expect((await draft(staged.code))?.plan.title).toBe('Tuyên truyền chuyển đổi số năm 2027');
  });
});
