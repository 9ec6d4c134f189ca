/**
 * The queue has one owner (main/core/sync/queue.ts): lint refuses a write of the outbox, a record's
 * sync_state or a payment's state anywhere else in main/, in Drizzle calls and in raw SQL alike,
 * and lets reads through. Pinned here so a loosened rule fails `npm test`, not only `npm run lint`.
 */
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint();
const restricted = async (code: string, filePath = 'main/core/services/probe.ts') =>
  (await eslint.lintText(code, { filePath }))[0]!.messages.filter((m) => m.ruleId === 'no-restricted-syntax').length;

describe('the queue-owner lint rule', () => {
  it.each([
    ["db.update(outbox).set({ state: 'done' }).run();"],
    ["tx.insert(outbox).values({ integrationId: 1, kind: 'create_job', recordId: 1 }).run();"],
    ["tx.update(payments).set({ state: 'synced', lastError: null }).run();"],
    ["tx.update(ascoraCustomers).set({ name, syncState: 'synced' }).run();"],
    ["rows.update(7, { ...columns, syncState: 'local_only' });"],
    [`sqlite.prepare("UPDATE outbox SET state = 'done'").run();`],
    ["sqlite.prepare(`UPDATE ascora_jobs SET local_status_text = ?, sync_state = 'synced' WHERE id = ?`).run();"],
  ])('refuses a write outside the queue: %s', async (line) => {
    expect(await restricted(line)).toBe(1);
  });

  it.each([
    ["db.select().from(outbox).where(eq(outbox.state, 'pending')).all();"],
    ["sqlite.prepare('SELECT id FROM ascora_jobs WHERE c.sync_state = ?').all();"],
    ['tx.update(payments).set({ receiptNumber }).run();'],
    ["tx.update(ascoraIntegrations).set({ state: 'syncing' }).run();"],
  ])('lets reads and other columns through: %s', async (line) => {
    expect(await restricted(line)).toBe(0);
  });

  it('lets the queue itself write', async () => {
    expect(await restricted("db.update(outbox).set({ state: 'done' }).run();", 'main/core/sync/queue.ts')).toBe(0);
  });
});
