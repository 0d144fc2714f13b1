import { plainToInstance } from 'class-transformer';
import { isEmail, validate, ValidationError } from 'class-validator';
import { createHash } from 'node:crypto';
import { OpenDsrV2RequestDto, OpenGdprV1RequestDto, parseRfc3339 } from './dto/opendsr-request.dto';
import { callbackHostProblem } from './callback-address';
import { fieldError, OpenDsrError, OpenDsrErrorDetail } from './opendsr-error';
import type { OpenDsrSubjectIdentity } from './opendsr-request.gateway';
import type { ResolvedOpenDsrOptions } from './opendsr.options';
import {
  OPENGDPR_V1_DEFAULT_REGULATION,
  OpenDsrApiVersion,
  OpenDsrIdentityFormat,
  OpenDsrProtocol,
  OpenDsrRegulation,
  OpenDsrSubjectRequestType,
} from './opendsr.constants';

/** A §7.1.1 request that passed every check, in the gateway's terms. */
export interface ValidatedOpenDsrRequest {
  subjectRequestId: string;
  requestType: OpenDsrSubjectRequestType;
  submittedTime: Date;
  regulation: OpenDsrRegulation;
  subjectIdentities: OpenDsrSubjectIdentity[];
  callbackUrls: string[];
  extension?: Record<string, unknown>;
  requestFingerprint: string;
  apiVersion: OpenDsrApiVersion;
}

/**
 * Why a callback URL is refused ("is not https"), or undefined when it is fine: absolute
 * http(s) only, https only unless allowed, no user-info (a credential in a URL ends up in logs),
 * and no loopback or private host unless allowed (the processor must not be made to call into
 * its own network).
 */
export function callbackUrlProblem(url: string, allowHttp: boolean, allowPrivate: boolean): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'is not an absolute URL';
  }
  if (parsed.protocol !== 'https:' && !(allowHttp && parsed.protocol === 'http:'))
    return allowHttp ? 'is not http or https' : 'is not https';
  if (parsed.username || parsed.password) return 'carries credentials';
  if (!parsed.hostname) return 'has no host';
  return allowPrivate ? undefined : callbackHostProblem(parsed.hostname);
}

/** Hex digits of each §5.2 hashed format. */
const HASH_LENGTHS: Record<Exclude<OpenDsrIdentityFormat, 'raw'>, number> = { sha1: 40, md5: 32, sha256: 64 };

/** Why an identity's value cannot be what its type and format say, or undefined when it can. */
export function identityValueProblem(type: string, format: string, value: string): string | undefined {
  if (format !== 'raw') {
    const length = HASH_LENGTHS[format as keyof typeof HASH_LENGTHS];
    return length && !new RegExp(`^[a-fA-F0-9]{${length}}$`).test(value) ? `must be ${length} hexadecimal digits (${format})` : undefined;
  }
  if (type === 'email' && !(isEmail(value) && value.length <= 254)) return 'must be an e-mail address';
  return undefined;
}

function fieldPath(parent: string, property: string): string {
  if (!parent) return property;
  return /^\d+$/.test(property) ? `${parent}[${property}]` : `${parent}.${property}`;
}

function fieldErrors(errors: ValidationError[], parent = ''): OpenDsrErrorDetail[] {
  return errors.flatMap((error) => {
    const path = fieldPath(parent, error.property);
    const own = Object.values(error.constraints ?? {}).map((problem) => fieldError(path, problem));
    return [...own, ...fieldErrors(error.children ?? [], path)];
  });
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** JSON with sorted keys, so that equal requests have equal fingerprints. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (isPlainObject(value)) {
    const entries = Object.keys(value)
      .sort()
      .filter((key) => value[key] !== undefined)
      .map((key) => `${JSON.stringify(key)}:${canonicalJson(value[key])}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/**
 * Validates a §7.1.1 body for one protocol version: the shape with class-validator, then
 * what the shape cannot say (version, callback URLs, extensions, §5.3 identities, what
 * this processor supports). Throws OpenDsrError 400 listing every problem found.
 */
export async function validateOpenDsrRequest(
  body: unknown,
  protocol: OpenDsrProtocol,
  options: ResolvedOpenDsrOptions,
): Promise<ValidatedOpenDsrRequest> {
  if (!isPlainObject(body)) throw OpenDsrError.badRequest('InvalidBody', 'The body must be a JSON object');

  const dtoClass = protocol.regulationRequired ? OpenDsrV2RequestDto : OpenGdprV1RequestDto;
  const dto = plainToInstance(dtoClass, body, { enableImplicitConversion: false });
  const shapeErrors = fieldErrors(await validate(dto, { stopAtFirstError: true, forbidUnknownValues: false }));
  if (shapeErrors.length > 0) throw OpenDsrError.validation(shapeErrors);

  const errors: OpenDsrErrorDetail[] = [];
  if (dto.api_version !== undefined && Number(dto.api_version.split('.')[0]) !== protocol.major) {
    errors.push(fieldError('api_version', `is not served here: this endpoint speaks version ${protocol.apiVersion}`));
  }

  const callbackUrls = [...new Set(dto.status_callback_urls ?? [])];
  const urlProblem = callbackUrls
    .map((url) => callbackUrlProblem(url, options.allowHttpCallbacks, options.allowPrivateCallbacks))
    .find(Boolean);
  if (urlProblem) errors.push(fieldError('status_callback_urls', `has a URL that ${urlProblem}`));

  let extension: Record<string, unknown> | undefined;
  if (dto.extensions !== undefined) {
    if (!Object.values(dto.extensions).every(isPlainObject)) {
      errors.push(fieldError('extensions', 'must contain one object per processor domain'));
    } else {
      const ownKey = Object.keys(dto.extensions).find((key) => key.toLowerCase() === options.processorDomain);
      extension = ownKey === undefined ? undefined : (dto.extensions[ownKey] as Record<string, unknown>);
    }
  }

  const given = dto.subject_identities ?? [];
  given.forEach((identity, index) => {
    const problem = identityValueProblem(identity.identity_type, identity.identity_format, identity.identity_value);
    if (problem) errors.push(fieldError(`subject_identities[${index}].identity_value`, problem));
  });
  if (given.length === 0 && extension === undefined) {
    errors.push(
      fieldError('subject_identities', "field is required unless this processor's extension carries the identities (section 5.3)"),
    );
  }
  if (errors.length > 0) throw OpenDsrError.validation(errors);

  const requestType = dto.subject_request_type as OpenDsrSubjectRequestType;
  if (!options.supportedSubjectRequestTypes.includes(requestType)) {
    throw new OpenDsrError(400, 'subject_request_type is not supported by this processor', [
      {
        domain: 'Validation',
        reason: 'UnsupportedSubjectRequestType',
        message: `subject_request_type is not supported by this processor; supported: ${options.supportedSubjectRequestTypes.join(', ')}.`,
      },
    ]);
  }

  const seen = new Set<string>();
  const subjectIdentities: OpenDsrSubjectIdentity[] = [];
  for (const identity of given) {
    const supported = options.supportedIdentities.some((s) => s.type === identity.identity_type && s.format === identity.identity_format);
    const key = JSON.stringify([identity.identity_type, identity.identity_format, identity.identity_value]);
    if (!supported || seen.has(key)) continue;
    seen.add(key);
    subjectIdentities.push({
      type: identity.identity_type,
      value: identity.identity_value,
      format: identity.identity_format as OpenDsrIdentityFormat,
    });
  }
  if (given.length > 0 && subjectIdentities.length === 0 && extension === undefined) {
    throw new OpenDsrError(400, 'subject_identities has no identity this processor supports', [
      {
        domain: 'Validation',
        reason: 'UnsupportedIdentity',
        message: 'subject_identities has no identity type and format this processor supports; see supported_identities at /discovery.',
      },
    ]);
  }

  const regulation = (dto.regulation ?? OPENGDPR_V1_DEFAULT_REGULATION) as OpenDsrRegulation;
  const submittedTime = parseRfc3339(dto.submitted_time);
  const requestFingerprint = createHash('sha256')
    .update(
      canonicalJson({
        subject_request_type: requestType,
        regulation,
        submitted_time: submittedTime.toISOString(),
        subject_identities: subjectIdentities,
        status_callback_urls: callbackUrls,
        extension,
      }),
      'utf8',
    )
    .digest('hex');

  return {
    subjectRequestId: dto.subject_request_id,
    requestType,
    submittedTime,
    regulation,
    subjectIdentities,
    callbackUrls,
    extension,
    requestFingerprint,
    apiVersion: protocol.apiVersion,
  };
}
