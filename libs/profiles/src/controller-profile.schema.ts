/**
 * The shape of a controller profile file (JSON Schema 2020-12). Enumerations come from
 * @dsar/domain so the schema and the types cannot drift; meaning (references, codes, durations,
 * consistency) is checked afterwards by the domain's `validateControllerProfile`.
 */
import {
  AUTHORITY_PROOFS,
  AUTOMATED_DECISION_EXCEPTIONS,
  CHANNELS,
  ID_DOCUMENT_DEMANDS,
  IDENTITY_PROOFS,
  LANGUAGES,
  LEGAL_BASES,
  MINOR_CONSENT_GIVERS,
  POST_MORTEM_DIRECTIVE_KINDS,
  POST_MORTEM_RULES,
  RECIPIENT_KINDS,
  REGIMES,
  REQUEST_TYPES,
  REQUESTER_KINDS,
  RETENTION_EVENTS,
  SOURCE_KINDS,
  SYSTEM_KINDS,
  TRANSFER_SAFEGUARDS,
} from '@dsar/domain';

type Schema = Record<string, unknown>;

const text: Schema = { type: 'string', minLength: 1 };
const email: Schema = { type: 'string', format: 'email' };
const url: Schema = { type: 'string', format: 'uri' };
const bool: Schema = { type: 'boolean' };
const oneOf = (values: readonly string[]): Schema => ({ type: 'string', enum: [...values] });
const listOf = (items: Schema, minItems = 0): Schema => ({ type: 'array', items, ...(minItems > 0 ? { minItems } : {}) });
const ids: Schema = listOf(text);

function object(properties: Record<string, Schema>, required: string[] = []): Schema {
  return { type: 'object', properties, required, additionalProperties: false };
}

function keyedBy(keys: readonly string[], value: Schema): Schema {
  return object(Object.fromEntries(keys.map((key) => [key, value])));
}

const localized: Schema = { ...keyedBy(LANGUAGES, text), minProperties: 1 };

const postalAddress = object({ lines: listOf(text), postalCode: text, locality: text, country: text }, ['lines', 'locality', 'country']);

const identityRequirement = object({ accepted: listOf(oneOf(IDENTITY_PROOFS), 1), idDocument: oneOf(ID_DOCUMENT_DEMANDS) }, [
  'accepted',
  'idDocument',
]);

const representativeRequirement = object({ accepted: listOf(oneOf(AUTHORITY_PROOFS), 1), confirmWithSubject: bool }, ['accepted']);

const retentionProperties: Record<string, Schema> = {
  period: text,
  startsAt: oneOf(RETENTION_EVENTS),
  until: oneOf(RETENTION_EVENTS),
  basis: text,
  scope: localized,
  then: listOf({ $ref: '#/$defs/retention' }),
  cases: listOf({ $ref: '#/$defs/retentionCase' }),
};

export const CONTROLLER_PROFILE_SCHEMA: Schema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'https://dsar.local/schemas/controller-profile.json',
  title: 'Controller profile',
  $defs: {
    retention: object(retentionProperties, ['basis']),
    retentionCase: object({ when: localized, ...retentionProperties }, ['when', 'basis']),
  },
  ...object(
    {
      id: text,
      legalEntity: object(
        {
          name: text,
          legalForm: text,
          registrations: listOf(object({ register: text, number: text }, ['register', 'number'])),
          address: postalAddress,
          representative: text,
          website: url,
        },
        ['name', 'address'],
      ),
      dpo: object({ name: text, email, postalAddress, phone: text, url }),
      languages: listOf(oneOf(LANGUAGES), 1),
      jurisdictions: listOf(object({ regime: oneOf(REGIMES), countriesOfResidence: listOf(text, 1) }, ['regime']), 1),
      supervisoryAuthorities: listOf(
        object({ id: text, name: text, country: text, website: url, countriesOfResidence: listOf(text, 1), lead: bool }, [
          'id',
          'name',
          'country',
        ]),
        1,
      ),
      channels: listOf(object({ id: text, kind: oneOf(CHANNELS), email, postalAddress, url }, ['id', 'kind']), 1),
      rights: listOf(object({ type: oneOf(REQUEST_TYPES), channels: ids }, ['type']), 1),
      deadlines: object(
        {
          regime: oneOf(REGIMES),
          country: text,
          subdivision: text,
          timeZone: text,
          internalTargetDays: { type: 'integer', minimum: 1 },
        },
        ['regime', 'country', 'timeZone'],
      ),
      identity: object(
        {
          default: identityRequirement,
          byRequestType: keyedBy(REQUEST_TYPES, identityRequirement),
          representatives: keyedBy(
            REQUESTER_KINDS.filter((kind) => kind !== 'subject'),
            representativeRequirement,
          ),
        },
        ['default'],
      ),
      fees: object(
        {
          extraCopies: object(
            {
              charged: bool,
              basis: text,
              amount: object({ value: { type: 'number', exclusiveMinimum: 0 }, currency: text }, ['value', 'currency']),
            },
            ['charged'],
          ),
        },
        ['extraCopies'],
      ),
      minors: object({ guardianActsBelowAge: { type: 'integer', minimum: 1, maximum: 18 }, consentBy: oneOf(MINOR_CONSENT_GIVERS) }, [
        'guardianActsBelowAge',
        'consentBy',
      ]),
      postMortem: object({ rules: oneOf(POST_MORTEM_RULES), directives: listOf(oneOf(POST_MORTEM_DIRECTIVE_KINDS)) }, [
        'rules',
        'directives',
      ]),
      register: object(
        {
          dataCategories: listOf(object({ id: text, name: localized, special: bool }, ['id', 'name']), 1),
          sources: listOf(object({ id: text, name: localized, kind: oneOf(SOURCE_KINDS) }, ['id', 'name', 'kind']), 1),
          recipients: listOf(
            object({ id: text, name: localized, kind: oneOf(RECIPIENT_KINDS), named: bool, country: text, contactEmail: email }, [
              'id',
              'name',
              'kind',
              'named',
            ]),
          ),
          purposes: listOf(
            object(
              {
                id: text,
                name: localized,
                legalBasis: oneOf(LEGAL_BASES),
                legitimateInterest: localized,
                legalObligation: text,
                dataCategories: ids,
                sources: ids,
                recipients: ids,
                retention: { $ref: '#/$defs/retention' },
              },
              ['id', 'name', 'legalBasis', 'dataCategories', 'sources', 'recipients', 'retention'],
            ),
            1,
          ),
          transfers: listOf(
            object(
              {
                id: text,
                countries: listOf(text, 1),
                safeguards: listOf(oneOf(TRANSFER_SAFEGUARDS), 1),
                activity: localized,
                recipients: ids,
                purposes: ids,
              },
              ['id', 'countries', 'safeguards'],
            ),
          ),
          automatedDecisions: listOf(
            object(
              {
                id: text,
                purpose: text,
                description: localized,
                significantEffects: bool,
                exception: oneOf(AUTOMATED_DECISION_EXCEPTIONS),
                logic: localized,
              },
              ['id', 'purpose', 'description', 'significantEffects'],
            ),
          ),
        },
        ['dataCategories', 'sources', 'recipients', 'purposes', 'transfers', 'automatedDecisions'],
      ),
      systems: listOf(
        object({ id: text, name: text, kind: oneOf(SYSTEM_KINDS), operator: text, owner: object({ email }, ['email']) }, [
          'id',
          'name',
          'kind',
        ]),
        1,
      ),
      systemsMap: { type: 'object', additionalProperties: listOf(text, 1) },
      fulfilment: object({
        reviewBefore: listOf(oneOf(REQUEST_TYPES)),
        delivery: object(
          {
            downloadTtlDays: { type: 'integer', minimum: 1, maximum: 90 },
            maxDownloads: { type: 'integer', minimum: 1, maximum: 100 },
            packageRetentionDays: { type: 'integer', minimum: 1, maximum: 3650 },
          },
          ['downloadTtlDays', 'maxDownloads', 'packageRetentionDays'],
        ),
      }),
    },
    [
      'id',
      'legalEntity',
      'languages',
      'jurisdictions',
      'supervisoryAuthorities',
      'channels',
      'rights',
      'deadlines',
      'identity',
      'fees',
      'minors',
      'postMortem',
      'register',
      'systems',
      'systemsMap',
    ],
  ),
};
