/**
 * Tying a plan's registration form to the deadline that asks for it, or untying it, from the
 * review page of a staged plan or the edit page of a published one (the importer ties it when the
 * text says which deadline; the office settles the rest). A change of the plan's raw JSON, as
 * the other plan forms' changes (see plan-edit.ts), refused with a Vietnamese reason when stale
 * or wrong.
 */
import { EditRefused, type Raw } from '../core/content-editor.js';
import { truncate } from '../core/text.js';
import type { PlanChange } from './plan-edit.js';
import { values, type Form } from './plan-fields.js';

type RawForm = Record<string, unknown>;

/**
 * Ties form `n` (from 1, as the page listed it; `was`: its appendix then, so a stale page changes
 * nothing) to the deadline of the form's `deadline` field, or unties it when that is empty.
 */
export function formTie(form: Form, n: string): PlanChange {
  return (plan: Raw) => {
    const forms = Array.isArray(plan.forms) ? (plan.forms as RawForm[]) : [];
    const i = /^\d{1,3}$/.test(n) ? Number(n) - 1 : -1;
    const f = forms[i];
    if (!f || f.appendix !== (values(form, 'was')[0] ?? '')) throw new EditRefused('Mẫu đăng ký này đã thay đổi hoặc bị xóa trong lúc bạn sửa: tải lại trang rồi thử lại.');
    const id = (values(form, 'deadline')[0] ?? '').trim().toUpperCase();
    const deadlines = Array.isArray(plan.deadlines) ? (plan.deadlines as RawForm[]) : [];
    if (id && !deadlines.some((d) => d?.id === id)) throw new EditRefused(`Kế hoạch không có hạn ${truncate(id, 20)}: chọn một hạn trong danh sách.`);
    const other = id ? forms.find((x, k) => k !== i && x?.deadline === id) : undefined;
    if (other) throw new EditRefused(`Hạn ${id} đã có mẫu đăng ký ${String(other.appendix)}: mỗi hạn chỉ có một mẫu. Bỏ gắn mẫu đó trước.`);
    const before = f.deadline ?? null;
    f.deadline = id || null;
    return { what: 'form-tie', before: { appendix: f.appendix, deadline: before }, after: { appendix: f.appendix, deadline: f.deadline }, anchor: 'mau-dang-ky' };
  };
}
