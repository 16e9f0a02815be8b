/**
 * Set-up of the plan review and edit tests: the web app over a harness (sample data, fresh
 * store), signing in through `/web` in chat, form posts with the session's cookie and CSRF
 * token, a multipart upload, and a plan text the sample data does not have.
 */
import { readDraft, type PlanDraft } from '../src/importer/draft.js';
import type { StoreFactory } from './stores.js';
import { BASE, webSession } from './web-session.js';

export { BASE, HOSTILE, VIEWER, type Form } from './web-session.js';

/** A plan from another province (new to Loa): a report to a body outside the org, a deadline with no unit, a quarterly report, a slogan. */
export function planText(title = 'Tuyên truyền chuyển đổi số năm 2027', extra = ''): string {
  return `SỞ KHOA HỌC VÀ CÔNG NGHỆ
Số: 15/KH-SKHCN
Hà Giang, ngày 05 tháng 01 năm 2027

KẾ HOẠCH
${title}

Sở Khoa học và Công nghệ xây dựng kế hoạch tuyên truyền chuyển đổi số như sau:

I. NỘI DUNG
1. Văn phòng Sở tổng hợp báo cáo gửi về Ban Dân vận Tỉnh ủy trước ngày 30/11/2027.
2. Thanh tra Sở kiểm tra việc thực hiện, hoàn thành trước ngày 15/06/2027.
3. Các phòng, đơn vị thuộc Sở báo cáo kết quả hằng quý.
4. Tổ chức hội nghị tổng kết, hoàn thành trước ngày 20/12/2027.${extra}

II. KHẨU HIỆU
"Chuyển đổi số vì nhân dân phục vụ"

KT. GIÁM ĐỐC
PHÓ GIÁM ĐỐC
Nguyễn Văn An
`;
}

export async function setUp(now = '2027-01-10T09:00:00+07:00', store?: StoreFactory) {
  const { h, app, imports, get, post, signIn } = await webSession(now, store ? { store } : {});
  const upload = (name: string, data: string | Uint8Array, session: { cookie: string; csrf?: string }, type = 'text/plain') => {
    const form = new FormData();
    if (session.csrf !== undefined) form.set('csrf', session.csrf);
    form.set('file', new File([data], name, { type }));
    return app.request('/ke-hoach/tai-len', { method: 'POST', body: form, headers: { origin: BASE, cookie: session.cookie } });
  };
  /** The draft kept with a staged plan. */
  const draft = async (code: string): Promise<PlanDraft | undefined> => readDraft((await h.stores.content.stagedPlan(code))?.draft);
  /** The audit lines of one action, oldest first. */
  const audited = async (action: string) => (await h.stores.audit.recent(200)).filter((e) => e.action === action).reverse();
  return { h, app, imports, get, post, upload, signIn, draft, audited };
}

/** The card of one deadline on a plan page. */
export const cardOf = (page: string, id: string) => new RegExp(`<section class="card" id="h-${id}"[\\s\\S]*?</section>`).exec(page)?.[0] ?? '';
