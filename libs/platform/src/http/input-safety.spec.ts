import { MAX_INPUT_DEPTH, structuralProblems } from './input-safety';

const nested = (levels: number) => {
  let value: unknown = 'leaf';
  for (let i = 0; i < levels; i++) value = [value];
  return value;
};

describe('structuralProblems', () => {
  it('refuses NUL and the other control characters in values and keys, but keeps tabs and line breaks', () => {
    expect(structuralProblems({ fullName: 'Canary\u0000name' })).toEqual([{ field: 'fullName', message: 'contains a control character' }]);
    expect(structuralProblems({ note: 'bell\u0007', other: 'del\u007f' })).toHaveLength(2);
    expect(structuralProblems({ ['k\u001b']: 'x' })).toEqual([{ field: '(body)', message: 'has a key with a control character' }]);
    expect(structuralProblems({ note: 'line one\nline two\r\n\tindented' })).toEqual([]);
    expect(structuralProblems('a\u0000b')).toEqual([{ field: '(body)', message: 'contains a control character' }]);
  });

  it(`refuses nesting beyond ${MAX_INPUT_DEPTH} levels without recursion, however deep`, () => {
    expect(structuralProblems(nested(MAX_INPUT_DEPTH))).toEqual([]);
    expect(structuralProblems(nested(MAX_INPUT_DEPTH + 1))[0].message).toMatch(/nested more than/);
    expect(structuralProblems(nested(100_000))).toHaveLength(1);
  });

  it('refuses numbers beyond the safe integers, and keys every object has', () => {
    expect(structuralProblems({ records: 1e300, n: 2 ** 53 + 2, ok: 3_000_000_000 })).toEqual([
      { field: 'n', message: 'is too large a number' },
      { field: 'records', message: 'is too large a number' },
    ]);
    expect(structuralProblems(JSON.parse('{"__proto__":{"x":1}}'))[0].field).toBe('__proto__');
  });
});
