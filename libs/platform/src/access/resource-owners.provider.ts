import { Provider } from '@nestjs/common';
import { RESOURCE_OWNERS, ResourceKind, ResourceOwners } from '@dsar/auth';
import { DataSource, EntityTarget, FindOptionsWhere } from 'typeorm';

/** Finds, with the app's data source, the controller of a resource by its id. */
export type OwnerLookup = (dataSource: DataSource) => (id: string) => Promise<string | null | undefined>;

/** The owner of rows of an entity that carries `controllerId`, found by one of its columns. */
export function ownerByColumn<T extends { controllerId: string | null }>(entity: EntityTarget<T>, column: keyof T & string): OwnerLookup {
  return (dataSource) => async (id) => {
    const where = { [column]: id } as FindOptionsWhere<T>;
    const row = await dataSource.manager.findOne(entity, { where });
    return row ? row.controllerId : undefined;
  };
}

/** An app's RESOURCE_OWNERS: how the access guard traces each kind of resource it serves to a controller. */
export function resourceOwners(lookups: Partial<Record<ResourceKind, OwnerLookup>>): Provider {
  return {
    provide: RESOURCE_OWNERS,
    inject: [DataSource],
    useFactory: (dataSource: DataSource): ResourceOwners =>
      Object.fromEntries(Object.entries(lookups).map(([kind, lookup]) => [kind, lookup(dataSource)])),
  };
}
