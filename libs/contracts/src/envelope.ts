import { randomUUID } from 'node:crypto';
import { EventDataByType } from './event-data';
import { EventType } from './topics';

/**
 * A CloudEvents 1.0 event in structured JSON mode, with two extension attributes:
 * `controllerid` (the controller the request belongs to) and `correlationid`
 * (the id shared by every event caused by one request). `subject` is the request id,
 * which is also the Kafka message key, so one request's events stay ordered.
 */
export interface DsarEvent<T extends EventType = EventType> {
  specversion: '1.0';
  id: string;
  source: string;
  type: T;
  time: string;
  subject: string;
  datacontenttype: 'application/json';
  dataschema: string;
  controllerid: string;
  correlationid: string;
  data: EventDataByType[T];
}

export interface NewEvent<T extends EventType> {
  type: T;
  source: string;
  subject: string;
  controllerId: string;
  correlationId?: string;
  data: EventDataByType[T];
  id?: string;
  time?: Date;
}

export const SCHEMA_BASE_URI = 'https://dsar.dev/schemas/events/';

export function createEvent<T extends EventType>(event: NewEvent<T>): DsarEvent<T> {
  return {
    specversion: '1.0',
    id: event.id ?? randomUUID(),
    source: event.source,
    type: event.type,
    time: (event.time ?? new Date()).toISOString(),
    subject: event.subject,
    datacontenttype: 'application/json',
    dataschema: `${SCHEMA_BASE_URI}${event.type}.json`,
    controllerid: event.controllerId,
    correlationid: event.correlationId ?? event.subject,
    data: event.data,
  };
}
