/** A bounded set of recently seen ids (update ids, msg_ids), to process redelivered events once. */
export class RecentIds {
  private readonly ids = new Set<string>();

  constructor(private readonly max = 5000) {}

  /** True the first time an id is seen; false for a repeat. */
  firstTime(id: string | number): boolean {
    const key = String(id);
    if (this.ids.has(key)) return false;
    this.ids.add(key);
    if (this.ids.size > this.max) this.ids.delete(this.ids.values().next().value!);
    return true;
  }

  /**
   * Runs `work` for an id seen the first time, and returns false without running it for a repeat.
   * An id whose work failed is forgotten, so its redelivery (after a 503) is processed.
   */
  async once(id: string | number, work: () => Promise<void>): Promise<boolean> {
    if (!this.firstTime(id)) return false;
    try {
      await work();
    } catch (error) {
      this.ids.delete(String(id));
      throw error;
    }
    return true;
  }
}
