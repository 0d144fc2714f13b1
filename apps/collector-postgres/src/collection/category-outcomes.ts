import { CategoryOutcome, KeptRecords } from '@dsar/collector-sdk';

type Counter = 'records' | 'exported' | 'erased' | 'anonymised' | 'rectified' | 'restricted';

/** Sums what several tables did to the same data categories, keeping the register's category order of first sight. */
export class CategoryOutcomes {
  private readonly byCategory = new Map<string, CategoryOutcome>();

  add(category: string, counts: Partial<Record<Counter, number>>, kept: KeptRecords[] = []): void {
    const outcome = this.byCategory.get(category) ?? { category, records: 0 };
    for (const [counter, value] of Object.entries(counts) as Array<[Counter, number]>) {
      if (value === undefined) continue;
      outcome[counter] = (outcome[counter] ?? 0) + value;
    }
    for (const entry of kept) {
      outcome.kept ??= [];
      const same = outcome.kept.find((k) => k.basis === entry.basis && k.reason === entry.reason && k.until === entry.until);
      if (same) same.records += entry.records;
      else outcome.kept.push({ ...entry });
    }
    this.byCategory.set(category, outcome);
  }

  /** The categories where the subject had records (a table without any says nothing). */
  list(): CategoryOutcome[] {
    return [...this.byCategory.values()].filter((o) => o.records > 0);
  }
}
