/**
 * JSON paths into a profile, written as in `register.purposes[2].retention.startsAt`; a key that
 * is not a plain identifier is quoted: `systemsMap["odd.key"]`.
 */
export type ProfilePathSegment = string | number;

const PLAIN_KEY = /^[A-Za-z0-9_-]+$/;

export function formatProfilePath(segments: readonly ProfilePathSegment[]): string {
  let out = '';
  for (const segment of segments) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (PLAIN_KEY.test(segment)) out += out === '' ? segment : `.${segment}`;
    else out += `[${JSON.stringify(segment)}]`;
  }
  return out;
}

export function parseProfilePath(path: string): ProfilePathSegment[] {
  const segments: ProfilePathSegment[] = [];
  const token = /([A-Za-z0-9_-]+)|\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\]/g;
  for (let match = token.exec(path); match; match = token.exec(path)) {
    if (match[1] !== undefined) segments.push(match[1]);
    else if (match[2] !== undefined) segments.push(Number(match[2]));
    else segments.push(JSON.parse(match[3]) as string);
  }
  return segments;
}
