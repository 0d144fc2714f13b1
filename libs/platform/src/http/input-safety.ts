/** A field at fault and what is wrong with it. */
export interface FieldProblem {
  field: string;
  message: string;
}

/** Deepest nesting any body, query or form may have: no DTO of the platform goes beyond a few levels. */
export const MAX_INPUT_DEPTH = 32;

/**
 * Control characters no text of the platform carries: NUL (which PostgreSQL refuses in text),
 * the other C0 controls but tab, line feed and carriage return, and DEL.
 */
// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;

/** Largest number a request may carry: beyond it, integer arithmetic and columns lose it. */
const MAX_SAFE = Number.MAX_SAFE_INTEGER;

// Keys that name members of every object: whitelisting cannot see them as unknown.
const RESERVED_KEYS = new Set([...Object.getOwnPropertyNames(Object.prototype), 'prototype']);

export function hasControlCharacter(text: string): boolean {
  return CONTROL_CHARACTERS.test(text);
}

/**
 * What no route accepts, found without recursion (a deep body must not exhaust the stack): nesting
 * beyond MAX_INPUT_DEPTH, keys named like the members of every object (`constructor`,
 * `__proto__`…), control characters in keys or strings, and numbers beyond the safe integers.
 */
export function structuralProblems(value: unknown, root = ''): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const stack: { node: unknown; path: string; depth: number }[] = [{ node: value, path: root, depth: 0 }];
  while (stack.length > 0 && problems.length < 20) {
    const { node, path, depth } = stack.pop()!;
    const field = path || '(body)';
    if (depth > MAX_INPUT_DEPTH) {
      problems.push({ field, message: `nested more than ${MAX_INPUT_DEPTH} levels deep` });
      break;
    }
    if (typeof node === 'string') {
      if (hasControlCharacter(node)) problems.push({ field, message: 'contains a control character' });
      continue;
    }
    if (typeof node === 'number') {
      if (!Number.isFinite(node) || Math.abs(node) > MAX_SAFE) problems.push({ field, message: 'is too large a number' });
      continue;
    }
    if (node === null || typeof node !== 'object' || ArrayBuffer.isView(node)) continue;
    for (const key of Object.keys(node)) {
      const child = path ? `${path}.${key}` : key;
      if (RESERVED_KEYS.has(key)) problems.push({ field: child, message: `property ${key} should not exist` });
      else if (hasControlCharacter(key)) problems.push({ field: path || '(body)', message: 'has a key with a control character' });
      else stack.push({ node: (node as Record<string, unknown>)[key], path: child, depth: depth + 1 });
    }
  }
  return problems;
}
