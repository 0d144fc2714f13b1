import {
  ControllerProfile,
  formatProfilePath,
  parseProfilePath,
  ProfileIssue,
  ProfilePathSegment,
  validateControllerProfile,
} from '@dsar/domain';
import Ajv2020, { ErrorObject } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import { CONTROLLER_PROFILE_SCHEMA } from './controller-profile.schema';
import { locate } from './yaml-locations';

/** A finding located in its file: `file:line:column path: message`. */
export interface ProfileFinding {
  file: string;
  line: number;
  column: number;
  /** JSON path into the profile, '' for the whole file. */
  path: string;
  code: string;
  message: string;
}

export type ProfileProblem = ProfileFinding;

export interface ProfileWarning extends ProfileFinding {
  controllerId: string;
}

export function formatProfileFinding(finding: ProfileFinding): string {
  const where = `${finding.file}:${finding.line}:${finding.column}`;
  return finding.path ? `${where} ${finding.path}: ${finding.message}` : `${where} ${finding.message}`;
}

/** Every problem of every profile file, in one error, so a bad configuration is fixed in one pass. */
export class ControllerProfileError extends Error {
  constructor(readonly problems: ProfileProblem[]) {
    super(
      `${problems.length} problem${problems.length === 1 ? '' : 's'} in controller profiles:\n` +
        problems.map((problem) => `  ${formatProfileFinding(problem)}`).join('\n'),
    );
    this.name = 'ControllerProfileError';
  }
}

export interface ParsedControllerProfile {
  profile: ControllerProfile;
  warnings: ProfileWarning[];
}

export interface LoadedControllerProfiles {
  /** By controller id. */
  profiles: Map<string, ControllerProfile>;
  warnings: ProfileWarning[];
}

const ajv = new Ajv2020({ allErrors: true, strict: true, strictRequired: false, verbose: true });
addFormats(ajv, ['email', 'uri']);
const validateShape = ajv.compile(CONTROLLER_PROFILE_SCHEMA);

const PROFILE_FILE = /\.ya?ml$/;

interface CheckedFile {
  profile?: ControllerProfile;
  problems: ProfileProblem[];
  warnings: ProfileWarning[];
  /** Locates a JSON path in the file, for findings made after the file was checked. */
  at?: (path: string, code: string, message: string) => ProfileProblem;
}

/**
 * Parses and validates one profile. `fileName` is used in messages and must be named after the
 * controller id (`7speaking.yaml` holds `id: 7speaking`). Throws a ControllerProfileError that
 * lists every problem; returns the profile with its warnings.
 */
export function parseControllerProfile(text: string, fileName: string): ParsedControllerProfile {
  const checked = checkProfileText(text, fileName);
  if (checked.problems.length > 0 || !checked.profile) throw new ControllerProfileError(checked.problems);
  return { profile: checked.profile, warnings: checked.warnings };
}

/**
 * Loads every `*.yaml` / `*.yml` file of `dir` as a controller profile. Throws one
 * ControllerProfileError listing every problem of every file; warnings are returned.
 */
export function loadControllerProfiles(dir: string): LoadedControllerProfiles {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new Error(`controller profiles: ${dir} is not a directory`);
  }
  const files = readdirSync(dir)
    .filter((name) => PROFILE_FILE.test(name))
    .sort();
  if (files.length === 0) throw new Error(`controller profiles: no *.yaml file in ${dir}`);

  const profiles = new Map<string, ControllerProfile>();
  const definedIn = new Map<string, string>();
  const problems: ProfileProblem[] = [];
  const warnings: ProfileWarning[] = [];
  for (const name of files) {
    const file = join(dir, name);
    const checked = checkProfileText(readFileSync(file, 'utf8'), file);
    problems.push(...checked.problems);
    warnings.push(...checked.warnings);
    const { profile, at } = checked;
    if (!profile || !at || checked.problems.length > 0) continue;
    const first = definedIn.get(profile.id);
    if (first !== undefined) {
      problems.push(at('id', 'id.duplicate-controller', `controller "${profile.id}" is already defined in ${first}`));
      continue;
    }
    definedIn.set(profile.id, file);
    profiles.set(profile.id, profile);
  }
  if (problems.length > 0) throw new ControllerProfileError(problems);
  return { profiles, warnings };
}

function checkProfileText(text: string, file: string): CheckedFile {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: true, uniqueKeys: true });
  if (document.errors.length > 0) {
    return {
      problems: document.errors.map((error) => {
        const position = error.linePos?.[0] ?? { line: 1, col: 1 };
        return { file, line: position.line, column: position.col, path: '', code: `yaml.${error.code}`, message: firstLine(error.message) };
      }),
      warnings: [],
    };
  }
  const yamlWarnings = document.warnings.map((warning) => {
    const position = warning.linePos?.[0] ?? { line: 1, col: 1 };
    return { file, line: position.line, column: position.col, path: '', code: `yaml.${warning.code}`, message: firstLine(warning.message) };
  });

  const data: unknown = document.toJS({ maxAliasCount: 100 });
  const finding = (path: readonly ProfilePathSegment[], code: string, message: string, atKey = false): ProfileFinding => ({
    file,
    ...locate(document, lineCounter, path, atKey),
    path: formatProfilePath(path),
    code,
    message,
  });

  if (!validateShape(data)) {
    const problems = dedupe((validateShape.errors ?? []).map((error) => describeSchemaError(error, data, finding)));
    return { problems, warnings: [] };
  }
  const profile = data as unknown as ControllerProfile;
  const expectedId = basename(file, extname(file));
  const problems: ProfileProblem[] = [];
  if (profile.id !== expectedId) {
    problems.push(finding(['id'], 'id.file-name', `"${profile.id}" must equal the file name "${expectedId}"`));
  }
  const located = (issue: ProfileIssue) => finding(parseProfilePath(issue.path), issue.code, issue.message);
  const result = validateControllerProfile(profile);
  problems.push(...result.problems.map(located));
  const warnings = [...yamlWarnings, ...result.warnings.map(located)].map((warning) => ({ ...warning, controllerId: profile.id }));
  return {
    profile,
    problems,
    warnings,
    at: (path, code, message) => finding(parseProfilePath(path), code, message),
  };
}

type Locate = (path: readonly ProfilePathSegment[], code: string, message: string, atKey?: boolean) => ProfileFinding;

const TYPE_NAMES: Record<string, string> = {
  string: 'a string',
  integer: 'a whole number',
  number: 'a number',
  boolean: 'true or false',
  array: 'a list',
  object: 'a mapping',
};

const FORMAT_NAMES: Record<string, string> = { email: 'an e-mail address', uri: 'an absolute URL (https://…)' };

/** Turns an ajv error into a located problem with a message a profile author understands. */
function describeSchemaError(error: ErrorObject, data: unknown, finding: Locate): ProfileFinding {
  const path = pointerToPath(error.instancePath, data);
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required':
      return finding([...path, String(params.missingProperty)], 'schema.required', 'is required');
    case 'additionalProperties': {
      const field = String(params.additionalProperty);
      const known = Object.keys((error.parentSchema as { properties?: object } | undefined)?.properties ?? {});
      const suggestion = closest(field, known);
      const hint = suggestion ? `; did you mean "${suggestion}"?` : known.length ? `; known fields: ${known.join(', ')}` : '';
      return finding([...path, field], 'schema.unknown-field', `is not a known field${hint}`, true);
    }
    case 'enum':
      return finding(path, 'schema.enum', `must be one of ${(params.allowedValues as unknown[]).join(', ')}`);
    case 'type':
      return finding(path, 'schema.type', `must be ${TYPE_NAMES[String(params.type)] ?? String(params.type)}`);
    case 'format':
      return finding(path, 'schema.format', `must be ${FORMAT_NAMES[String(params.format)] ?? `a valid ${String(params.format)}`}`);
    case 'minItems':
      return finding(path, 'schema.min-items', `must have at least ${String(params.limit)} item${params.limit === 1 ? '' : 's'}`);
    case 'minLength':
      return finding(path, 'schema.empty', 'must not be empty');
    case 'minProperties':
      return finding(path, 'schema.empty', 'must have at least one entry');
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
      return finding(path, `schema.${error.keyword}`, error.message ?? 'is out of range');
    default:
      return finding(path, `schema.${error.keyword}`, error.message ?? 'is invalid');
  }
}

/** A JSON Pointer as path segments; array indexes become numbers (walking the data to know). */
function pointerToPath(pointer: string, data: unknown): ProfilePathSegment[] {
  if (pointer === '') return [];
  const path: ProfilePathSegment[] = [];
  let node: unknown = data;
  for (const raw of pointer.slice(1).split('/')) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    const segment = Array.isArray(node) && /^\d+$/.test(key) ? Number(key) : key;
    path.push(segment);
    node = node !== null && typeof node === 'object' ? (node as Record<string | number, unknown>)[segment] : undefined;
  }
  return path;
}

function dedupe(findings: ProfileFinding[]): ProfileFinding[] {
  const seen = new Set<string>();
  return findings.filter((finding) => {
    const key = `${finding.path}\u0000${finding.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function firstLine(message: string): string {
  return message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
}

/** The known field closest to a misspelt one, if close enough to be a typo. */
function closest(field: string, known: string[]): string | undefined {
  let best: { name: string; distance: number } | undefined;
  for (const name of known) {
    const distance = editDistance(field.toLowerCase(), name.toLowerCase());
    if (!best || distance < best.distance) best = { name, distance };
  }
  return best && best.distance <= Math.max(2, Math.floor(field.length / 4)) ? best.name : undefined;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= b.length; j += 1) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length];
}
