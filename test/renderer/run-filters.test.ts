import { describe, expect, it } from 'vitest';
import { filtersFromSearch, parsePartitionText, searchFromFilters } from '../../renderer/views/runs/run-filters.js';

describe('the Runs filters in the URL', () => {
  it('reads every filter from the query string and writes it back the same', () => {
    const search = 'pipeline=prices&state=failed&trigger=schedule&from=2024-01-01&to=2024-01-31&partition=region%3Deu&q=sp500';
    const filters = filtersFromSearch(search);
    expect(filters).toEqual({ pipeline: 'prices', state: 'failed', trigger: 'schedule', from: '2024-01-01', to: '2024-01-31', partition: { region: 'eu' }, text: 'sp500' });
    expect(searchFromFilters(filters)).toBe(search);
  });

  it('leaves out values that cannot be valid instead of failing the list', () => {
    expect(filtersFromSearch('state=done&trigger=cron&from=yesterday&partition=eu&q=%20%20')).toEqual({});
  });

  it('reads partition text as key=value pairs, separated by commas or spaces', () => {
    expect(parsePartitionText('region=eu, date=2024-01-02 book=a')).toEqual({ region: 'eu', date: '2024-01-02', book: 'a' });
    expect(parsePartitionText('')).toEqual({});
    expect(parsePartitionText('region')).toBeNull();
  });
});
