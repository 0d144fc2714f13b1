import { SetMetadata } from '@nestjs/common';
import { FOR_SYSTEMS } from './api-key.strategy';
import { Permission } from './permissions';

export const IS_PUBLIC = 'dsar:public';
export const REQUIRED_PERMISSION = 'dsar:permission';

/**
 * What a staff route acts on, named by a route parameter (or query parameter): the guard finds
 * the resource's controller and answers 404 when it is not among the caller's controllers,
 * exactly as when it does not exist.
 */
export const RESOURCE_KINDS = ['request', 'verification', 'fulfilment', 'alert', 'mail', 'manual-task', 'controller'] as const;
export type ResourceKind = (typeof RESOURCE_KINDS)[number];

export interface ResourceRef {
  kind: ResourceKind;
  /** The route parameter that names it. */
  param?: string;
  /** Or the query parameter, with the value meant when it is absent. */
  query?: { name: string; absent: string };
  /** Ids of another shape name nothing: the guard leaves them to the route's validation pipe (400). */
  format?: 'uuid';
}

export interface PermissionRequirement {
  permission: Permission;
  resource?: ResourceRef;
}

/** The problem code of a resource that does not exist, or not for the caller. */
export const RESOURCE_NOT_FOUND: Readonly<Record<ResourceKind, string>> = {
  request: 'request-not-found',
  verification: 'verification-not-found',
  fulfilment: 'fulfilment-not-found',
  alert: 'alert-not-found',
  mail: 'mail-not-found',
  'manual-task': 'task-not-found',
  controller: 'unknown-controller',
};

/** Declares a route open without a staff token (health, subject-facing routes that check their own secret). */
export const Public = () => SetMetadata(IS_PUBLIC, true);

/**
 * Declares the permission a staff route needs and, for a route on one resource, which
 * parameter names it (its controller is then checked against the caller's).
 */
export const RequirePermission = (permission: Permission, resource?: ResourceRef) =>
  SetMetadata(REQUIRED_PERMISSION, { permission, ...(resource ? { resource } : {}) } satisfies PermissionRequirement);

/** How a route is reached, from its declarations; undefined when it declares nothing (refused at start-up). */
export type RouteAccess =
  { kind: 'public' } | { kind: 'systems' } | { kind: 'staff'; requirement: PermissionRequirement; systemsToo: boolean };

type Target = object;

export function routeAccessOf(handler: Target, controller: Target): RouteAccess | undefined {
  const read = <T>(key: string): T | undefined => Reflect.getMetadata(key, handler) ?? Reflect.getMetadata(key, controller);
  if (read<boolean>(IS_PUBLIC)) return { kind: 'public' };
  const requirement = read<PermissionRequirement>(REQUIRED_PERMISSION);
  const systems = read<boolean>(FOR_SYSTEMS) === true;
  if (requirement) return { kind: 'staff', requirement, systemsToo: systems };
  return systems ? { kind: 'systems' } : undefined;
}
