import { REQUEST_TYPES, RequestType } from '@dsar/domain';
import { isDateString, isEmail, isURL } from 'class-validator';
import fc from 'fast-check';
import { sampleRequest } from '@dsar/testing';
import {
  ALL_ENUM_VALUES,
  ALL_FIELD_NAMES,
  bodySpec,
  clone,
  CONTROLLER_ID,
  defineKey,
  fieldsOf,
  FieldSpec,
  getAt,
  isObject,
  Json,
  JsonObject,
  objectNodesOf,
  Path,
  pathText,
  setAt,
} from './request-model';

type Gen = fc.GeneratorValue;

/** Picks an element by index: fc.gen() memoises its arbitraries by (deep-compared) arguments. */
export function pick<T>(g: Gen, list: readonly T[]): T {
  return list[g(fc.nat, { max: list.length - 1 })];
}

export interface FuzzContext {
  staffToken: string;
  profileIds: string[];
  /** [controllerId, type] pairs of rights a controller profile does not offer. */
  notOffered: [string, RequestType][];
}

export const invalidEmail = fc
  .oneof(
    fc.string({ maxLength: 40 }),
    fc.string({ unit: 'grapheme', maxLength: 20 }),
    fc.constantFrom(
      '',
      'plainaddress',
      '@example.org',
      'a@',
      'a@b',
      'a@@example.org',
      'a b@example.org',
      'a@example..org',
      '.a@example.org',
      'a.@example.org',
      'a@-example.org',
      'a@example.org.',
      'a@[1.2.3.4',
      'a@example.org\n',
      ' a@example.org',
      'a@example.org ',
      'a@exa mple.org',
      'a@example.o',
      'a\u0000@example.org',
      'a@example.org\u202e',
      `${'x'.repeat(65)}@example.org`,
      `a@${'x'.repeat(64)}.org`,
      `${'abcdefghij.'.repeat(23)}a@${'abcdefghij.'.repeat(2)}org`,
    ),
    fc.tuple(fc.string({ maxLength: 10 }), fc.string({ maxLength: 10 })).map(([user, domain]) => `${user}@${domain}`),
  )
  .filter((value) => !isEmail(value) || value.length > 254);

export const invalidDate = fc
  .oneof(
    fc.string({ maxLength: 30 }),
    fc.constantFrom(
      '2023-02-30',
      '2023-13-01',
      '2023-00-10',
      '2021-02-29',
      '31/12/2020',
      '12/31/2020',
      '2020-1-1',
      'yesterday',
      '',
      'now',
      '2020-02-29T25:00:00Z',
      '0000-00-00',
      'NaN',
      '1e10',
      '2020-02-30T10:00:00Z',
      '2026-11-31',
    ),
    fc.date().map((date) => date.toString()),
  )
  .filter((value) => !isDateString(value, { strict: true }));

const invalidCountry = fc
  .oneof(fc.string({ maxLength: 5 }), fc.constantFrom('fr', 'Fr', 'FRA', 'F', '', '12', 'É', 'F1', ' FR', 'FR ', 'ÉT', 'F\u0000'))
  .filter((value) => !/^[A-Z]{2}$/.test(value));

export const outOfEnum = fc
  .oneof(
    fc.string({ maxLength: 30 }),
    fc
      .constantFrom(...ALL_ENUM_VALUES)
      .chain((value) =>
        fc.constantFrom(
          value.toUpperCase(),
          ` ${value}`,
          `${value} `,
          `${value}\u0000`,
          value.replace(/-/g, '_'),
          `${value[0].toUpperCase()}${value.slice(1)}`,
          `${value}s`,
          `${value}\n`,
        ),
      ),
    fc.constantFrom('constructor', '__proto__', 'toString', 'hasOwnProperty', 'null', 'undefined', '*', '%', '\u202e'),
  )
  .filter((value) => !ALL_ENUM_VALUES.has(value));

const notMatching = (pattern: RegExp) =>
  fc
    .oneof(
      fc.string({ maxLength: 70 }),
      fc.constantFrom(
        'DSAR-aaaa-aaaa',
        'Demo',
        '-demo',
        'a'.repeat(64),
        'dsar-1234-5678',
        'ABC',
        'a_b',
        'a b',
        'é',
        '',
        'demo\n',
        'DSAR-AAAA-AAAAA',
      ),
    )
    .filter((value) => !pattern.test(value));

const invalidHttpsUrl = fc
  .oneof(
    fc.string({ maxLength: 40 }),
    fc.constantFrom(
      'http://receiver.example/import',
      'ftp://receiver.example/import',
      'receiver.example/import',
      'https://',
      'https:///import',
      'javascript:alert(1)',
      '//receiver.example/import',
      'https://exa mple.com',
      'https://localhost/import',
      'file:///etc/passwd',
      'https://receiver.example:99999/x',
    ),
  )
  .filter((value) => !isURL(value, { protocols: ['https'], require_protocol: true }));

/** A string of exactly n characters (ASCII, so every validator counts it as n). */
const stringOfLength = (min: number, max: number) =>
  fc
    .tuple(fc.string({ unit: 'grapheme-ascii', maxLength: 20 }), fc.integer({ min, max }))
    .map(([head, length]) => (head + 'x'.repeat(length)).slice(0, length));

const smallJson = fc.jsonValue({ maxDepth: 2 }) as fc.Arbitrary<Json>;

// Builders handed to fc.gen() must be stable functions with plain arguments: fast-check
// memoises the arbitraries per builder and arguments, and replays them when shrinking.
const outOfEnumB = () => outOfEnum;
const invalidEmailB = () => invalidEmail;
const invalidDateB = () => invalidDate;
const invalidCountryB = () => invalidCountry;
const invalidHttpsUrlB = () => invalidHttpsUrl;
const smallJsonB = () => smallJson;
const notMatchingB = (source: string) => notMatching(new RegExp(source));
const stringOfLengthB = (min: number, max: number) => stringOfLength(min, max);
const wrongTypeB = (kind: FieldSpec['kind'], required: boolean) => wrongTypeValue(kind, required);
const unknownKeyB = () => unknownKey;
const unknownControllerB = (known: string) =>
  fc.stringMatching(CONTROLLER_ID, { maxLength: 20 }).filter((id) => !known.split(',').includes(id));

/** A value of another JSON type than the field expects (never null for an optional field: IsOptional accepts it). */
function wrongTypeValue(kind: FieldSpec['kind'], required: boolean): fc.Arbitrary<Json> {
  const nullIfRequired: fc.Arbitrary<Json>[] = required ? [fc.constant(null)] : [];
  const primitives: fc.Arbitrary<Json>[] = [
    fc.integer(),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.boolean(),
    fc.string().map((s) => s as Json),
  ];
  if (kind === 'object') {
    return fc.oneof(
      ...primitives,
      ...nullIfRequired,
      fc.array(fc.dictionary(fc.string({ maxLength: 6 }), smallJson, { maxKeys: 3 }), { maxLength: 2 }) as fc.Arbitrary<Json>,
      fc.array(fc.oneof(fc.integer(), fc.string(), fc.boolean()), { minLength: 1, maxLength: 3 }) as fc.Arbitrary<Json>,
    );
  }
  if (kind === 'array') {
    return fc.oneof(
      ...primitives,
      ...nullIfRequired,
      fc.dictionary(fc.string({ maxLength: 6 }), smallJson, { maxKeys: 3 }) as fc.Arbitrary<Json>,
    );
  }
  return fc.oneof(
    fc.integer(),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.boolean(),
    ...nullIfRequired,
    fc.dictionary(fc.string({ maxLength: 6 }), smallJson, { maxKeys: 3 }) as fc.Arbitrary<Json>,
    fc.array(fc.oneof(fc.integer(), fc.string()), { maxLength: 3 }) as fc.Arbitrary<Json>,
  );
}

/** A value of the right JSON type that breaks the field's format, length, size or enum. */
function badValue(g: Gen, spec: FieldSpec): { value: Json; why: string } {
  switch (spec.kind) {
    case 'enum':
      return { value: g(outOfEnumB), why: 'out of enum' };
    case 'email':
      return { value: g(invalidEmailB), why: 'invalid e-mail' };
    case 'date':
      return { value: g(invalidDateB), why: 'invalid date' };
    case 'country':
      return { value: g(invalidCountryB), why: 'invalid country' };
    case 'pattern':
      return { value: g(notMatchingB, spec.pattern.source), why: `not matching ${spec.pattern}` };
    case 'https-url':
      return { value: g(invalidHttpsUrlB), why: 'invalid https URL' };
    case 'string': {
      if (spec.min >= 1 && g(fc.boolean)) return { value: '', why: 'empty string' };
      return { value: g(stringOfLengthB, spec.max + 1, spec.max + 64), why: `longer than ${spec.max}` };
    }
    case 'array': {
      const options = ['bad-element', ...(spec.max !== undefined ? ['too-many'] : []), ...(spec.min >= 1 ? ['empty'] : [])];
      const option = g(fc.constantFrom, ...options);
      if (option === 'empty') return { value: [], why: 'empty array' };
      const element = validElementOf(spec.of);
      if (option === 'too-many') {
        const count = g(fc.integer, { min: spec.max! + 1, max: spec.max! + 5 });
        return { value: Array.from({ length: count }, () => clone(element)), why: `more than ${spec.max} elements` };
      }
      const bad = g(fc.boolean) || spec.of.kind === 'object' ? g(wrongTypeB, spec.of.kind, true) : badValue(g, spec.of).value;
      return { value: [clone(element), bad], why: 'an invalid element' };
    }
    case 'object':
      return { value: g(wrongTypeB, spec.kind, spec.required), why: 'not an object' };
  }
}

function validElementOf(spec: FieldSpec): Json {
  switch (spec.kind) {
    case 'enum':
      return spec.values[0];
    case 'pattern':
      return 'purchases';
    case 'string':
      return 'newsletter';
    case 'object':
      return Object.fromEntries(
        Object.entries(spec.fields)
          .filter(([, child]) => child.required)
          .map(([name, child]) => [name, child.kind === 'enum' ? child.values[0] : child.kind === 'email' ? 'x@example.org' : 'x']),
      );
    default:
      return 'x';
  }
}

export const unknownKey = fc
  .oneof(
    fc.string({ maxLength: 20 }),
    fc.string({ unit: 'grapheme', maxLength: 12 }),
    fc.constantFrom(
      'prototype',
      'id',
      'status',
      'reference',
      'trackingToken',
      'receivedAt',
      'channel',
      'letterKey',
      'registeredBy',
      '$where',
      '$gt',
      'Type',
      'EMAIL',
      '',
      ' ',
      'type ',
      'subject.email',
      '\u0000',
      '__proto__ ',
      'constructor',
      '__proto__',
      'toString',
    ),
  )
  .filter((key) => !ALL_FIELD_NAMES.has(key));

export interface Sample {
  type: RequestType;
  body: JsonObject;
}

export function sample(g: Gen): Sample {
  const type = g(fc.constantFrom, ...REQUEST_TYPES);
  const email = `s${g(fc.nat, { max: 999_999 })}@example.org`;
  const body = clone(sampleRequest(type, email, 'demo')) as JsonObject;
  // Optional fields come and go: the sample stays valid either way.
  if (g(fc.boolean)) delete body.controllerId;
  if (g(fc.boolean)) delete body.language;
  return { type, body };
}

type Mutation = (g: Gen, body: JsonObject, type: RequestType, context: FuzzContext) => string | undefined;

const MUTATIONS: Record<string, Mutation> = {
  'drop-required': (g, body, type) => {
    const targets = fieldsOf(body, bodySpec(type)).filter(
      (f) => f.present && f.spec.required && typeof f.path[f.path.length - 1] === 'string',
    );
    if (targets.length === 0) return undefined;
    const target = pick(g, targets);
    setAt(body, target.path, undefined);
    return `drop ${pathText(target.path)}`;
  },
  'unknown-field': (g, body) => {
    const node = pick(g, objectNodesOf(body));
    const key = g(unknownKeyB);
    const parent = getAt(body, node) as JsonObject;
    if (Object.prototype.hasOwnProperty.call(parent, key)) return undefined;
    defineKey(parent, key, g(smallJsonB));
    return `unknown field ${JSON.stringify(key)} at ${pathText(node)}`;
  },
  'wrong-type': (g, body, type) => {
    const target = pick(g, fieldsOf(body, bodySpec(type)));
    const value = g(wrongTypeB, target.spec.kind, target.spec.required);
    setAt(body, target.path, value);
    return `wrong type at ${pathText(target.path)}: ${JSON.stringify(value)?.slice(0, 60)}`;
  },
  'object-in-an-array': (g, body, type) => {
    const targets = fieldsOf(body, bodySpec(type)).filter((f) => f.present && f.spec.kind === 'object' && isObject(getAt(body, f.path)));
    if (targets.length === 0) return undefined;
    const target = pick(g, targets);
    setAt(body, target.path, [getAt(body, target.path) as Json]);
    return `${pathText(target.path)} wrapped in an array`;
  },
  'bad-value': (g, body, type) => {
    const target = pick(g, fieldsOf(body, bodySpec(type)));
    const { value, why } = badValue(g, target.spec);
    setAt(body, target.path, value);
    return `${why} at ${pathText(target.path)}`;
  },
  'details-of-another-type': (g, body, type) => {
    const other = g(fc.constantFrom, ...REQUEST_TYPES.filter((t) => t !== type));
    body.details = clone(sampleRequest(other, 'x@example.org').details as Json);
    return `details of ${other} under ${type}`;
  },
  'requester-rule': (g, body, type) => {
    // Only on the sample's own subject and requester (an earlier mutation may have replaced them).
    const subject = body.subject;
    if (!isObject(subject) || typeof subject.email !== 'string') return undefined;
    if (body.requester !== undefined && !isObject(body.requester)) return undefined;
    const other = `rep.${g(fc.nat, { max: 9999 })}@example.org`;
    const options: (() => string)[] = [];
    if (type !== 'deceased-subject') {
      options.push(() => {
        body.requester = { kind: g(fc.constantFrom, 'heir', 'designated-person'), email: other };
        return 'heir or designated person for a living subject';
      });
      if (type !== 'post-mortem-directive')
        options.push(() => {
          body.requester = { kind: 'parent-or-guardian', email: other };
          if (g(fc.boolean)) subject.dateOfBirth = g(fc.constantFrom, '1990-02-01', '1950-12-31', '2000-01-01');
          else delete subject.dateOfBirth;
          return 'parent or guardian for an adult or undated subject';
        });
    }
    if (type === 'post-mortem-directive')
      options.push(() => {
        body.requester = { kind: 'agent', email: other };
        return 'post-mortem directive given by an agent';
      });
    if (type === 'deceased-subject') {
      options.push(() => {
        delete body.requester;
        return 'deceased-subject request made by the subject';
      });
      options.push(() => {
        body.requester = { kind: g(fc.constantFrom, 'subject', 'agent'), email: other };
        return 'deceased-subject request made by a subject or agent';
      });
      if (isObject(body.requester) && ['heir', 'designated-person'].includes(body.requester.kind as string))
        options.push(() => {
          (body.requester as JsonObject).email = String(subject.email).toUpperCase();
          return 'heir using the subject’s own e-mail';
        });
    }
    return pick(g, options)();
  },
  'unknown-controller': (g, body, _type, context) => {
    body.controllerId = g(unknownControllerB, context.profileIds.join(','));
    return `unknown controller ${body.controllerId}`;
  },
  'right-not-offered': (g, body, type, context) => {
    const candidates = context.notOffered.filter(([, t]) => t === type);
    if (candidates.length === 0) return undefined;
    body.controllerId = pick(g, candidates)[0];
    return `right ${type} not offered by ${body.controllerId}`;
  },
};

/** Applies one to three mutations, each invalid by itself, so the body is invalid whatever else it holds. */
export function mutate(g: Gen, body: JsonObject, type: RequestType, context: FuzzContext): string[] {
  const count = g(fc.integer, { min: 1, max: 3 });
  const applied: string[] = [];
  while (applied.length < count) {
    const name = pick(g, Object.keys(MUTATIONS));
    const label = MUTATIONS[name](g, body, type, context);
    if (label) applied.push(label);
  }
  return applied;
}

export interface InvalidBody {
  body: JsonObject;
  type: RequestType;
  labels: string[];
}

export const invalidBody = (context: FuzzContext): fc.Arbitrary<InvalidBody> =>
  fc.gen().map((g) => {
    const { type, body } = sample(g);
    return { body, type, labels: mutate(g, body, type, context) };
  });

export const validBody = fc.gen().map((g) => sample(g));

export { isObject };
export type { Path };
