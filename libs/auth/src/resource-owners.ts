import { ResourceKind } from './route-access';

export const RESOURCE_OWNERS = Symbol('dsar:resource-owners');

/**
 * How a service finds the controller each kind of resource it serves belongs to: its id,
 * null for a resource of no controller (seen only by staff of every controller), undefined
 * when there is no such resource. Provided by each app under
 * RESOURCE_OWNERS; a route naming a kind its app cannot resolve stops the app at start-up.
 */
export type ResourceOwners = Partial<Record<ResourceKind, (id: string) => Promise<string | null | undefined>>>;
