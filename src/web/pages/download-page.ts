/** The page a one-time download link opens: what the file is and a button that downloads it once. */
import { html } from 'hono/html';
import { page, type Html } from '../layout.js';

export function downloadPage(org: string, action: string, name: string): Html {
  return page({
    title: 'Tải tệp',
    org,
    body: html`<h1>Tải tệp từ Loa</h1>
<p>Tệp: <strong>${name}</strong></p>
<div class="notice"><p>Đường dẫn này chỉ dùng được <strong>một lần</strong>, trong 24 giờ kể từ khi Loa gửi. Bấm nút dưới đây để tải tệp về máy.</p></div>
<form method="post" action="${action}"><button type="submit">⬇️ Tải tệp về</button></form>`,
  });
}

export function downloadRefused(org: string): Html {
  return page({
    title: 'Đường dẫn không còn hiệu lực',
    org,
    body: html`<h1>Đường dẫn tải tệp không còn hiệu lực</h1>
<div class="error"><p>Đường dẫn này đã được dùng, đã quá 24 giờ hoặc không đúng. Hãy gõ lại lệnh (ví dụ <code>/tiendo H8</code> hoặc <code>/tonghop H8</code>) trong tin nhắn riêng với Loa để nhận đường dẫn mới, hoặc tải trên bảng điều khiển web.</p></div>`,
  });
}
