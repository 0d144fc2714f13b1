import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { MAX_REPORTED_RECORDS, ReportResultDto } from './report-result.dto';

const errorsOf = (body: unknown) => validateSync(plainToInstance(ReportResultDto, body), { whitelist: true, forbidNonWhitelisted: true });

describe('a reported result (manual task, push upload)', () => {
  it('refuses a count fulfilment could not store, such as 3,000,000,000 records (issue 12)', () => {
    expect(errorsOf({ outcome: 'completed', categories: [{ category: 'orders', records: 3_000_000_000 }] })).not.toEqual([]);
    expect(
      errorsOf({ outcome: 'completed', categories: [{ category: 'orders', records: 1, erased: MAX_REPORTED_RECORDS + 1 }] }),
    ).not.toEqual([]);
  });

  it('accepts counts up to the bound', () => {
    expect(errorsOf({ outcome: 'completed', categories: [{ category: 'orders', records: MAX_REPORTED_RECORDS, erased: 3 }] })).toEqual([]);
  });
});
