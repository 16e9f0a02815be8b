/**
 * The plan forms, shared by the review page of a staged plan and the edit page of a published
 * one: title and period, each deadline (task, a day or a recurrence, units, report-to) with its
 * edit and remove forms, a new deadline, the slogans. Plain forms (no script): an edit form sits
 * in a `<details>`. Viewers see the plan without any form. Every value is escaped.
 */
import { html } from 'hono/html';
import { formatDay, relativeDays, type Day } from '../../core/dates.js';
import { describeRecurrence } from '../../core/occurrences.js';
import type { Org } from '../../core/org.js';
import { formatPeriod, planPeriod } from '../../core/period.js';
import type { Plan, PlanDeadline } from '../../core/plans.js';
import { truncate } from '../../core/text.js';
import { dayValue, REPEATS, repeatValue } from '../plan-fields.js';
import { csrfField, type Html, type Viewer } from '../layout.js';

/** Orgs with at most this many units get a checkbox per unit; larger ones type codes or names. */
export const CHECKBOX_UNITS = 40;

export interface PlanFormsView {
  /** Where the forms post: `/ke-hoach/duyet/I1` or `/ke-hoach/<id>/sua`. */
  base: string;
  /** The plan as its JSON says (`period` absent: derived). */
  plan: Plan;
  org: Org;
  viewer: Viewer;
  today: Day;
  /** The review page: each deadline's mark in the source text. */
  markOf?: Map<string, string> | undefined;
}

const isAdmin = (v: PlanFormsView) => v.viewer.role === 'admin';

/** "Văn phòng Sở (VP), Thanh tra Sở (TTRA)"; "tất cả đơn vị (10)". */
export function unitNames(org: Org, codes: readonly string[]): string {
  if (codes.length === 0) return 'không giao đơn vị nào';
  if (codes.length === org.units.length && codes.length > 1) return `tất cả đơn vị (${codes.length})`;
  const names = codes.slice(0, 12).map((c) => {
    const u = org.units.find((x) => x.code === c);
    return u ? `${u.name} (${c})` : `“${c}” (chưa rõ đơn vị)`;
  });
  return codes.length > 12 ? `${names.join(', ')} và ${codes.length - 12} đơn vị khác` : names.join(', ');
}

/** "30/11/2027 (quá hạn 3 ngày)" or "hằng quý (cuối quý)". */
export function timeText(d: Pick<PlanDeadline, 'due' | 'recurrence'>, today: Day): string {
  if (d.due) return `${formatDay(d.due)} (${relativeDays(today, d.due)})`;
  return d.recurrence ? describeRecurrence(d.recurrence) : 'chưa có thời hạn';
}

/** The title and period form (or, for a viewer, the period as text). */
export function titleSection(v: PlanFormsView): Html {
  const { plan } = v;
  const period = planPeriod(plan);
  const shown = period ? formatPeriod(period) : 'không giới hạn';
  const stated = plan.period ?? undefined;
  const form = isAdmin(v)
    ? html`<details><summary>Sửa tên và thời gian thực hiện</summary>
<form class="stack" method="post" action="${v.base}/tieu-de">${csrfField(v.viewer.csrf)}
<label>Tên kế hoạch <input name="title" required maxlength="300" value="${plan.title}"></label>
<label>Từ ngày <input name="from" placeholder="dd/mm/yyyy" maxlength="10" value="${stated ? formatDay(stated.from) : ''}"></label>
<label>Đến ngày <input name="to" placeholder="dd/mm/yyyy" maxlength="10" value="${stated ? formatDay(stated.to) : ''}"></label>
<p class="muted">Để trống cả hai ngày: Loa tự suy ra thời gian từ tên kế hoạch và các hạn.</p>
<button type="submit">Lưu tên và thời gian</button></form></details>`
    : '';
  return html`<section class="card" id="tieu-de"><h2>${plan.title}</h2>
<p class="muted">Thời gian thực hiện: ${shown}${plan.period === undefined ? ' (tự suy ra)' : ''}</p>${form}</section>`;
}

function unitChoices(v: PlanFormsView, d: Pick<PlanDeadline, 'assignees'> | undefined): Html {
  const { org } = v;
  const chosen = new Set(d?.assignees ?? []);
  if (org.units.length > CHECKBOX_UNITS) {
    return html`<label>Đơn vị thực hiện (mã, tên hoặc nhóm, cách nhau bằng dấu phẩy)
<input name="unitsText" list="don-vi" value="${(d?.assignees ?? []).join(', ')}"></label>`;
  }
  const boxes = org.units.map((u) => html`<label><input type="checkbox" name="units" value="${u.code}"${chosen.has(u.code) ? html` checked` : ''}> ${u.name} (${u.code})</label>`);
  return html`<fieldset class="units"><legend>Đơn vị thực hiện</legend>${boxes}</fieldset>
<label>Hoặc gõ thêm mã, tên hay nhóm đơn vị (ví dụ: tất cả đơn vị) <input name="unitsText" list="don-vi"></label>`;
}

/** The fields of a deadline, empty for a new one. */
function deadlineFields(v: PlanFormsView, d: PlanDeadline | undefined): Html {
  const repeat = d ? repeatValue(d.recurrence) : '';
  const day = dayValue(d?.recurrence ?? null);
  const options = REPEATS.map((r) => html`<option value="${r.value}"${r.value === repeat ? html` selected` : ''}>${r.label}</option>`);
  return html`<label>Nội dung công việc <textarea name="task" required maxlength="500" rows="3">${d?.task ?? ''}</textarea></label>
<label>Kiểu thời hạn <select name="repeat">${options}</select></label>
<label>Ngày hạn (khi “Một lần”) <input name="due" placeholder="dd/mm/yyyy" maxlength="10" value="${d?.due ? formatDay(d.due) : ''}"></label>
<label>Ngày trong năm (khi “Hằng năm, vào ngày…”: dd/mm) hoặc trong kỳ (hằng tháng: 25; hằng quý: 15/3 là ngày 15 tháng cuối quý; 6 tháng: 15/6; để trống là cuối kỳ) <input name="day" placeholder="dd/mm" maxlength="5" value="${day}"></label>
${v.plan.reference ? html`<p class="muted">Kế hoạch tham khảo: không giao hạn cho đơn vị nào.</p>` : unitChoices(v, d)}
<label>Nơi nhận báo cáo (mã hoặc tên đơn vị; cơ quan ngoài Sở thì gõ tên) <input name="reportTo" list="don-vi" maxlength="150" value="${d?.reportTo ?? ''}"></label>`;
}

/** How sure the importer was of a deadline: "cần xem lại" stands out; nothing for one curated or entered by hand. */
function confidenceTag(d: PlanDeadline): Html | string {
  if (!d.confidence) return '';
  return d.confidence === 'cần xem lại' ? html` · <span class="tag warn">Cần xem lại</span>` : html` · <span class="muted">Chắc chắn</span>`;
}

/** One deadline as a card, with its edit and remove forms for an admin. */
function deadlineCard(v: PlanFormsView, d: PlanDeadline): Html {
  const path = `${v.base}/han/${encodeURIComponent(d.id)}`;
  const mark = v.markOf?.get(d.id);
  const where = !v.markOf ? '' : mark ? html` · <a href="#${mark}">Xem trong văn bản</a>` : d.quote ? html` · <span class="muted">không thấy trong văn bản</span>` : html` · <span class="muted">thêm tay</span>`;
  const report = d.reportTo ? html`<div class="muted">Báo cáo về: ${v.org.units.find((u) => u.code === d.reportTo)?.name ?? html`“${d.reportTo}” (chưa rõ đơn vị)`}</div>` : '';
  const forms = isAdmin(v)
    ? html`<details><summary>Sửa hạn ${d.id}</summary><form class="stack" method="post" action="${path}/sua">${csrfField(v.viewer.csrf)}${deadlineFields(v, d)}
<button type="submit">Lưu hạn ${d.id}</button></form></details>
<details><summary>Xóa hạn ${d.id}</summary><form class="inline" method="post" action="${path}/xoa">${csrfField(v.viewer.csrf)}
<p class="muted">Hạn ${d.id} sẽ bị bỏ khỏi kế hoạch; các xác nhận đã ghi (nếu có) vẫn còn trong lịch sử.</p><button type="submit">Xác nhận xóa hạn ${d.id}</button></form></details>`
    : '';
  return html`<section class="card" id="h-${d.id}" data-deadline="${d.id}">
<div><span class="tag">${d.id}</span> <strong>${timeText(d, v.today)}</strong>${where}${confidenceTag(d)}</div>
<p>${truncate(d.task, 600)}</p>
<div class="muted">Đơn vị: ${unitNames(v.org, d.assignees)}</div>${report}
${forms}</section>`;
}

/** The deadlines, each with its forms, and the form of a new one. */
export function deadlinesSection(v: PlanFormsView): Html {
  const add = isAdmin(v)
    ? html`<details class="card"><summary>Thêm hạn</summary><form class="stack" method="post" action="${v.base}/han/them">${csrfField(v.viewer.csrf)}${deadlineFields(v, undefined)}
<button type="submit">Thêm hạn</button></form></details>`
    : '';
  const list = v.plan.deadlines.length ? v.plan.deadlines.map((d) => deadlineCard(v, d)) : html`<p class="muted">Chưa có hạn nào.</p>`;
  return html`<h2 id="thoi-han">Thời hạn (${v.plan.deadlines.length})</h2>${list}${add}`;
}

/** The slogans, each with its edit and remove forms, and the form of a new one. */
export function slogansSection(v: PlanFormsView): Html {
  const admin = isAdmin(v);
  const items = v.plan.slogans.map((s, i) => {
    const path = `${v.base}/khau-hieu/${i + 1}`;
    const was = html`<input type="hidden" name="was" value="${s}">`;
    const forms = admin
      ? html`<details><summary>Sửa hoặc xóa</summary><form class="stack" method="post" action="${path}/sua">${csrfField(v.viewer.csrf)}${was}
<label>Khẩu hiệu <input name="slogan" required maxlength="300" value="${s}"></label><button type="submit">Lưu khẩu hiệu</button></form>
<form class="inline" method="post" action="${path}/xoa">${csrfField(v.viewer.csrf)}${was}<button type="submit">Xóa khẩu hiệu này</button></form></details>`
      : '';
    return html`<li>“${s}”${forms}</li>`;
  });
  const add = admin
    ? html`<form class="filters" method="post" action="${v.base}/khau-hieu/them">${csrfField(v.viewer.csrf)}
<label>Khẩu hiệu mới <input name="slogan" required maxlength="300"></label><button type="submit">Thêm khẩu hiệu</button></form>`
    : '';
  return html`<section class="card" id="khau-hieu"><h2>Khẩu hiệu (${v.plan.slogans.length})</h2>
${items.length ? html`<ol class="slogans">${items}</ol>` : html`<p class="muted">Chưa có khẩu hiệu nào.</p>`}${add}</section>`;
}

/** The units to pick from while typing (a `<datalist>`, no script). */
export function unitList(org: Org): Html {
  return html`<datalist id="don-vi">${org.units.map((u) => html`<option value="${u.code}">${u.name}</option>`)}</datalist>`;
}
