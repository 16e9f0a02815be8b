/**
 * Several real Loa processes (replicas) on one PostgreSQL schema, reached through a TCP proxy the
 * test can cut, with Telegram webhooks posted by a round-robin balancer (as nginx would) that
 * tries the next replica when one refuses or does not answer (as Telegram retries a delivery).
 */
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, tempDir } from '../helpers.js';
import { TEST_DATABASE_URL } from '../pg.js';
import type { FakeBotApi } from './fake-bot-api.js';
import { httpPortOf, ready, startCli, type Running } from './run.js';
import type { TcpProxy } from './tcp-proxy.js';

export const SECRET = 'replica-webhook-secret-1';
export const ADMIN = { id: 1001, first_name: 'Chánh' };

/** Unit codes added to the seed org (so 1,000 confirmations are 1,000 different unit × deadline pairs). */
export const EXTRA_UNITS = Array.from({ length: 90 }, (_, i) => `U${String(i + 1).padStart(3, '0')}`);

/**
 * A data folder: the seed org with 90 more units and a slogan cron every 2 seconds (to watch
 * fires), and a plan with H900 (due 25/9/2023, every unit: the fan-out) and H901–H910 (due
 * 31/12/2023, every unit: the confirmations).
 */
export function clusterData(): string {
  const dir = join(tempDir(), 'data');
  cpSync(join(ROOT, 'data'), dir, { recursive: true });
  const orgFile = join(dir, 'org.json');
  const org = JSON.parse(readFileSync(orgFile, 'utf8')) as { units: Array<{ code: string }>; schedule: Record<string, unknown> };
  for (const code of EXTRA_UNITS) org.units.push({ code, name: `Đơn vị thử ${code}`, kind: 'phong', aliases: [] } as { code: string });
  org.schedule.sloganCron = '*/2 * * * * *';
  writeFileSync(orgFile, JSON.stringify(org, null, 2));
  const base = JSON.parse(readFileSync(join(dir, 'plans', 'bac-giang-2023.json'), 'utf8')) as Record<string, unknown>;
  const all = org.units.map((u) => u.code);
  const deadline = (id: string, due: string, task: string) => ({ id, task, due, recurrence: null, assignees: all, reportTo: null, section: 'I', quote: `trước ngày ${due}` });
  const plan = {
    ...base,
    id: 'nhan-ban-2023',
    number: '999/KH-SKHCN',
    title: 'Kế hoạch thử chạy nhiều bản Loa',
    deadlines: [deadline('H900', '2023-09-25', 'Báo cáo nhanh'), ...Array.from({ length: 10 }, (_, i) => deadline(`H${901 + i}`, '2023-12-31', `Việc thử số ${i + 1}`))],
    slogans: [],
    // Bắc Giang's registration form is tied to its H8, which this copy does not have.
    forms: [],
  };
  writeFileSync(join(dir, 'plans', 'nhan-ban-2023.json'), JSON.stringify(plan, null, 2));
  return dir;
}

/** The database URL of the schema, through the proxy. */
export function proxiedUrl(proxy: TcpProxy): string {
  const url = new URL(TEST_DATABASE_URL);
  url.host = `127.0.0.1:${proxy.port}`;
  return url.toString();
}

export interface Replica {
  run: Running;
  port: number;
  pid: number;
}

/** Starts one replica in webhook mode and waits until it serves. */
export async function startReplica(env: Record<string, string>): Promise<Replica> {
  const run = startCli(['start'], {
    TELEGRAM_WEBHOOK_URL: 'https://loa.example.invalid/telegram/webhook',
    TELEGRAM_WEBHOOK_SECRET: SECRET,
    HTTP_PORT: '0',
    HTTP_HOST: '127.0.0.1',
    ADMIN_IDS: `telegram:${ADMIN.id}`,
    TELEGRAM_CHAT_INTERVAL_MS: '0',
    LOG_LEVEL: 'info',
    ...env,
  });
  const port = await httpPortOf(run, 120_000);
  await ready(run);
  return { run, port, pid: run.pid! };
}

/**
 * Posts each update to the replicas in turn; a refusal (503), an error or a dead replica sends it
 * to the next one, until one answers 200. `acked` lists the update ids answered 200.
 */
export class Balancer {
  private next = 0;
  readonly acked: number[] = [];
  /** Answers other than 200, by status (0: the connection failed). */
  readonly refused = new Map<number, number>();
  private pending = new Set<Promise<unknown>>();

  constructor(public ports: number[]) {}

  attach(api: FakeBotApi): void {
    api.deliver = (update) => {
      const p = this.post(update).finally(() => this.pending.delete(p));
      this.pending.add(p);
    };
  }

  async post(update: Record<string, unknown>): Promise<number> {
    for (let attempt = 0; ; attempt++) {
      const port = this.ports[this.next++ % this.ports.length]!;
      let status = 0;
      try {
        const res = await fetch(`http://127.0.0.1:${port}/telegram/webhook`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': SECRET },
          body: JSON.stringify(update),
          signal: AbortSignal.timeout(30_000),
        });
        status = res.status;
        await res.arrayBuffer();
      } catch {
        status = 0;
      }
      if (status === 200) {
        this.acked.push(update.update_id as number);
        return port;
      }
      this.refused.set(status, (this.refused.get(status) ?? 0) + 1);
      // A replica that is gone: the balancer tries the next at once. A refusal (503): Telegram waits, longer each time.
      if (status !== 0) await new Promise((r) => setTimeout(r, Math.min(50 * 2 ** Math.min(attempt, 5), 1000)));
    }
  }

  /** Waits until every update handed over so far was answered 200. */
  async settled(): Promise<void> {
    while (this.pending.size) await Promise.all([...this.pending]);
  }
}
