import { ProfilePathSegment } from '@dsar/domain';
import { Document, isAlias, isMap, isPair, isScalar, isSeq, LineCounter, Node } from 'yaml';

export interface SourcePosition {
  line: number;
  column: number;
}

/**
 * Where a JSON path lands in a parsed YAML document, as a 1-based line and column. The path
 * points at a value; with `atKey`, at the key that holds it (for unknown fields). When the path
 * goes further than the document (a missing field), the deepest node that exists is used, so a
 * missing field points at the mapping that lacks it.
 */
export function locate(document: Document, lineCounter: LineCounter, path: readonly ProfilePathSegment[], atKey = false): SourcePosition {
  let node: unknown = document.contents;
  let position = offsetOf(node) ?? 0;
  for (let index = 0; index < path.length; index += 1) {
    const segment = path[index];
    const last = index === path.length - 1;
    if (isAlias(node)) node = node.resolve(document);
    if (isMap(node)) {
      const pair = node.items.find((item) => isPair(item) && isScalar(item.key) && String(item.key.value) === String(segment));
      if (!pair) break;
      const keyOffset = offsetOf(pair.key);
      const valueOffset = offsetOf(pair.value);
      if ((last && atKey) || valueOffset === undefined || isEmptyScalar(pair.value)) {
        position = keyOffset ?? position;
        if (valueOffset === undefined || isEmptyScalar(pair.value)) break;
      } else {
        position = valueOffset;
      }
      node = pair.value;
    } else if (isSeq(node) && typeof segment === 'number') {
      const item = node.items[segment];
      const offset = offsetOf(item);
      if (offset === undefined) break;
      position = offset;
      node = item;
    } else {
      break;
    }
  }
  const { line, col } = lineCounter.linePos(position);
  return { line, column: col };
}

function offsetOf(node: unknown): number | undefined {
  const range = (node as Node | null | undefined)?.range;
  return range ? range[0] : undefined;
}

function isEmptyScalar(node: unknown): boolean {
  return isScalar(node) && node.value === null && node.source === '';
}
