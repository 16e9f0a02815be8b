/**
 * Claims with a lease, kept in memory: the lowdb store serves one process, so a claim needs no
 * disk; it ends when its work is finished, or when its lease runs out (work that hung), after
 * which the row can be claimed again. Leases run on the real time, not the domain clock
 * (`BOT_NOW` fixes the domain clock; a lease must still end).
 */
export class Leases {
  private readonly leases = new Map<string, { owner: string; until: number }>();

  constructor(private readonly now: () => number = Date.now) {}

  /** Whether `id` is held by a claim that has not run out. */
  isHeld(id: string): boolean {
    const lease = this.leases.get(id);
    if (!lease) return false;
    if (lease.until > this.now()) return true;
    this.leases.delete(id);
    return false;
  }

  /** Claims `id` for `owner` until `leaseMs` from now; false when another live claim holds it. */
  take(id: string, owner: string, leaseMs: number): boolean {
    if (this.isHeld(id)) return false;
    this.leases.set(id, { owner, until: this.now() + leaseMs });
    return true;
  }

  /** Extends `owner`'s live claim on `id` to `leaseMs` from now (a claim that ran out or is another's stays as it is). */
  renew(id: string, owner: string, leaseMs: number): void {
    const lease = this.leases.get(id);
    if (lease && lease.owner === owner && this.isHeld(id)) lease.until = this.now() + leaseMs;
  }

  /** Ends the claim on `id` (its work is done). */
  release(id: string): void {
    this.leases.delete(id);
  }
}
