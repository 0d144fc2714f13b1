import { CollectionTask, CollectorError } from './collector';

/** The mapping of the system a task or query names; one this collector does not serve is a permanent failure. */
export function systemMapping<M extends { id: string }>(mappings: readonly M[], systemId: string): M {
  const system = mappings.find((m) => m.id === systemId);
  if (!system) throw new CollectorError(`this collector does not serve ${systemId}`, false);
  return system;
}

/** The parts of a system (tables, resources) a task covers: all of them, unless it names data categories. */
export function inTaskCategories<P extends { category: string }>(task: CollectionTask, parts: P[]): P[] {
  return task.dataCategories ? parts.filter((p) => task.dataCategories!.includes(p.category)) : parts;
}
