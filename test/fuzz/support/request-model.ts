import {
  DECEASED_SUBJECT_PURPOSES,
  DIRECTIVE_ACTIONS,
  ERASURE_GROUNDS,
  INFORMATION_TOPICS,
  LANGUAGES,
  OBJECTION_PROCESSING,
  PORTABILITY_FORMATS,
  REQUEST_TYPES,
  REQUESTER_KINDS,
  RequestType,
  RESTRICTION_GROUNDS,
} from '@dsar/domain';

/**
 * What POST /v1/requests accepts, field by field (mirrors the DTOs of apps/intake), so
 * that a mutation can be built to be invalid by construction: the fuzz test never
 * depends on the app to tell it which of its inputs were invalid.
 */
export type FieldSpec =
  | { kind: 'enum'; values: readonly string[]; required: boolean }
  | { kind: 'email'; required: boolean }
  | { kind: 'date'; required: boolean }
  | { kind: 'country'; required: boolean }
  | { kind: 'string'; min: number; max: number; required: boolean }
  | { kind: 'pattern'; pattern: RegExp; required: boolean }
  | { kind: 'https-url'; required: boolean }
  | { kind: 'object'; fields: Record<string, FieldSpec>; required: boolean }
  | { kind: 'array'; of: FieldSpec; min: number; max?: number; required: boolean };

export const CONTROLLER_ID = /^[a-z0-9][a-z0-9-]{0,62}$/;
const CATEGORY = /^[a-z0-9][a-z0-9-]{0,62}$/;
const DIRECTIVE_REFERENCE = /^DSAR-[0-9A-Z]{4}-[0-9A-Z]{4}$/;

const req = <T extends object>(spec: T) => ({ ...spec, required: true });
const opt = <T extends object>(spec: T) => ({ ...spec, required: false });

const PERSON_FIELDS: Record<string, FieldSpec> = {
  email: req({ kind: 'email' as const }),
  fullName: opt({ kind: 'string' as const, min: 1, max: 200 }),
  dateOfBirth: opt({ kind: 'date' as const }),
  countryOfResidence: opt({ kind: 'country' as const }),
};

const categories = opt({ kind: 'array' as const, of: req({ kind: 'pattern' as const, pattern: CATEGORY }), min: 0, max: 50 });

export const DETAILS_SPEC: Record<RequestType, Record<string, FieldSpec>> = {
  access: { scope: req({ kind: 'enum' as const, values: ['all', 'categories'] }), categories },
  rectification: {
    items: req({
      kind: 'array' as const,
      min: 1,
      max: 50,
      of: req({
        kind: 'object' as const,
        fields: {
          data: req({ kind: 'string' as const, min: 1, max: 200 }),
          currentValue: opt({ kind: 'string' as const, min: 0, max: 1000 }),
          correctedValue: req({ kind: 'string' as const, min: 1, max: 1000 }),
        },
      }),
    }),
  },
  erasure: {
    scope: req({ kind: 'enum' as const, values: ['all', 'categories'] }),
    categories,
    ground: req({ kind: 'enum' as const, values: ERASURE_GROUNDS }),
  },
  restriction: { ground: req({ kind: 'enum' as const, values: RESTRICTION_GROUNDS }), categories },
  objection: {
    processing: req({ kind: 'enum' as const, values: OBJECTION_PROCESSING }),
    purposes: opt({ kind: 'array' as const, of: req({ kind: 'string' as const, min: 0, max: 200 }), min: 0, max: 50 }),
    reasons: opt({ kind: 'string' as const, min: 0, max: 4000 }),
  },
  portability: {
    formats: req({ kind: 'array' as const, of: req({ kind: 'enum' as const, values: PORTABILITY_FORMATS }), min: 1 }),
    transmitTo: opt({
      kind: 'object' as const,
      fields: { controllerName: req({ kind: 'string' as const, min: 1, max: 200 }), endpoint: req({ kind: 'https-url' as const }) },
    }),
  },
  'consent-withdrawal': {
    purposes: req({ kind: 'array' as const, of: req({ kind: 'string' as const, min: 1, max: 200 }), min: 1, max: 50 }),
  },
  information: { topics: opt({ kind: 'array' as const, of: req({ kind: 'enum' as const, values: INFORMATION_TOPICS }), min: 0 }) },
  'post-mortem-directive': {
    action: req({ kind: 'enum' as const, values: ['register', 'change', 'revoke'] }),
    scope: opt({ kind: 'enum' as const, values: ['general', 'specific'] }),
    instructions: opt({
      kind: 'array' as const,
      min: 0,
      max: 50,
      of: req({
        kind: 'object' as const,
        fields: {
          target: req({ kind: 'string' as const, min: 1, max: 200 }),
          action: req({ kind: 'enum' as const, values: DIRECTIVE_ACTIONS }),
          recipient: opt({ kind: 'string' as const, min: 0, max: 200 }),
        },
      }),
    }),
    designatedPerson: opt({
      kind: 'object' as const,
      fields: { fullName: req({ kind: 'string' as const, min: 1, max: 200 }), email: req({ kind: 'email' as const }) },
    }),
    directiveReference: opt({ kind: 'pattern' as const, pattern: DIRECTIVE_REFERENCE }),
  },
  'deceased-subject': {
    dateOfDeath: req({ kind: 'date' as const }),
    purpose: req({ kind: 'enum' as const, values: DECEASED_SUBJECT_PURPOSES }),
    explanation: opt({ kind: 'string' as const, min: 0, max: 4000 }),
  },
};

/** The whole body of POST /v1/requests for one request type. */
export function bodySpec(type: RequestType): FieldSpec {
  return req({
    kind: 'object' as const,
    fields: {
      controllerId: opt({ kind: 'pattern' as const, pattern: CONTROLLER_ID }),
      type: req({ kind: 'enum' as const, values: REQUEST_TYPES }),
      details: req({ kind: 'object' as const, fields: DETAILS_SPEC[type] }),
      subject: req({ kind: 'object' as const, fields: PERSON_FIELDS }),
      requester: opt({
        kind: 'object' as const,
        fields: {
          ...PERSON_FIELDS,
          kind: req({ kind: 'enum' as const, values: REQUESTER_KINDS }),
          relationship: opt({ kind: 'string' as const, min: 0, max: 100 }),
        },
      }),
      language: opt({ kind: 'enum' as const, values: LANGUAGES }),
    },
  });
}

/** Every enum value the API knows, so that an "out of enum" value is out of every enum. */
export const ALL_ENUM_VALUES = new Set<string>([
  ...REQUEST_TYPES,
  ...REQUESTER_KINDS,
  ...LANGUAGES,
  ...ERASURE_GROUNDS,
  ...RESTRICTION_GROUNDS,
  ...OBJECTION_PROCESSING,
  ...PORTABILITY_FORMATS,
  ...INFORMATION_TOPICS,
  ...DIRECTIVE_ACTIONS,
  ...DECEASED_SUBJECT_PURPOSES,
  'all',
  'categories',
  'register',
  'change',
  'revoke',
  'general',
  'specific',
]);

/** Every property name any DTO declares: an "unknown field" is none of them. */
export const ALL_FIELD_NAMES = new Set<string>(
  (function names(spec: FieldSpec): string[] {
    if (spec.kind === 'object') return Object.entries(spec.fields).flatMap(([name, child]) => [name, ...names(child)]);
    if (spec.kind === 'array') return names(spec.of);
    return [];
  })({
    kind: 'object',
    required: true,
    fields: Object.fromEntries(REQUEST_TYPES.map((type) => [type, bodySpec(type)])),
  }),
);

/** Names inherited from Object.prototype (constructor, toString, __proto__, ...). */
export const OBJECT_PROTOTYPE_NAMES = new Set<string>(Object.getOwnPropertyNames(Object.prototype));

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };
export type Path = (string | number)[];

export const isObject = (value: unknown): value is JsonObject => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Sets an own, enumerable property, even one named __proto__ (plain assignment would change the prototype). */
export function defineKey(target: JsonObject, key: string, value: Json): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

export const clone = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

export function getAt(root: Json, path: Path): Json | undefined {
  let node: Json | undefined = root;
  for (const step of path) {
    if (Array.isArray(node) && typeof step === 'number') node = node[step];
    else if (isObject(node) && typeof step === 'string' && Object.prototype.hasOwnProperty.call(node, step)) node = node[step];
    else return undefined;
  }
  return node;
}

export function setAt(root: Json, path: Path, value: Json | undefined): void {
  const parent = getAt(root, path.slice(0, -1));
  const last = path[path.length - 1];
  if (Array.isArray(parent) && typeof last === 'number') {
    if (value === undefined) parent.splice(last, 1);
    else parent[last] = value;
  } else if (isObject(parent) && typeof last === 'string') {
    if (value === undefined) delete parent[last];
    else defineKey(parent, last, value);
  }
}

export interface SpecAt {
  path: Path;
  spec: FieldSpec;
  present: boolean;
}

/**
 * The fields of a body that a mutation can target: every field whose parent exists,
 * present or not; array elements that exist.
 */
export function fieldsOf(body: Json, spec: FieldSpec, path: Path = []): SpecAt[] {
  const value = getAt(body, path);
  const here: SpecAt[] = path.length > 0 ? [{ path, spec, present: value !== undefined }] : [];
  if (spec.kind === 'object' && isObject(value)) {
    return [...here, ...Object.entries(spec.fields).flatMap(([name, child]) => fieldsOf(body, child, [...path, name]))];
  }
  if (spec.kind === 'array' && Array.isArray(value)) {
    return [...here, ...value.flatMap((_, index) => fieldsOf(body, spec.of, [...path, index]).map((f) => f))];
  }
  return here;
}

/** Object nodes of a body (the root included), where an unknown key can go. */
export function objectNodesOf(body: Json, path: Path = []): Path[] {
  const value = getAt(body, path);
  if (isObject(value)) return [path, ...Object.keys(value).flatMap((key) => objectNodesOf(body, [...path, key]))];
  if (Array.isArray(value)) return value.flatMap((_, index) => objectNodesOf(body, [...path, index]));
  return [];
}

export const pathText = (path: Path) => path.map((step) => (typeof step === 'number' ? `[${step}]` : `.${step}`)).join('') || '(root)';
