import { METHODS } from 'node:http';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { FuzzCase, fuzzCase } from './fuzz-case';
import { FuzzContext, invalidBody, InvalidBody, invalidDate, mutate, pick, sample, unknownKey, validBody } from './mutations';
import { ALL_FIELD_NAMES, defineKey, isObject, Json, JsonObject, OBJECT_PROTOTYPE_NAMES, objectNodesOf, getAt } from './request-model';

const CREATE = '/v1/requests';
const STAFF = '/v1/staff/requests';
const JSON_TYPE: [string, string] = ['content-type', 'application/json'];

const utf8 = (text: string) => Buffer.from(text, 'utf8');
/** A value as text, safely: String() throws on an object whose own toString is not a function. */
const textOf = (value: unknown) => (typeof value === 'string' ? value : (JSON.stringify(value) ?? ''));
const tryParse = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
};
const isValidJson = (text: string) => {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
};

/** Characters Node accepts in a header value (it refuses the others before sending). */
const headerChar = fc.oneof(
  { weight: 8, arbitrary: fc.integer({ min: 0x21, max: 0x7e }) },
  { weight: 1, arbitrary: fc.constantFrom(0x20, 0x09) },
  { weight: 1, arbitrary: fc.integer({ min: 0x80, max: 0xff }) },
);
const headerValue = (minLength: number, maxLength: number) =>
  fc.array(headerChar, { minLength, maxLength }).map((codes) => String.fromCharCode(...codes));
/** What the server sees of a header value: HTTP strips leading and trailing spaces and tabs. */
const asReceived = (value: string) => value.replace(/^[ \t]+|[ \t]+$/g, '');

const IDEMPOTENCY_KEY = /^[A-Za-z0-9._:-]{8,128}$/;
const KEY_CHARS = fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._:-'.split(''));
const keyString = (minLength: number, maxLength: number) => fc.string({ unit: KEY_CHARS, minLength, maxLength });

/** A case about POST /v1/requests with a JSON-ish body. */
function createCase(family: string, label: string, body: Buffer, headers: [string, string | string[]][], json?: unknown): FuzzCase {
  return fuzzCase({ family, label, transport: 'supertest', method: 'POST', path: CREATE, headers, body, json });
}

// ---------------------------------------------------------------------------------------------
// 1. Malformed JSON and non-JSON bodies
// ---------------------------------------------------------------------------------------------

export const malformedJson = (context: FuzzContext): fc.Arbitrary<FuzzCase> => {
  const jsonType = fc.constantFrom(
    'application/json',
    'application/json; charset=utf-8',
    'application/json;charset=UTF-8',
    'Application/JSON',
  );
  const sampleText = validBody.map(({ body }) => JSON.stringify(body));
  const truncated = fc
    .tuple(sampleText, fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }), jsonType)
    .map(([text, at, type]) => {
      const cut = Math.floor(at * text.length);
      return createCase('malformed-json', `truncated at ${cut}/${text.length}`, utf8(text.slice(0, cut)), [['content-type', type]]);
    });
  const corrupted = fc.tuple(sampleText, fc.gen(), jsonType).map(([text, g, type]) => {
    let broken = text;
    const edits = g(fc.integer, { min: 1, max: 4 });
    const applied: string[] = [];
    for (let i = 0; i < edits; i++) {
      const at = g(fc.nat, { max: Math.max(0, broken.length - 1) });
      const edit = g(fc.constantFrom, 'insert', 'delete', 'replace', 'duplicate', 'swap');
      const char = g(fc.constantFrom, '{', '}', '[', ']', '"', ',', ':', '\\', '\u0000', '\n', 'x', '0', 'é', '\ud800', "'", ' ');
      if (edit === 'insert') broken = broken.slice(0, at) + char + broken.slice(at);
      if (edit === 'delete') broken = broken.slice(0, at) + broken.slice(at + 1);
      if (edit === 'replace') broken = broken.slice(0, at) + char + broken.slice(at + 1);
      if (edit === 'duplicate') broken = broken.slice(0, at) + broken.slice(at, at + 8) + broken.slice(at);
      if (edit === 'swap') broken = broken.slice(0, at) + broken.slice(at + 1, at + 2) + broken.slice(at, at + 1) + broken.slice(at + 2);
      applied.push(`${edit}@${at}`);
    }
    // Still valid JSON after the edits? Then trailing garbage breaks it for sure.
    if (isValidJson(broken)) broken += g(fc.constantFrom, '}', ',', ']', 'x', '{', '"');
    return createCase('malformed-json', `corrupted (${applied.join(' ')})`, utf8(broken), [['content-type', type]], tryParse(broken));
  });
  const syntaxVariants = fc.tuple(sampleText, fc.constantFrom(...SYNTAX_VARIANTS), jsonType).map(([text, [name, apply], type]) => {
    const broken = apply(text);
    return createCase('malformed-json', name, utf8(broken), [['content-type', type]]);
  });
  const randomText = fc
    .tuple(
      fc.oneof(
        fc.string({ maxLength: 400 }),
        fc.string({ unit: 'grapheme', maxLength: 200 }),
        fc.string({ unit: 'binary', maxLength: 200 }),
      ),
      jsonType,
    )
    .map(([text, type]) => createCase('malformed-json', 'random text as JSON', utf8(text), [['content-type', type]], tryParse(text)));
  const randomBytes = fc
    .tuple(fc.uint8Array({ maxLength: 2000 }), jsonType)
    .map(([bytes, type]) => createCase('malformed-json', 'random bytes as JSON', Buffer.from(bytes), [['content-type', type]]));
  const otherFormats = fc
    .tuple(invalidBody(context), fc.constantFrom(...OTHER_FORMATS))
    .map(([invalid, [name, type, render]]) =>
      createCase('malformed-json', `${name} body`, utf8(render(invalid)), type ? [['content-type', type]] : []),
    );
  return fc.oneof(truncated, corrupted, syntaxVariants, randomText, randomBytes, otherFormats);
};

const SYNTAX_VARIANTS: [string, (text: string) => string][] = [
  ['single quotes', (t) => t.replace(/"/g, "'")],
  ['trailing comma', (t) => `${t.slice(0, -1)},}`],
  ['comment', (t) => `/* request */${t}`],
  ['line comment', (t) => `${t.slice(0, -1)} // end\n}`],
  ['unquoted keys', (t) => t.replace(/"(\w+)":/g, '$1:')],
  ['NaN value', (t) => `{"x":NaN,${t.slice(1)}`],
  ['Infinity value', (t) => `{"x":Infinity,${t.slice(1)}`],
  ['undefined value', (t) => `{"x":undefined,${t.slice(1)}`],
  ['two documents', (t) => `${t}${t}`],
  ['ndjson', (t) => `${t}\n${t}\n`],
  ['hex number', (t) => `{"x":0x10,${t.slice(1)}`],
  ['leading zero', (t) => `{"x":007,${t.slice(1)}`],
  ['raw newline in string', (t) => t.replace('@', '@\n')],
  ['raw tab in string', (t) => t.replace('@', '@\t')],
  ['bad escape', (t) => t.replace('@', '\\x40')],
  ['lone backslash', (t) => t.replace('@', '\\')],
  ['unclosed string', (t) => t.slice(0, t.lastIndexOf('"')) + t.slice(t.lastIndexOf('"') + 1)],
  ['missing colon', (t) => t.replace('":', '"')],
  ['missing comma', (t) => t.replace(',"', '"')],
  ['doubled braces', (t) => `{${t}}`],
  ['BOM and garbage', (t) => `\ufeff${t}x`],
  ['JSONP', (t) => `callback(${t})`],
  ['JS object', (t) => `({${t.slice(1, -1)}})`],
  ['empty', () => ''],
  ['whitespace only', () => ' \n\t\r '],
  ['null bytes', (t) => `\u0000${t}`],
];

const OTHER_FORMATS: [string, string | undefined, (b: InvalidBody) => string][] = [
  [
    'XML',
    'application/xml',
    (b) => `<request><type>${textOf(b.body.type)}</type><subject><email>x@example.org</email></subject></request>`,
  ],
  ['YAML', 'application/yaml', (b) => `type: ${textOf(b.body.type)}\nsubject:\n  email: x@example.org\n`],
  ['form-encoded JSON', 'application/x-www-form-urlencoded', (b) => JSON.stringify(b.body)],
  ['form-encoded garbage', 'application/x-www-form-urlencoded', (b) => `type=${encodeURIComponent(textOf(b.body.type))}&%%%=&a[b][c]=1`],
  [
    'multipart text',
    'multipart/form-data; boundary=zzz',
    (b) => `--zzz\r\nContent-Disposition: form-data; name="type"\r\n\r\n${textOf(b.body.type)}\r\n--zzz--\r\n`,
  ],
  ['text', 'text/plain', (b) => JSON.stringify(b.body)],
  ['no content type', undefined, (b) => JSON.stringify(b.body)],
  ['CSV', 'text/csv', () => 'type,email\naccess,x@example.org\n'],
];

// ---------------------------------------------------------------------------------------------
// 2. JSON of wrong shapes
// ---------------------------------------------------------------------------------------------

const keyArb = fc.oneof(
  fc.constantFrom(...ALL_FIELD_NAMES),
  fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'valueOf', 'hasOwnProperty'),
  fc.string({ maxLength: 12 }),
  fc.string({ unit: 'grapheme', maxLength: 8 }),
  fc.string({ unit: 'binary', maxLength: 8 }),
);
const wildJson = fc.jsonValue({ maxDepth: 4, stringUnit: 'grapheme' }) as fc.Arbitrary<Json>;

export const jsonShapes = (context: FuzzContext): fc.Arbitrary<FuzzCase> => {
  const topLevel = fc
    .oneof(
      fc.integer().map((v) => ['number', v] as const),
      fc.double().map((v) => ['double', v] as const),
      fc.boolean().map((v) => ['boolean', v] as const),
      fc.constant(['null', null] as const),
      fc.string({ unit: 'grapheme', maxLength: 100 }).map((v) => ['string', v] as const),
      fc.array(wildJson, { maxLength: 6 }).map((v) => ['array', v] as const),
      validBody.map(({ body }) => ['array of a valid body', [body]] as const),
    )
    .map(([name, value]) => createCase('json-shapes', `top-level ${name}`, utf8(JSON.stringify(value)), [JSON_TYPE], value));
  const randomObject = fc
    .dictionary(keyArb, wildJson, { maxKeys: 8 })
    .filter((o) => !('type' in o && 'subject' in o && 'details' in o))
    .map((o) => createCase('json-shapes', 'random object', utf8(JSON.stringify(o)), [JSON_TYPE], o));
  const hugeString = fc
    .tuple(
      validBody,
      fc.constantFrom('subject.email', 'subject.fullName', 'type', 'language', 'controllerId', 'details.reasons', 'unknown'),
      fc.integer({ min: 4_001, max: 150_000 }),
      fc.constantFrom('x', 'é', '\u0000', '😀', '\\'),
    )
    .map(([{ body, type }, where, length, char]) => {
      const huge = char.repeat(Math.ceil(length / char.length)).slice(0, length);
      const [head, tail] = where.split('.');
      if (where === 'unknown') defineKey(body, 'notes', huge);
      else if (tail) (body[head] as JsonObject)[tail] = huge;
      else body[head] = huge;
      return createCase(
        'json-shapes',
        `huge string (${length} × ${JSON.stringify(char)}) in ${where} (${type})`,
        utf8(JSON.stringify(body)),
        [JSON_TYPE],
      );
    });
  const deepNesting = fc
    .tuple(
      validBody,
      fc.oneof(fc.integer({ min: 2, max: 100 }), fc.integer({ min: 100, max: 1_500 }), fc.integer({ min: 1_500, max: 45_000 })),
      fc.constantFrom('body', 'details', 'details.x', 'unknown field', 'subject'),
      fc.constantFrom('arrays', 'objects'),
    )
    .map(([{ body }, depth, where, kind]) => {
      const nested = kind === 'arrays' ? `${'['.repeat(depth)}${']'.repeat(depth)}` : `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
      const text = JSON.stringify(body);
      const withNested =
        where === 'body'
          ? nested
          : where === 'details'
            ? text.replace(/"details":\{/, `"details":${nested},"_":{`)
            : where === 'details.x'
              ? text.replace(/"details":\{/, `"details":{"x":${nested},`)
              : where === 'subject'
                ? text.replace(/"subject":\{/, `"subject":${nested},"_s":{`)
                : `{"nested":${nested},${text.slice(1)}`;
      return createCase('json-shapes', `nesting ${depth} deep (${kind}) in ${where}`, utf8(withNested), [JSON_TYPE], tryParse(withNested));
    });
  const unicodeAndControl = fc
    .tuple(
      invalidBody(context),
      fc.string({ unit: 'grapheme', minLength: 1, maxLength: 40 }),
      fc.string({ unit: 'binary', minLength: 1, maxLength: 40 }),
    )
    .map(([invalid, unicode, control]) => {
      const subject = invalid.body.subject;
      if (isObject(subject)) {
        subject.fullName = unicode;
        if (typeof subject.email === 'string') subject.email = `${control}${subject.email}`;
      }
      return createCase(
        'json-shapes',
        `unicode/control characters + ${invalid.labels.join('; ')}`,
        utf8(JSON.stringify(invalid.body)),
        [JSON_TYPE],
        invalid.body,
      );
    });
  return fc.oneof(topLevel, randomObject, hugeString, deepNesting, unicodeAndControl);
};

// ---------------------------------------------------------------------------------------------
// 3. Mutations of a valid body
// ---------------------------------------------------------------------------------------------

export const mutations = (context: FuzzContext): fc.Arbitrary<FuzzCase> =>
  fc
    .tuple(invalidBody(context), fc.option(keyString(8, 128), { freq: 3 }))
    .map(([invalid, key]) =>
      createCase(
        'mutations',
        `${invalid.type}: ${invalid.labels.join('; ')}${key ? ' (with Idempotency-Key)' : ''}`,
        utf8(JSON.stringify(invalid.body)),
        key ? [JSON_TYPE, ['idempotency-key', key]] : [JSON_TYPE],
        invalid.body,
      ),
    );

// ---------------------------------------------------------------------------------------------
// 4. Prototype-pollution keys
// ---------------------------------------------------------------------------------------------

const POLLUTING_KEYS = [
  '__proto__',
  'constructor',
  'prototype',
  ...[...OBJECT_PROTOTYPE_NAMES].filter((k) => k !== '__proto__' && k !== 'constructor'),
];
/** As JSON texts: JSON.parse makes "__proto__" an own key, as the app's body parser does. */
const POLLUTING_VALUES = [
  '{"polluted":"yes"}',
  '{"constructor":{"prototype":{"polluted":"yes"}}}',
  '{"prototype":{"polluted":"yes"}}',
  '{"__proto__":{"polluted":"yes"}}',
  '"polluted"',
  '1',
  'null',
  '[]',
  '{"toString":"polluted","valueOf":"polluted"}',
];

export const prototypeKeys = (context: FuzzContext): fc.Arbitrary<FuzzCase> => {
  const inValidBody = fc.tuple(validBody, fc.gen()).map(([{ body, type }, g]) => {
    // The keys alone must make the body invalid; half of the time it is made invalid otherwise
    // too, first, so that the mutation does not land inside a polluting value.
    const others = g(fc.boolean) ? [] : mutate(g, body, type, context);
    const count = g(fc.integer, { min: 1, max: 3 });
    const placed: string[] = [];
    for (let i = 0; i < count; i++) {
      const node = pick(g, objectNodesOf(body));
      const key = pick(g, POLLUTING_KEYS);
      defineKey(getAt(body, node) as JsonObject, key, JSON.parse(pick(g, POLLUTING_VALUES)) as Json);
      placed.push(`${key}@${node.join('.') || 'root'}`);
    }
    const text = JSON.stringify(body);
    return createCase(
      'prototype-keys',
      `${placed.join(', ')}${others.length ? ` + ${others.join('; ')}` : ''}`,
      utf8(text),
      [JSON_TYPE],
      JSON.parse(text),
    );
  });
  const payloads = fc
    .constantFrom(
      '{"__proto__":{"polluted":"yes"}}',
      '{"constructor":{"prototype":{"polluted":"yes"}}}',
      '{"__proto__":{"__proto__":{"polluted":"yes"}}}',
      '{"type":"access","details":{"__proto__":{"polluted":"yes"}},"subject":{"__proto__":{"email":"x@example.org"}}}',
      '{"type":"access","details":{"scope":"all"},"subject":{"constructor":{"prototype":{"email":"x@example.org"}}}}',
      '{"__proto__":[],"type":"access"}',
      '{"__proto__":1,"__proto__":{"polluted":"yes"}}',
      '[{"__proto__":{"polluted":"yes"}}]',
      '{"__proto__":{"type":"access","details":{"scope":"all"},"subject":{"email":"x@example.org"}}}',
      '{"constructor":{"name":"Object","prototype":{"toString":"polluted"}},"details":{"constructor":{"prototype":{"polluted":"yes"}}}}',
    )
    .map((text) => createCase('prototype-keys', `payload ${text.slice(0, 60)}`, utf8(text), [JSON_TYPE], JSON.parse(text)));
  return fc.oneof({ weight: 4, arbitrary: inValidBody }, { weight: 1, arbitrary: payloads });
};

// ---------------------------------------------------------------------------------------------
// 5. Bad headers
// ---------------------------------------------------------------------------------------------

const badIdempotencyKey = fc
  .oneof(
    headerValue(0, 7).map((v) => ({ why: 'too short', value: v as string | string[] })),
    keyString(129, 400).map((v) => ({ why: 'too long', value: v as string | string[] })),
    fc
      .tuple(keyString(4, 60), headerValue(1, 3), keyString(4, 60))
      .map(([a, bad, b]) => ({ why: 'bad characters', value: `${a}${bad}${b}` as string | string[] })),
    fc.constantFrom('', ' ', 'key with spaces', 'abc/def/ghi', 'a+b=c@d!e', 'clé-clé-clé', 'key\ttab\tkey').map((v) => ({
      why: 'bad characters',
      value: v as string | string[],
    })),
    fc.array(keyString(8, 40), { minLength: 2, maxLength: 3 }).map((v) => ({ why: 'repeated header', value: v as string | string[] })),
  )
  .filter((key) => Array.isArray(key.value) || !IDEMPOTENCY_KEY.test(asReceived(key.value)));

export const badHeaders = (context: FuzzContext): fc.Arbitrary<FuzzCase> => {
  const idempotency = fc
    // (No .filter() after a tuple holding an fc.gen() value: fast-check 4 then hands .map() a broken clone.)
    .tuple(validBody, badIdempotencyKey)
    .map(([{ body, type }, key]) =>
      createCase(
        'headers',
        `Idempotency-Key ${key.why}: ${JSON.stringify(key.value).slice(0, 60)} (valid ${type} body)`,
        utf8(JSON.stringify(body)),
        [JSON_TYPE, ['idempotency-key', key.value]],
        body,
      ),
    );
  const reference = fc.oneof(
    fc.stringMatching(/^DSAR-[0-9A-Z]{4}-[0-9A-Z]{4}$/),
    fc.string({ unit: fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-'.split('')), maxLength: 30 }),
    fc.string({ unit: 'grapheme', maxLength: 20 }).map(encodeURIComponent),
  );
  const trackingToken = fc.oneof(
    fc.constant(undefined),
    fc.constant(''),
    headerValue(1, 300),
    headerValue(201, 8_000),
    fc.uint8Array({ minLength: 24, maxLength: 24 }).map((b) => Buffer.from(b).toString('base64url')),
    fc.array(headerValue(1, 40), { minLength: 2, maxLength: 3 }),
  );
  const tracking = fc.tuple(fc.constantFrom('GET', 'POST'), reference, trackingToken).map(([method, ref, token]) =>
    fuzzCase({
      family: 'headers',
      label: `X-Tracking-Token ${token === undefined ? 'absent' : JSON.stringify(token).slice(0, 40)} on ${method} ${ref.slice(0, 20)}`,
      transport: 'supertest',
      method,
      path: method === 'GET' ? `${CREATE}/${ref}` : `${CREATE}/${ref}/cancel`,
      headers: token === undefined ? [] : [['x-tracking-token', token]],
      httpLayerMayReject: false,
    }),
  );
  const contentType = fc
    .tuple(validBody, fc.constantFrom(...NON_JSON_CONTENT_TYPES))
    .map(([{ body, type }, ct]) =>
      createCase(
        'headers',
        `Content-Type ${JSON.stringify(ct)} (valid ${type} body)`,
        utf8(JSON.stringify(body)),
        ct === null ? [] : [['content-type', ct]],
      ),
    );
  const charset = fc
    .tuple(validBody, fc.constantFrom(...BAD_CHARSETS))
    .map(([{ body }, cs]) =>
      createCase('headers', `charset=${cs} (valid body)`, utf8(JSON.stringify(body)), [
        ['content-type', `application/json; charset=${cs}`],
      ]),
    );
  const encoding = fc
    .tuple(validBody, invalidBody(context), fc.constantFrom(...BAD_ENCODINGS), fc.boolean())
    .map(([{ body }, invalid, enc, compressInvalid]) =>
      compressInvalid && enc === 'gzip'
        ? createCase(
            'headers',
            `gzip of an invalid body (${invalid.labels.join('; ')})`,
            gzipSync(utf8(JSON.stringify(invalid.body))),
            [JSON_TYPE, ['content-encoding', 'gzip']],
            invalid.body,
          )
        : createCase('headers', `Content-Encoding ${enc} on a plain valid body`, utf8(JSON.stringify(body)), [
            JSON_TYPE,
            ['content-encoding', enc],
          ]),
    );
  const duplicateContentType = validBody.map(({ body }) =>
    fuzzCase({
      ...createCase('headers', 'two Content-Type headers, text/plain first', utf8(JSON.stringify(body)), [
        ['content-type', ['text/plain', 'application/json']],
      ]),
      transport: 'http', // superagent cannot send a repeated Content-Type
    }),
  );
  const otherHeaders = fc
    .tuple(
      invalidBody(context),
      fc.constantFrom(
        'accept',
        'accept-charset',
        'accept-encoding',
        'authorization',
        'x-forwarded-for',
        'origin',
        'cookie',
        'range',
        'if-match',
        'x-http-method-override',
      ),
      headerValue(0, 200),
    )
    .map(([invalid, name, value]) =>
      createCase(
        'headers',
        `${name}: ${JSON.stringify(value).slice(0, 40)} + ${invalid.labels.join('; ')}`,
        utf8(JSON.stringify(invalid.body)),
        [JSON_TYPE, [name, value]],
        invalid.body,
      ),
    );
  const manyOrHuge = fc
    .tuple(invalidBody(context), fc.constantFrom('many', 'huge'), fc.integer({ min: 100, max: 300 }))
    .map(([invalid, kind, n]) => {
      const headers: [string, string | string[]][] =
        kind === 'many'
          ? Array.from({ length: n }, (_, i) => [`x-fuzz-${i}`, 'v'.repeat(20)] as [string, string])
          : [['x-fuzz', 'h'.repeat(n * 100)]];
      return fuzzCase({
        ...createCase(
          'headers',
          `${kind} headers (${n}) + ${invalid.labels.join('; ')}`,
          utf8(JSON.stringify(invalid.body)),
          [JSON_TYPE, ...headers],
          invalid.body,
        ),
        httpLayerMayReject: kind === 'huge',
      });
    });
  return fc.oneof(
    { weight: 5, arbitrary: idempotency },
    { weight: 4, arbitrary: tracking },
    { weight: 2, arbitrary: contentType },
    { weight: 1, arbitrary: charset },
    { weight: 1, arbitrary: encoding },
    { weight: 1, arbitrary: duplicateContentType },
    { weight: 1, arbitrary: otherHeaders },
    { weight: 1, arbitrary: manyOrHuge },
  );
};

/** Content types under which a JSON text is not parsed into the request body (null: no header at all). */
const NON_JSON_CONTENT_TYPES: (string | null)[] = [
  null,
  'text/plain',
  'text/plain; charset=utf-8',
  'text/html',
  'application/xml',
  'text/xml',
  'application/octet-stream',
  'application/vnd.api+json',
  'application/ld+json',
  'application/merge-patch+json',
  'application/x-ndjson',
  'application/javascript',
  'multipart/form-data; boundary=zzz',
  'multipart/form-data',
  'multipart/mixed; boundary=zzz',
  'image/png',
  'application/jsonx',
  'json',
  'application/x-www-form-urlencoded',
  'text/json',
  '',
  ';',
  'application',
  '*/*',
];
/** Charsets body-parser refuses for JSON, or that turn an ASCII text into garbage. */
const BAD_CHARSETS = [
  'utf-16',
  'utf-16le',
  'UTF-16BE',
  'utf-32',
  'latin1',
  'iso-8859-1',
  'ascii',
  'windows-1252',
  'utf8',
  'foo',
  'utf-9',
  '"utf-16"',
];
/** Encodings that a plain body does not satisfy ('identity' is the only honest one). */
const BAD_ENCODINGS = ['gzip', 'deflate', 'br', 'x-gzip', 'compress', 'zstd', 'gzip, br', 'foo', 'GZIP'];

// ---------------------------------------------------------------------------------------------
// 6. Bad paths and methods
// ---------------------------------------------------------------------------------------------

const KNOWN_METHODS = new Set(METHODS);
const pathChar = fc.integer({ min: 0x21, max: 0x7e }).map((c) => String.fromCharCode(c));
const latin1Char = fc.integer({ min: 0x80, max: 0xff }).map((c) => String.fromCharCode(c));
const segment = fc.oneof(
  { weight: 4, arbitrary: fc.string({ unit: pathChar, maxLength: 30 }) },
  {
    weight: 3,
    arbitrary: fc.constantFrom(
      '..',
      '.',
      '%2e%2e',
      '%2E%2E',
      '..%2f',
      '..%5c',
      '%2f',
      '%5c',
      '\\..\\',
      '....//',
      '..;',
      ';',
      '%00',
      '%',
      '%%',
      '%G1',
      '%E0%A4%A',
      '%ff',
      '%C0%AF',
      '%u002e',
      '~',
      '$',
      '%20',
      '+',
      'etc%2fpasswd',
      '..%252f..%252f',
      'cancel',
      'DSAR-AAAA-AAAA',
      'requests',
      'staff',
      'v1',
    ),
  },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 10 }).map(encodeURIComponent) },
  { weight: 1, arbitrary: fc.string({ unit: latin1Char, minLength: 1, maxLength: 10 }) },
  { weight: 2, arbitrary: fc.stringMatching(/^DSAR-[0-9A-Z]{4}-[0-9A-Z]{4}$/) },
  { weight: 1, arbitrary: fc.integer({ min: 100, max: 20_000 }).map((n) => `DSAR-${'A'.repeat(n)}`) },
);
const prefix = fc.constantFrom(
  '',
  '/',
  '/v1',
  '/v1/',
  '/v1/requests',
  '/v1/requests/',
  '/v1/staff',
  '/v1/staff/requests',
  '/v2/requests',
  '/V1/REQUESTS',
  '/v1//requests',
  '/api/v1/requests',
  '/v1/requests/DSAR-AAAA-AAAA',
  '/v1/requests/DSAR-AAAA-AAAA/cancel',
  '/docs',
  '/docs-json',
  '/metrics',
  '/.env',
  '/admin',
  '*',
  'http://127.0.0.1/v1/requests',
);
const method = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom('GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'TRACE') },
  { weight: 2, arbitrary: fc.constantFrom(...METHODS.filter((m) => m !== 'CONNECT' && m !== 'PRI')) },
  { weight: 1, arbitrary: fc.constantFrom('FOO', 'BREW', 'GETS', 'POSTS', 'X-METHOD', 'HEAD2') },
);
/** The one public route that answers 2xx to anything: never aim at it. */
function mayReachHealth(m: string, target: string): boolean {
  if (m !== 'GET' && m !== 'HEAD') return false;
  let decoded = target;
  try {
    decoded = decodeURIComponent(target);
  } catch {
    // keep the raw target
  }
  return /health/i.test(decoded) || /health/i.test(target);
}

export const pathsAndMethods = (): fc.Arbitrary<FuzzCase> =>
  fc
    .tuple(
      method,
      prefix,
      fc.array(segment, { maxLength: 5 }),
      fc.option(fc.string({ unit: pathChar, maxLength: 40 })),
      fc.option(fc.oneof(fc.string({ maxLength: 100 }), fc.constant('{"type":"access"}'))),
    )
    .map(([m, start, segments, query, body]) => {
      let target = [start, ...segments].join('/');
      if (!target.startsWith('/') && !target.startsWith('*') && !target.startsWith('http')) target = `/${target}`;
      if (query !== null) target += `?${query}`;
      return { m, target, body };
    })
    .filter(({ m, target }) => !mayReachHealth(m, target))
    .map(({ m, target, body }) =>
      fuzzCase({
        family: 'paths-methods',
        label: `${m} ${target.slice(0, 80)}`,
        transport: 'http',
        method: m,
        path: target,
        headers: body === null ? [] : [JSON_TYPE],
        body: body === null ? undefined : utf8(body),
        // Unknown methods, non-ASCII and overlong targets are refused by Node's HTTP parser (bare 400/431).
        httpLayerMayReject: !KNOWN_METHODS.has(m) || /[^\x21-\x7e]/.test(target) || target.length > 7_000 || target.startsWith('*'),
      }),
    );

// ---------------------------------------------------------------------------------------------
// 7. The staff route: without a token, and with garbage multipart
// ---------------------------------------------------------------------------------------------

interface Part {
  name: string;
  filename?: string;
  contentType?: string;
  content: Buffer;
}

function multipart(parts: Part[], boundary: string): Buffer {
  const chunks: Buffer[] = [];
  for (const part of parts) {
    const disposition = `form-data; name="${part.name}"${part.filename !== undefined ? `; filename="${part.filename}"` : ''}`;
    chunks.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: ${disposition}\r\n${part.contentType ? `Content-Type: ${part.contentType}\r\n` : ''}\r\n`,
        'latin1',
      ),
      part.content,
      Buffer.from('\r\n'),
    );
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return Buffer.concat(chunks);
}

const PAST = '2026-01-05T09:30:00.000Z';
const letterContent = fc.oneof(
  fc.uint8Array({ maxLength: 512 }).map((b) => Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.from(b)])),
  fc.uint8Array({ maxLength: 512 }).map((b) => Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.from(b)])),
  fc
    .uint8Array({ maxLength: 512 })
    .map((b) => Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from(b)])),
);
const notALetter = fc
  .oneof(
    fc.uint8Array({ maxLength: 512 }).map((b) => Buffer.from(b)),
    fc.constantFrom(
      Buffer.from('#!/bin/sh\necho not a pdf\n'),
      Buffer.from(''),
      Buffer.from('%PDF'),
      Buffer.from('PK\u0003\u0004zip'),
      Buffer.from('%pdf-1.7'),
    ),
  )
  .filter(
    (b) =>
      !(
        b.subarray(0, 5).toString('latin1') === '%PDF-' ||
        (b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) ||
        b.subarray(0, 4).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47]))
      ),
  );

type Defect = 'channel' | 'receivedAt' | 'request' | 'letter' | 'extra' | 'framing';
const DEFECTS: Defect[] = ['channel', 'receivedAt', 'request', 'letter', 'extra', 'framing'];

export const staffRoute = (context: FuzzContext): fc.Arbitrary<FuzzCase> => {
  const garbageRequestText = fc.oneof(
    invalidBody(context).map((b) => ({ text: JSON.stringify(b.body), why: `invalid request (${b.labels.join('; ')})` })),
    fc.string({ maxLength: 200 }).map((text) => ({ text, why: 'request is random text' })),
    fc
      .constantFrom('null', 'true', '[]', '[{}]', '{}', '"x"', '0', '', '{', '[[[[[[[[]]]]]]]]')
      .map((text) => ({ text, why: `request ${text || '(empty)'}` })),
    fc.integer({ min: 100, max: 40_000 }).map((d) => ({ text: `${'['.repeat(d)}${']'.repeat(d)}`, why: `request nested ${d} deep` })),
    fc.constant({ text: 'x'.repeat(100_001), why: 'request longer than 100000' }),
  );

  // Stable builders for fc.gen() (see pick()).
  const invalidDateB = () => invalidDate;
  const garbageRequestB = () => garbageRequestText;
  const notALetterB = () => notALetter;
  const letterB = () => letterContent;
  const staffUnknownKey = unknownKey.filter(
    (k) => !['channel', 'receivedAt', 'request', 'letter'].includes(k) && /^[\x20-\x7e]*$/.test(k) && !k.includes('"'),
  );
  const staffUnknownKeyB = () => staffUnknownKey;

  const wellFormedWithDefects = fc
    .tuple(fc.subarray(DEFECTS, { minLength: 1, maxLength: 3 }), validBody, fc.gen())
    .map(([defects, { body }, g]) => {
      const why: string[] = [];
      const fields: Part[] = [];
      const text = (name: string, value: string): Part => ({ name, content: Buffer.from(value, 'utf8') });
      // channel
      if (defects.includes('channel')) {
        const choice = g(fc.constantFrom, 'missing', 'bad', 'twice');
        if (choice === 'bad') {
          const value = g(fc.string, { maxLength: 20 });
          if (value === 'post' || value === 'email') fields.push(text('channel', `${value}!`));
          else fields.push(text('channel', value));
        }
        if (choice === 'twice') fields.push(text('channel', 'post'), text('channel', 'email'));
        why.push(`channel ${choice}`);
      } else fields.push(text('channel', g(fc.constantFrom, 'post', 'email')));
      // receivedAt
      if (defects.includes('receivedAt')) {
        const choice = g(fc.constantFrom, 'missing', 'invalid', 'future', 'twice');
        if (choice === 'invalid') fields.push(text('receivedAt', g(invalidDateB)));
        if (choice === 'future') fields.push(text('receivedAt', g(fc.constantFrom, '2999-01-01T00:00:00.000Z', '2100-06-30T12:00:00Z')));
        if (choice === 'twice') fields.push(text('receivedAt', PAST), text('receivedAt', PAST));
        why.push(`receivedAt ${choice}`);
      } else fields.push(text('receivedAt', PAST));
      // request
      let requestJson: unknown = body;
      if (defects.includes('request')) {
        const garbage = g(garbageRequestB);
        fields.push(text('request', garbage.text));
        requestJson = tryParse(garbage.text);
        why.push(garbage.why);
      } else fields.push(text('request', JSON.stringify(body)));
      // letter
      if (defects.includes('letter')) {
        const choice = g(fc.constantFrom, 'missing', 'not a letter', 'as a text field', 'twice', 'under another name');
        if (choice === 'not a letter')
          fields.push({ name: 'letter', filename: 'letter.pdf', contentType: 'application/pdf', content: g(notALetterB) });
        if (choice === 'as a text field') fields.push(text('letter', '%PDF-1.7 but a text field'));
        if (choice === 'twice')
          fields.push(
            { name: 'letter', filename: 'a.pdf', contentType: 'application/pdf', content: g(letterB) },
            { name: 'letter', filename: 'b.pdf', contentType: 'application/pdf', content: g(letterB) },
          );
        if (choice === 'under another name')
          fields.push({ name: 'file', filename: 'letter.pdf', contentType: 'application/pdf', content: g(letterB) });
        why.push(`letter ${choice}`);
      } else
        fields.push({
          name: 'letter',
          filename: g(fc.constantFrom, 'letter.pdf', 'scan.jpg', '../../etc/passwd', ''),
          contentType: 'application/pdf',
          content: g(letterB),
        });
      // extra fields
      if (defects.includes('extra')) {
        const choice = g(fc.constantFrom, 'unknown field', 'too many fields');
        if (choice === 'unknown field') fields.push(text(g(staffUnknownKeyB), 'x'));
        else for (let i = 0; i < 11; i++) fields.push(text(`extra${i}`, 'x'));
        why.push(choice);
      }
      const boundary = `----fuzz${g(fc.nat, { max: 1e9 })}`;
      const order = g(fc.shuffledSubarray, [...fields.keys()], { minLength: fields.length, maxLength: fields.length });
      let payload = multipart(
        order.map((i) => fields[i]),
        boundary,
      );
      let contentType = `multipart/form-data; boundary=${boundary}`;
      if (defects.includes('framing')) {
        const choice = g(
          fc.constantFrom,
          'truncated',
          'wrong boundary',
          'no boundary',
          'LF line endings',
          'garbage before',
          'no final boundary',
        );
        const end = payload.lastIndexOf(Buffer.from(`--${boundary}--`));
        if (choice === 'truncated') payload = payload.subarray(0, g(fc.nat, { max: Math.max(0, end - 1) }));
        if (choice === 'wrong boundary') contentType = `multipart/form-data; boundary=${boundary}x`;
        if (choice === 'no boundary') contentType = 'multipart/form-data';
        if (choice === 'LF line endings') payload = Buffer.from(payload.toString('latin1').replace(/\r\n/g, '\n'), 'latin1');
        if (choice === 'garbage before')
          payload = Buffer.concat([Buffer.from(`--${boundary}\r\ngarbage\r\n\r\n`), payload.subarray(0, end)]);
        if (choice === 'no final boundary') payload = payload.subarray(0, end);
        why.push(`framing ${choice}`);
      }
      return { payload, contentType, why, requestJson };
    });

  const authHeader = fc.oneof(
    fc.constant(undefined),
    fc.constantFrom(
      'Bearer',
      'Bearer ',
      'Basic YWRtaW46YWRtaW4=',
      `Token ${context.staffToken}`,
      context.staffToken,
      `Bearer ${context.staffToken}x`,
      `Bearer  ${context.staffToken}`,
    ),
    headerValue(1, 80).map((v) => `Bearer ${v}`),
    headerValue(1, 80),
  );
  const withoutToken = fc.tuple(authHeader, wellFormedWithDefects).map(([auth, form]) =>
    fuzzCase({
      family: 'staff',
      label: `authorization ${auth === undefined ? 'absent' : JSON.stringify(auth).slice(0, 40)}; ${form.why.join('; ')}`,
      transport: 'supertest',
      method: 'POST',
      path: STAFF,
      headers: [['content-type', form.contentType], ...(auth === undefined ? [] : [['authorization', auth] as [string, string]])],
      body: form.payload,
      json: form.requestJson,
      staff: true,
    }),
  );
  const bearer: [string, string] = ['authorization', `Bearer ${context.staffToken}`];
  const withToken = wellFormedWithDefects.map((form) =>
    fuzzCase({
      family: 'staff',
      label: `staff token; ${form.why.join('; ')}`,
      transport: 'supertest',
      method: 'POST',
      path: STAFF,
      headers: [bearer, ['content-type', form.contentType]],
      body: form.payload,
      json: form.requestJson,
      staff: true,
    }),
  );
  const garbage = fc
    .tuple(
      fc.oneof(
        fc
          .uint8Array({ maxLength: 2_000 })
          .map((b) => ({ why: 'random bytes as multipart', ct: 'multipart/form-data; boundary=zzz', body: Buffer.from(b) })),
        fc
          .string({ maxLength: 300 })
          .map((s) => ({ why: 'random text as multipart', ct: `multipart/form-data; boundary=${s.slice(0, 20)}`, body: utf8(s) })),
        validBody.map(({ body }) => ({
          why: 'JSON form without a letter',
          ct: 'application/json',
          body: utf8(JSON.stringify({ channel: 'post', receivedAt: PAST, request: JSON.stringify(body) })),
        })),
        validBody.map(({ body }) => ({
          why: 'urlencoded form without a letter',
          ct: 'application/x-www-form-urlencoded',
          body: utf8(`channel=post&receivedAt=${encodeURIComponent(PAST)}&request=${encodeURIComponent(JSON.stringify(body))}`),
        })),
        fc.constant({ why: 'no body', ct: 'multipart/form-data; boundary=zzz', body: Buffer.alloc(0) }),
      ),
    )
    .map(([g]) =>
      fuzzCase({
        family: 'staff',
        label: `staff token; ${g.why}`,
        transport: 'supertest',
        method: 'POST',
        path: STAFF,
        headers: [bearer, ['content-type', g.ct]],
        body: g.body,
        staff: true,
      }),
    );
  return fc.oneof({ weight: 3, arbitrary: withoutToken }, { weight: 5, arbitrary: withToken }, { weight: 2, arbitrary: garbage });
};

// ---------------------------------------------------------------------------------------------
// 8. Broken HTTP framing (Content-Length mismatch, chunked encoding), on a raw socket
// ---------------------------------------------------------------------------------------------

export const httpFraming = (context: FuzzContext): fc.Arbitrary<FuzzCase> =>
  fc.tuple(invalidBody(context), fc.constantFrom(...FRAMINGS), fc.nat({ max: 40 })).map(([invalid, [name, build], n]) => {
    const body = Buffer.from(JSON.stringify(invalid.body), 'utf8');
    const raw = Buffer.concat(build(body, n + 1).map((part) => (typeof part === 'string' ? Buffer.from(part, 'latin1') : part)));
    return fuzzCase({
      family: 'http-framing',
      label: `${name} (${invalid.labels.join('; ')})`,
      transport: 'raw',
      method: 'POST',
      path: CREATE,
      headers: [],
      raw,
      json: invalid.body,
      httpLayerMayReject: true,
    });
  });

const head = (extra: string) =>
  `POST ${CREATE} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nConnection: close\r\n${extra}\r\n`;
const FRAMINGS: [string, (body: Buffer, n: number) => (string | Buffer)[]][] = [
  ['Content-Length larger than the body', (b, n) => [head(`Content-Length: ${b.length + n}\r\n`), b]],
  ['Content-Length smaller than the body', (b, n) => [head(`Content-Length: ${Math.max(0, b.length - n)}\r\n`), b]],
  ['Content-Length zero with a body', (b) => [head('Content-Length: 0\r\n'), b]],
  ['negative Content-Length', (b) => [head('Content-Length: -1\r\n'), b]],
  ['non-numeric Content-Length', (b) => [head('Content-Length: abc\r\n'), b]],
  ['hex Content-Length', (b) => [head(`Content-Length: 0x${b.length.toString(16)}\r\n`), b]],
  ['two different Content-Lengths', (b, n) => [head(`Content-Length: ${b.length}\r\nContent-Length: ${b.length + n}\r\n`), b]],
  ['Content-Length list', (b) => [head(`Content-Length: ${b.length}, ${b.length}\r\n`), b]],
  [
    'Content-Length and chunked',
    (b) => [head(`Content-Length: ${b.length}\r\nTransfer-Encoding: chunked\r\n`), `${b.length.toString(16)}\r\n`, b, '\r\n0\r\n\r\n'],
  ],
  ['bad chunk size', (b) => [head('Transfer-Encoding: chunked\r\n'), 'zz\r\n', b, '\r\n0\r\n\r\n']],
  [
    'chunk shorter than announced',
    (b, n) => [head('Transfer-Encoding: chunked\r\n'), `${(b.length + n).toString(16)}\r\n`, b, '\r\n0\r\n\r\n'],
  ],
  ['no last chunk', (b) => [head('Transfer-Encoding: chunked\r\n'), `${b.length.toString(16)}\r\n`, b, '\r\n']],
  [
    'chunk extension garbage',
    (b) => [head('Transfer-Encoding: chunked\r\n'), `${b.length.toString(16)};\u0001=\u0002\r\n`, b, '\r\n0\r\n\r\n'],
  ],
  ['unknown Transfer-Encoding', (b) => [head('Transfer-Encoding: gzip\r\n'), b]],
  ['chunked twice', (b) => [head('Transfer-Encoding: chunked, chunked\r\n'), `${b.length.toString(16)}\r\n`, b, '\r\n0\r\n\r\n']],
  ['obs-fold header', (b) => [head(`Content-Length: ${b.length}\r\nX-Folded: a\r\n b\r\n`), b]],
  ['space before colon', (b) => [head(`Content-Length : ${b.length}\r\n`), b]],
  ['header without colon', (b) => [head(`Content-Length: ${b.length}\r\nNoColon\r\n`), b]],
  ['NUL in header', (b) => [head(`Content-Length: ${b.length}\r\nX-Nul: a\u0000b\r\n`), b]],
  ['LF-only line endings', (b) => [head(`Content-Length: ${b.length}\r\n`).replace(/\r\n/g, '\n'), b]],
  ['HTTP/1.0', (b) => [`POST ${CREATE} HTTP/1.0\r\nContent-Type: application/json\r\nContent-Length: ${b.length}\r\n\r\n`, b]],
  ['HTTP/2.0 text', (b) => [`POST ${CREATE} HTTP/2.0\r\nHost: x\r\nContent-Length: ${b.length}\r\n\r\n`, b]],
  ['HTTP/1.7', (b) => [`POST ${CREATE} HTTP/1.7\r\nHost: x\r\nContent-Length: ${b.length}\r\n\r\n`, b]],
  ['no Host', (b) => [`POST ${CREATE} HTTP/1.1\r\nContent-Type: application/json\r\nContent-Length: ${b.length}\r\n\r\n`, b]],
  ['lower-case method', (b) => [`post ${CREATE} HTTP/1.1\r\nHost: x\r\nContent-Length: ${b.length}\r\n\r\n`, b]],
  ['extra spaces in request line', (b) => [`POST  ${CREATE}  HTTP/1.1\r\nHost: x\r\nContent-Length: ${b.length}\r\n\r\n`, b]],
  ['garbage request line', () => ['\u0000\u0001\u0002 garbage\r\n\r\n']],
  ['Expect: 100-continue then body', (b) => [head(`Content-Length: ${b.length}\r\nExpect: 100-continue\r\n`), b]],
  ['unknown Expect', (b) => [head(`Content-Length: ${b.length}\r\nExpect: 200-ok\r\n`), b]],
];

export { validBody, sample };
