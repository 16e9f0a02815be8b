/**
 * What the plan pages say besides the plan: the message after a change (a fixed text chosen by a
 * key in the address, never text from the address itself) or the refusal of one, and the phrases
 * of the plan that name no unit, each with a form to say which unit it is or to create that unit.
 */
import { html } from 'hono/html';
import type { Org } from '../../core/org.js';
import { truncate } from '../../core/text.js';
import type { Changed } from '../plan-edit.js';
import { unitKinds } from '../plan-units.js';
import { csrfField, type Html, type Viewer } from '../layout.js';

const DONE: Readonly<Record<string, string>> = {
  'tai-len': 'Đã đọc tệp. Hãy đối chiếu kết quả với văn bản gốc, sửa nếu cần, rồi bấm “Công bố”.',
  title: 'Đã lưu tên và thời gian thực hiện.',
  'deadline-add': 'Đã thêm hạn.',
  'deadline-edit': 'Đã lưu hạn.',
  'deadline-remove': 'Đã xóa hạn.',
  'slogan-add': 'Đã thêm khẩu hiệu.',
  'slogan-edit': 'Đã lưu khẩu hiệu.',
  'slogan-remove': 'Đã xóa khẩu hiệu.',
  'map-unit': 'Đã gán đơn vị.',
  'form-tie': 'Đã lưu hạn nộp của mẫu đăng ký.',
  'unit-add': 'Đã tạo đơn vị mới và gán vào kế hoạch.',
  'cong-bo': 'Đã công bố kế hoạch: từ giờ chat (/deadline, /kehoach, /khauhieu) và lịch nhắc hạn dùng kế hoạch này.',
};

/** The address key of a change's message. */
export type DoneKey = Changed['what'] | 'tai-len' | 'unit-add' | 'cong-bo';

/** The message of a key from the address; nothing for an unknown key. */
export function doneText(key: string | undefined): string | undefined {
  return key !== undefined && Object.hasOwn(DONE, key) ? DONE[key] : undefined;
}

/** The box on top of a plan page: what was just done, or why a change was refused. */
export function flashBox(done: string | undefined, error: string | undefined): Html {
  if (error) return html`<div class="error" role="alert"><p>${error}</p><p class="muted">Không có gì bị thay đổi.</p></div>`;
  return done ? html`<div class="ok" role="status"><p>${done}</p></div>` : html``;
}

/** One phrase that names no unit, with the form that maps it and the one that creates its unit. */
function phraseCard(base: string, org: Org, viewer: Viewer, p: { phrase: string; deadlines: string[] }, i: number): Html {
  const where = html`ở ${p.deadlines.length > 1 ? 'các hạn' : 'hạn'} ${p.deadlines.map((id, k) => html`${k ? ', ' : ''}<a href="#h-${id}">${id}</a>`)}`;
  if (viewer.role !== 'admin') return html`<li>“${truncate(p.phrase, 150)}” — ${where}</li>`;
  const hidden = html`${csrfField(viewer.csrf)}<input type="hidden" name="phrase" value="${p.phrase}">`;
  const kinds = unitKinds(org).map((k) => html`<option value="${k.value}">${k.label}</option>`);
  return html`<li id="cum-tu-${i + 1}">“${truncate(p.phrase, 150)}” — ${where}
<form class="filters" method="post" action="${base}/don-vi">${hidden}
<label>Là đơn vị (mã hoặc tên) <input name="unit" list="don-vi" required maxlength="200"></label><button type="submit">Gán đơn vị</button></form>
<details><summary>Tạo đơn vị mới cho cụm từ này</summary><form class="stack" method="post" action="${base}/don-vi/them">${hidden}
<label>Mã đơn vị (chữ in hoa, không dấu) <input name="code" required maxlength="12" placeholder="VD: TTCDS"></label>
<label>Tên đơn vị <input name="name" maxlength="200" value="${truncate(p.phrase, 200)}"></label>
<label>Loại <select name="kind">${kinds}</select></label>
<button type="submit">Tạo đơn vị và gán</button></form></details></li>`;
}

/** The phrases of the plan that name no unit; nothing when there is none. */
export function phrasesSection(base: string, org: Org, viewer: Viewer, phrases: ReadonlyArray<{ phrase: string; deadlines: string[] }>): Html {
  if (!phrases.length) return html``;
  return html`<h3>Cụm từ chưa gắn với đơn vị nào (${phrases.length})</h3>
<p class="muted">Đơn vị thực hiện hay nơi nhận báo cáo mà Loa chưa nhận ra, giữ nguyên như văn bản viết. Đơn vị thực hiện cần gán (hoặc xóa hạn của nó) trước khi công bố; nơi nhận báo cáo là cơ quan ngoài Sở (ví dụ Ban Dân vận Tỉnh ủy) có thể để nguyên.</p>
<ul class="phrases">${phrases.map((p, i) => phraseCard(base, org, viewer, p, i))}</ul>`;
}
