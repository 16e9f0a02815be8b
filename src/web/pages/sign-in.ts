/** Pages for people not signed in: how to get a link, and a link that does not work (any more). */
import { html } from 'hono/html';
import { page, type Html } from '../layout.js';

const HOW = html`<ol>
  <li>Mở cuộc trò chuyện <strong>riêng</strong> với Loa trên Telegram hoặc Zalo.</li>
  <li>Gõ <code>/web</code> (hoặc <code>/quanly</code>).</li>
  <li>Bấm vào đường dẫn Loa gửi lại trong vòng 10 phút. Mỗi đường dẫn chỉ dùng được một lần.</li>
</ol>
<p class="muted">Chỉ quản trị viên và lãnh đạo được Văn phòng Sở cấp quyền mới nhận được đường dẫn.</p>`;

/** `/dang-nhap` without a link, and where a signed-out visitor is sent. */
export function signInHelp(org: string): Html {
  return page({
    title: 'Đăng nhập',
    org,
    body: html`<h1>Đăng nhập bảng điều khiển</h1>
      <div class="notice"><p>Bảng điều khiển không dùng mật khẩu. Để đăng nhập:</p>${HOW}</div>`,
  });
}

/** A link reused, expired or unknown (403). */
export function linkRefused(org: string): Html {
  return page({
    title: 'Đường dẫn không còn hiệu lực',
    org,
    body: html`<h1>Đường dẫn đăng nhập không còn hiệu lực</h1>
      <div class="error"><p>Đường dẫn này đã được dùng, đã quá 10 phút hoặc không đúng. Hãy lấy đường dẫn mới:</p>${HOW}</div>`,
  });
}

/** Too many sign-in attempts from one address (429). */
export function tooManyAttempts(org: string): Html {
  return page({
    title: 'Thử lại sau',
    org,
    body: html`<h1>Quá nhiều lần đăng nhập</h1><div class="error"><p>Có quá nhiều lần thử đăng nhập từ địa chỉ này. Vui lòng đợi một phút rồi thử lại.</p></div>`,
  });
}

/** A page or action that is not there (404), or not allowed (403). */
export function plainMessage(org: string, title: string, text: string): Html {
  return page({ title, org, body: html`<h1>${title}</h1><div class="error"><p>${text}</p></div><p><a href="/">Về trang chính</a></p>` });
}
