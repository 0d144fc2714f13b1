import { randomUUID } from 'node:crypto';
import { createEvent } from './envelope';
import { ATTENTION_REASONS } from './event-data';
import { EventTypes, ALL_EVENT_TYPES, ALL_TOPICS, deadLetterTopic, topicOf, topicsOf } from './topics';
import { ContractViolation, EVENT_SCHEMAS, validateEvent } from './validator';

const requestId = randomUUID();

function received(overrides: Record<string, unknown> = {}) {
  return createEvent({
    type: EventTypes.RequestReceived,
    source: 'dsar/intake',
    subject: requestId,
    controllerId: 'demo',
    data: {
      requestId,
      reference: 'DSAR-AB12-CD34',
      requestType: 'access',
      channel: 'api',
      receivedAt: '2026-03-05T10:00:00.000Z',
      dueAt: '2026-04-06T23:59:59.999Z',
      dueRule: 'gdpr-art-12-3',
      requesterKind: 'subject',
      contactEmail: 'ada@example.org',
      subjectEmail: 'ada@example.org',
      language: 'en',
      ...overrides,
    } as never,
  });
}

describe('event contracts', () => {
  it('accepts a well-formed event and fills the CloudEvents attributes', () => {
    const event = validateEvent(received());
    expect(event.specversion).toBe('1.0');
    expect(event.dataschema).toBe('https://dsar.dev/schemas/events/dsar.request.received.v1.json');
    expect(event.correlationid).toBe(requestId);
  });

  it('rejects data that breaks the schema of its type, naming the field', () => {
    expect(() => validateEvent(received({ subjectEmail: 'not-an-email' }))).toThrow(/\/data\/subjectEmail/);
  });

  it('rejects unknown properties in the data', () => {
    expect(() => validateEvent(received({ exportedRows: [] }))).toThrow(ContractViolation);
  });

  it('rejects an envelope without its extension attributes', () => {
    const { controllerid: _dropped, ...rest } = received();
    expect(() => validateEvent(rest)).toThrow(/controllerid/);
  });

  it('rejects an unknown event type', () => {
    expect(() => validateEvent({ ...received(), type: 'dsar.request.exploded.v1' })).toThrow(/not a known event type/);
  });

  it('requires an export reference when a collection result says exported', () => {
    const event = createEvent({
      type: EventTypes.CollectionResultReported,
      source: 'dsar/collector-postgres',
      subject: requestId,
      controllerId: 'demo',
      data: { requestId, taskId: randomUUID(), systemId: 'crm', outcome: 'exported', recordCount: 3 },
    });
    expect(() => validateEvent(event)).toThrow(/export/);
  });

  it('carries the code or link of a challenge sealed, and refuses it in clear', () => {
    const challenge = (data: Record<string, unknown>) =>
      createEvent({
        type: EventTypes.VerificationChallengeIssued,
        source: 'dsar/identity',
        subject: requestId,
        controllerId: 'demo',
        data: {
          requestId,
          challengeId: randomUUID(),
          recipient: 'ada@example.org',
          expiresAt: '2026-03-05T10:15:00.000Z',
          language: 'en',
          ...data,
        } as never,
      });
    const sealedSecret = `v1.${'A'.repeat(16)}.${'B'.repeat(10)}.${'C'.repeat(22)}`;
    expect(() => validateEvent(challenge({ method: 'email-code', sealedSecret }))).not.toThrow();
    expect(() => validateEvent(challenge({ method: 'magic-link', sealedSecret }))).not.toThrow();
    expect(() => validateEvent(challenge({ method: 'email-code', sealedSecret: '123456' }))).toThrow(/sealedSecret/);
    expect(() => validateEvent(challenge({ method: 'email-code', sealedSecret, code: '123456' }))).toThrow(/additional/);
    expect(() => validateEvent(challenge({ method: 'magic-link', link: 'https://dsar.example.org/v/abc' }))).toThrow(/sealedSecret/);
  });

  it('names the same attention reasons in the schema as in the contract', () => {
    expect(EVENT_SCHEMAS[EventTypes.FulfilmentAttentionRequired].properties.data.properties.reason.enum).toEqual([...ATTENTION_REASONS]);
  });

  it('accepts per-category outcomes with what was kept, and refuses a kept entry without its legal basis', () => {
    const result = (kept: Record<string, unknown>) =>
      createEvent({
        type: EventTypes.CollectionResultReported,
        source: 'dsar/collector-postgres',
        subject: requestId,
        controllerId: 'demo',
        data: {
          requestId,
          taskId: randomUUID(),
          systemId: 'billing',
          action: 'erase',
          outcome: 'completed',
          recordCount: 4,
          categories: [{ category: 'orders', records: 4, erased: 1, kept: [kept] }],
        } as never,
      });
    expect(() => validateEvent(result({ records: 3, basis: 'Code de commerce art. L123-22', until: '2036-12-31' }))).not.toThrow();
    expect(() => validateEvent(result({ records: 3, until: '2036-12-31' }))).toThrow(/basis/);
    expect(() => validateEvent(result({ records: 3, basis: 'x', until: 'in ten years' }))).toThrow(/until/);
  });

  it('has one published schema per event type and a dead-letter topic per consumer', () => {
    for (const type of ALL_EVENT_TYPES) {
      expect(EVENT_SCHEMAS[type].$id).toContain(type);
    }
    expect(deadLetterTopic('fulfilment')).toBe('dsar.dlq.fulfilment.v1');
  });

  it("carries every type of a request's events on one topic, so a consumer reads them in their causal order", () => {
    expect(topicsOf(ALL_EVENT_TYPES)).toEqual(['dsar.request.events.v1']);
    expect(ALL_TOPICS).toEqual(['dsar.request.events.v1']);
    for (const type of ALL_EVENT_TYPES) expect(ALL_TOPICS).toContain(topicOf(type));
  });

  it('takes a reply refused in review with a reason of the request lifecycle, and a ready reply without a download link', () => {
    const rejected = (data: Record<string, unknown>) =>
      createEvent({
        type: EventTypes.FulfilmentReplyRejected,
        source: 'dsar/fulfilment',
        subject: requestId,
        controllerId: 'demo',
        data: { requestId, rejectedAt: '2026-03-05T10:00:00.000Z', ...data } as never,
      });
    expect(() => validateEvent(rejected({ reason: 'legal-exemption', explanation: 'Art. 23' }))).not.toThrow();
    expect(() => validateEvent(rejected({ reason: 'legal-exception' }))).toThrow(/reason/);
    const ready = createEvent({
      type: EventTypes.FulfilmentReplyReady,
      source: 'dsar/fulfilment',
      subject: requestId,
      controllerId: 'demo',
      data: { requestId, packageVersion: 1, readyAt: '2026-03-05T10:00:00.000Z', downloadUrl: 'https://x' } as never,
    });
    expect(() => validateEvent(ready)).toThrow(/must NOT have additional properties/);
  });
});
