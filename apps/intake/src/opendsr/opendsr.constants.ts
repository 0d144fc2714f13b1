/**
 * The vocabulary of the OpenDSR 2.0 specification (opengdpr/OpenDSR, specification.md) and
 * of its 1.0 predecessor OpenGDPR (branch opengdpr_v1), kept in one place so that every
 * controller, DTO and test speaks the same words. See README.md beside this file.
 */

/** §6.2 Subject Request Types (and §7.1.1 `subject_request_type`). */
export const OPENDSR_SUBJECT_REQUEST_TYPES = ['access', 'portability', 'erasure'] as const;
export type OpenDsrSubjectRequestType = (typeof OPENDSR_SUBJECT_REQUEST_TYPES)[number];

/** §5.1 Identity Type Keys. */
export const OPENDSR_IDENTITY_TYPES = [
  'controller_customer_id',
  'android_advertising_id',
  'android_id',
  'email',
  'fire_advertising_id',
  'ios_advertising_id',
  'ios_vendor_id',
  'microsoft_advertising_id',
  'microsoft_publisher_id',
  'roku_publisher_id',
  'roku_advertising_id',
] as const;
export type OpenDsrIdentityType = (typeof OPENDSR_IDENTITY_TYPES)[number];

/** §5.2 Identity Formats. */
export const OPENDSR_IDENTITY_FORMATS = ['raw', 'sha1', 'md5', 'sha256'] as const;
export type OpenDsrIdentityFormat = (typeof OPENDSR_IDENTITY_FORMATS)[number];

/** §7.1.1 `regulation`: "'gdpr' or 'ccpa' are currently supported" (new in 2.0). */
export const OPENDSR_REGULATIONS = ['gdpr', 'ccpa'] as const;
export type OpenDsrRegulation = (typeof OPENDSR_REGULATIONS)[number];

/** §8 OpenDSR Status. */
export const OPENDSR_REQUEST_STATUSES = ['pending', 'in_progress', 'completed', 'cancelled'] as const;
export type OpenDsrRequestStatus = (typeof OPENDSR_REQUEST_STATUSES)[number];

/** §1.1: GUIDs MUST be lowercase and v4; §7.1.1: `subject_request_id` is a UUID v4. */
export const LOWERCASE_UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** §8.3 / §8.6 headers, and their 1.0 names kept by §10.1 "Migration from OpenGDPR". */
export const OPENDSR_HEADERS = {
  processorDomain: 'X-OpenDSR-Processor-Domain',
  signature: 'X-OpenDSR-Signature',
} as const;
export const OPENGDPR_HEADERS = {
  processorDomain: 'X-OpenGDPR-Processor-Domain',
  signature: 'X-OpenGDPR-Signature',
} as const;

export type OpenDsrApiVersion = '1.0' | '2.0';

/** What differs between the 2.0 routes and the 1.0 routes that §10.1 keeps. */
export interface OpenDsrProtocol {
  /** The `api_version` this route family answers with (§3.4, §6.3). */
  apiVersion: OpenDsrApiVersion;
  /** §3.4: the major version at the start of every URL. */
  major: 1 | 2;
  /** The path segment before the major version (`v2`). */
  versionSegment: 'v1' | 'v2';
  /** The RESTful noun: `requests` in 2.0, `opengdpr_requests` in 1.0. */
  requestsResource: 'requests' | 'opengdpr_requests';
  /** §7.1.1: `regulation` is REQUIRED in 2.0 and did not exist in 1.0. */
  regulationRequired: boolean;
  /** §8.3 / §8.6: `results_count` was added in 2.0. */
  hasResultsCount: boolean;
}

export const OPENDSR_V2: OpenDsrProtocol = {
  apiVersion: '2.0',
  major: 2,
  versionSegment: 'v2',
  requestsResource: 'requests',
  regulationRequired: true,
  hasResultsCount: true,
};

export const OPENGDPR_V1: OpenDsrProtocol = {
  apiVersion: '1.0',
  major: 1,
  versionSegment: 'v1',
  requestsResource: 'opengdpr_requests',
  regulationRequired: false,
  hasResultsCount: false,
};

/** 1.0 was GDPR only: a 1.0 request without `regulation` is a GDPR request. */
export const OPENGDPR_V1_DEFAULT_REGULATION: OpenDsrRegulation = 'gdpr';
