#!/usr/bin/env node
/**
 * `loa` / `npm run cli -- <command>`: start the bot, open the console chat, or print data.
 *   start [--as MÃ]          the bot (console chat when no platform is configured)
 *   console [--as MÃ]        the console chat
 *   deadlines [--json] [--from YYYY-MM-DD] [--to YYYY-MM-DD]
 *   plans [--json]
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { z } from 'zod';
import { ConfigError, loadConfig } from './config.js';
import { ContentError } from './core/content.js';
import { addDays, dayOf, formatDay, formatPartialDate, partialDateStart, type Day } from './core/dates.js';
import { loadContent } from './content-files.js';
import { runConsole, start, StartError } from './main.js';
import { StoreError } from './store/errors.js';
import { TelegramStartError } from './channels/telegram/adapter.js';
import { ZaloStartError } from './channels/zalo/client.js';
import { ScheduleError } from './scheduler/timer.js';
import { catalogOf } from './core/catalog.js';
import { parseInstant } from './core/clock.js';
import { planAt, queueReminders, reachableChats } from './scheduler/jobs.js';
import { clockFor, deliveryChannels, openAll } from './open.js';
import { ImportError, savePlan } from './importer/files.js';
import { runInWorker } from './importer/worker.js';
import { phraseList, unitOf, unmappedAssignees } from './importer/unmapped.js';
import { createLogger } from './logger.js';
import { chatKey, parseChatKeys } from './core/types.js';
import { allOccurrences } from './core/occurrences.js';
import { runStoreCommand, STORE_HELP } from './store/copy-command.js';
import { readStoreContent } from './store/read-content.js';

const HELP = `Loa — trợ lý công tác dân vận

Cách dùng: loa <lệnh> [tùy chọn]   (hoặc: npm run cli -- <lệnh> ...)

  start [--as MÃ]        chạy bot (mở chat console khi chưa cấu hình nền tảng nào)
  console [--as MÃ]      mở chat console; --as: nói với tư cách nhóm chat của đơn vị MÃ
  deadlines [--json]     mọi kỳ hạn (mã, ngày, đơn vị, kế hoạch); --from/--to YYYY-MM-DD
  plans [--json]         các kế hoạch
  import TỆP [--json] [--id MÃ]
                         nhập kế hoạch (.txt, .md, .docx, .pdf) thành data/plans/MÃ.json;
                         kế hoạch đã có (cùng số, cơ quan, tiêu đề) được thay thế, giữ mã;
                         cùng nội dung thì không lưu lại; --json: chỉ in JSON, không ghi gì
${STORE_HELP}  remind --at THỜI_ĐIỂM [--dry-run | --send]
                         các lời nhắc đến hạn tại thời điểm ISO (vd 2023-09-22T08:00:00+07:00),
                         in ra dạng JSON từng dòng; --send ghi chúng vào hàng đợi gửi (outbox)
  help                   trợ giúp này
`;

const COMMANDS = ['start', 'console', 'deadlines', 'plans', 'import', 'remind', 'store', 'help', '--help', '-h'];

/** A command line Loa cannot run: the message is printed with the help. */
class UsageError extends Error {
  override name = 'UsageError';
}

/**
 * node's parseArgs, with its English errors (ERR_PARSE_ARGS_*) turned into Vietnamese ones that
 * name the option and are printed with the help.
 */
function parseCommandLine<T extends ParseArgsConfig>(command: string, config: T): ReturnType<typeof parseArgs<T>> {
  try {
    return parseArgs(config);
  } catch (error) {
    const code = (error as { code?: string }).code ?? '';
    const quoted = /'([^']*)'/.exec((error as Error).message)?.[1] ?? '';
    const option = quoted.split(' ')[0] ?? '';
    if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') throw new UsageError(`Tùy chọn không hợp lệ: ${option}`);
    if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
      throw new UsageError(/does not take an argument/.test((error as Error).message) ? `Tùy chọn ${option} không nhận giá trị` : `Tùy chọn ${option} cần một giá trị`);
    }
    if (code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') throw new UsageError(`Lệnh ${command} không nhận thêm tham số: ${quoted}`);
    if (code.startsWith('ERR_PARSE_ARGS')) throw new UsageError('Dòng lệnh không hợp lệ');
    throw error;
  }
}

async function main(argv: string[]): Promise<number> {
  const [command = 'start', ...rest] = argv;
  if (!COMMANDS.includes(command)) {
    process.stderr.write(`Lệnh không hợp lệ: ${command}\n\n${HELP}`);
    return 2;
  }
  if (command === 'import') return runImport(rest);
  if (command === 'store') {
    const config = loadConfig();
    return runStoreCommand(rest, { clock: clockFor(config), dataDir: config.dataDir, filesDir: config.filesDir, write: (t) => process.stdout.write(t), writeError: (t) => process.stderr.write(t) });
  }
  const { values } = parseCommandLine(command, {
    args: rest,
    options: {
      as: { type: 'string' },
      json: { type: 'boolean', default: false },
      from: { type: 'string' },
      to: { type: 'string' },
      at: { type: 'string' },
      'dry-run': { type: 'boolean', default: false },
      send: { type: 'boolean', default: false },
    },
    allowPositionals: false,
    strict: true,
  });
  if (command === 'help' || command === '--help' || command === '-h') {
    process.stdout.write(HELP);
    return 0;
  }
  const config = loadConfig();
  const consoleRun = { as: values.as, input: process.stdin, output: process.stdout, interactive: Boolean(process.stdin.isTTY) };
  switch (command) {
    case 'start':
      await start(config, consoleRun);
      return 0;
    case 'console':
      await runConsole(config, consoleRun);
      return 0;
    case 'deadlines': {
      const content = await loadContent(config.dataDir);
      const today = dayOf(clockFor(config).now(), content.org.timezone);
      // Default window: from the earliest dated thing in the plans to a year ahead.
      const earliest = content.deadlines
        .map((d) => d.due ?? partialDateStart(d.plan.issued))
        .filter((d): d is Day => d !== undefined)
        .sort()[0];
      const from = checkDay('--from', values.from) ?? earliest ?? `${Number(today.slice(0, 4)) - 1}-01-01`;
      const to = checkDay('--to', values.to) ?? addDays(today, 366);
      const rows = content.deadlines.flatMap((d) =>
        allOccurrences(d, from, to).map((due) => ({
          id: d.id,
          due,
          recurring: d.recurrence !== null,
          task: d.task,
          units: d.assignees,
          reportTo: d.reportTo,
          plan: d.plan.id,
        })),
      );
      rows.sort((a, b) => a.due.localeCompare(b.due) || a.id.localeCompare(b.id));
      if (values.json) process.stdout.write(JSON.stringify(rows, null, 2) + '\n');
      else for (const r of rows) process.stdout.write(`${r.id}\t${formatDay(r.due)}\t${r.units.join(',')}\t${r.plan}\t${r.task}\n`);
      return 0;
    }
    case 'plans': {
      const content = await loadContent(config.dataDir);
      if (values.json) process.stdout.write(JSON.stringify(content.plans, null, 2) + '\n');
      else for (const p of content.plans) process.stdout.write(`${p.id}\t${formatPartialDate(p.issued)}\t${p.deadlines.length} hạn\t${p.slogans.length} khẩu hiệu\t${p.title}\n`);
      return 0;
    }
    case 'remind': {
      const at = values.at ? parseInstant(values.at) : undefined;
      if (!at) throw new ConfigError('remind: cần --at THỜI_ĐIỂM dạng ISO có múi giờ, ví dụ 2023-09-22T08:00:00+07:00');
      if (values.send === values['dry-run']) throw new ConfigError('remind: chọn đúng một trong --dry-run hoặc --send');
      // A dry run only reads; --send writes and so needs the file to itself.
      const { content, stores } = await openAll(config, values.send);
      const adminChats = parseChatKeys(config.adminIds);
      const deps = {
        content,
        stores,
        catalog: async () => catalogOf(content, await stores.announcements.announcements()),
        adminChats,
        logger: createLogger(config.logLevel ?? 'warn'),
        channels: deliveryChannels(config),
      };
      const [steps, reachable] = await Promise.all([planAt(deps, at), reachableChats(deps)]);
      for (const step of steps) {
        if (step.action !== 'send') continue;
        const chats = step.kind === 'escalate' ? [] : (reachable.get(step.unit) ?? []).map(chatKey);
        process.stdout.write(
          JSON.stringify({
            deadline: step.deadline.id,
            due: step.occurrence,
            daysLeft: step.daysLeft,
            unit: step.unit,
            chat: step.kind === 'escalate' ? 'office' : chats[0] ?? null,
            ...(chats.length > 1 ? { chats } : {}),
            step: step.step,
            ...(step.kind === 'remind' ? { received: step.received } : { missing: step.missing.map((m) => m.unit) }),
          }) + '\n',
        );
      }
      if (values.send) {
        const r = await queueReminders(deps, at, steps);
        process.stderr.write(`Đã ghi ${r.sent} lời nhắc vào hàng đợi (${r.skipped} bỏ qua vì quá cũ, ${r.noChat} đơn vị chưa có nhóm chat). ${config.database ? 'Các bản Loa đang chạy trên cơ sở dữ liệu này gửi ngay; nếu chưa bản nào chạy, bản đầu tiên khởi động sẽ gửi.' : 'Bot sẽ gửi khi khởi động.'}\n`);
        await stores.close();
      }
      return 0;
    }
    default:
      process.stderr.write(`Lệnh không hợp lệ: ${command}\n\n${HELP}`);
      return 2;
  }
}

async function runImport(args: string[]): Promise<number> {
  const { values, positionals } = parseCommandLine('import', {
    args,
    options: { json: { type: 'boolean', default: false }, id: { type: 'string' } },
    allowPositionals: true,
    strict: true,
  });
  const file = positionals[0];
  if (!file || positionals.length > 1) throw new ConfigError('import: cần đúng một tệp: npm run cli -- import <tệp> [--json] [--id MÃ]');
  if (values.id !== undefined && !/^[a-z0-9][a-z0-9-]{0,63}$/.test(values.id)) {
    throw new ConfigError(`--id "${values.id}" không hợp lệ: chỉ dùng chữ thường không dấu, số và gạch nối, ví dụ --id bac-giang-2023`);
  }
  const config = loadConfig();
  // Against the plans Loa really has (its store, and the plan files it would add at the next start).
  const { content, texts, knows } = await readStoreContent(config, clockFor(config));
  // Read in a worker thread, within its time and memory limits, as a file sent in chat is.
  const outcome = await runInWorker({ source: { file }, dataDir: config.dataDir, org: content.org, plans: content.plans, id: values.id, texts });
  // Refusals (no plan in the file, the same plan unchanged) are ImportErrors: exit code 1.
  if (!outcome.ok) throw new ImportError(outcome.refusal);
  const { result, text, summary } = outcome;
  if (values.json) {
    process.stdout.write(JSON.stringify(result.plan, null, 2) + '\n');
    return 0;
  }
  // The data folder only seeds the store: a plan file of an id the store has (or deleted) is never read again.
  if (knows(result.plan.id)) {
    throw new ImportError(
      `Kế hoạch mã ${result.plan.id} đã có trong dữ liệu đang chạy của Loa: tệp lưu vào thư mục dữ liệu sẽ không thay được nó. ` +
        'Để thay, gửi tệp cho bot trong chat riêng (quản trị viên) hoặc tải lên trang quản lý; Loa nhận ra bản sửa và thay kế hoạch cũ.',
    );
  }
  // Nothing silently guessed: a unit phrase the org does not know is not saved as a unit.
  const unmapped = result.plan.reference ? [] : unmappedAssignees(result.plan.deadlines, unitOf(content.org));
  if (unmapped.length) {
    throw new ImportError(
      `${summary}\n\nChưa lưu: còn ${unmapped.length} cụm từ chưa gán đơn vị: ${phraseList(unmapped)}. ` +
        'Thêm cụm từ vào "aliases" của đơn vị đúng trong org.json rồi nhập lại, hoặc gửi tệp cho bot (/gan) hay tải lên trang quản lý để gán.',
    );
  }
  const saved = await savePlan(config.dataDir, result.plan, text);
  process.stdout.write(`${summary}\n\nĐã lưu: ${saved}. Khởi động lại bot để nạp kế hoạch mới.\n`);
  return 0;
}

function checkDay(flag: string, text: string | undefined): Day | undefined {
  if (text === undefined) return undefined;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) throw new ConfigError(`${flag} "${text}": cần ngày dạng YYYY-MM-DD`);
  return text;
}

// Messages of invalid data files (a hand-edited plan, the store) in Vietnamese.
z.config(z.locales.vi());

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof ConfigError || error instanceof ContentError || error instanceof StoreError || error instanceof StartError || error instanceof TelegramStartError || error instanceof ZaloStartError || error instanceof ScheduleError || error instanceof ImportError) {
      process.stderr.write(`Lỗi: ${error.message}\n`);
    } else if (error instanceof UsageError) {
      process.stderr.write(`Lỗi: ${error.message}\n\n${HELP}`);
    } else {
      process.stderr.write(
        'Lỗi không mong đợi: Loa đã dừng. Hãy chạy lại lệnh; nếu vẫn lỗi, gửi toàn bộ thông báo dưới đây cho người phụ trách kỹ thuật của Loa.\n\n' +
          `Chi tiết kỹ thuật: ${error instanceof Error ? error.stack : String(error)}\n`,
      );
    }
    process.exitCode = 1;
  },
);
