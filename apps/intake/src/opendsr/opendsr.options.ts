import type { ModuleMetadata, Type } from '@nestjs/common';
import type { OpenDsrControllerAuthenticator } from './opendsr-controller-auth';
import type { OpenDsrRequestGateway } from './opendsr-request.gateway';
import type { OpenDsrRsaPadding } from './opendsr-signer';
import {
  OPENDSR_IDENTITY_FORMATS,
  OPENDSR_IDENTITY_TYPES,
  OPENDSR_SUBJECT_REQUEST_TYPES,
  OpenDsrIdentityFormat,
  OpenDsrIdentityType,
  OpenDsrSubjectRequestType,
} from './opendsr.constants';

export const OPENDSR_OPTIONS = Symbol('OPENDSR_OPTIONS');

export interface OpenDsrSupportedIdentity {
  type: OpenDsrIdentityType;
  format: OpenDsrIdentityFormat;
}

export interface OpenDsrCallbackRetryOptions {
  /** Tries per callback URL, the first included (§8.5: at least once; SHOULD retry). Default 5. */
  maxAttempts?: number;
  /** Back-off before the second try; doubles each time, with jitter. Default 1 000 ms. */
  initialDelayMs?: number;
  /** Ceiling of any back-off, Retry-After included. Default 60 000 ms. */
  maxDelayMs?: number;
  /** Per-try timeout. Default 10 000 ms. */
  timeoutMs?: number;
}

export interface OpenDsrModuleOptions {
  /**
   * The processor's OpenDSR domain (e.g. `opendsr.example.com`): sent as
   * X-OpenDSR-Processor-Domain, the key of this processor's `extensions` entry (§7.1.2),
   * and the host the signing certificate is issued for (§8.3).
   */
  processorDomain: string;
  /** PEM private key (RSA ≥ 2048 bits or EC P-256/384/521) that signs responses and callbacks. */
  privateKeyPem: string;
  /** §6.3 `processor_certificate`: https URL of the x.509 certificate, on `processorDomain`. */
  processorCertificateUrl: string;
  /** The lifecycle behind the protocol: a class (Nest instantiates it) or an instance. */
  gateway: Type<OpenDsrRequestGateway> | OpenDsrRequestGateway;
  /** Modules the gateway class depends on. */
  imports?: ModuleMetadata['imports'];
  /** §4.3: who the calling controller is; undefined refuses the call with 401. */
  authenticateController: OpenDsrControllerAuthenticator;
  /** §6.3 `supported_subject_request_types`. Default: all of §6.2. */
  supportedSubjectRequestTypes?: OpenDsrSubjectRequestType[];
  /** §6.3 `supported_identities`. Default: e-mail, raw. */
  supportedIdentities?: OpenDsrSupportedIdentity[];
  /** Path before `/v2/...` and `/v1/...`. Default none: §3.4 puts the major version first. */
  basePath?: string;
  /** RSA signature scheme (both are FIPS 186-4). Default PKCS#1 v1.5. Ignored for EC keys. */
  rsaPadding?: OpenDsrRsaPadding;
  /** Accept and call plain-http callback URLs. Default false: the security guidelines ask for TLS. */
  allowHttpCallbacks?: boolean;
  /** Accept and call callback URLs on loopback or private addresses. Default false: no calls into the processor's own network. */
  allowPrivateCallbacks?: boolean;
  callbackRetry?: OpenDsrCallbackRetryOptions;
  /** The time source of `received_time`; tests replace it. */
  clock?: () => Date;
}

export interface ResolvedOpenDsrOptions {
  processorDomain: string;
  privateKeyPem: string;
  processorCertificateUrl: string;
  authenticateController: OpenDsrControllerAuthenticator;
  supportedSubjectRequestTypes: OpenDsrSubjectRequestType[];
  supportedIdentities: OpenDsrSupportedIdentity[];
  basePath: string;
  rsaPadding: OpenDsrRsaPadding;
  allowHttpCallbacks: boolean;
  allowPrivateCallbacks: boolean;
  callbackRetry: Required<OpenDsrCallbackRetryOptions>;
  clock: () => Date;
}

const DOMAIN = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/;

function positiveInteger(name: string, value: number): number {
  if (!Number.isInteger(value) || value < 1) throw new Error(`OpenDSR: ${name} must be a positive integer`);
  return value;
}

/** Checks the options once, at registration: a misconfigured processor must not start. */
export function resolveOpenDsrOptions(options: OpenDsrModuleOptions): ResolvedOpenDsrOptions {
  const processorDomain = options.processorDomain.trim().toLowerCase();
  if (!DOMAIN.test(processorDomain)) throw new Error('OpenDSR: processorDomain must be a bare host name, e.g. opendsr.example.com');

  let certificateUrl: URL;
  try {
    certificateUrl = new URL(options.processorCertificateUrl);
  } catch {
    throw new Error('OpenDSR: processorCertificateUrl is not a URL');
  }
  if (certificateUrl.protocol !== 'https:') throw new Error('OpenDSR: processorCertificateUrl must be https');
  if (certificateUrl.hostname !== processorDomain) {
    throw new Error('OpenDSR: processorCertificateUrl must be on processorDomain (§6.3: "The domain MUST match")');
  }

  const supportedSubjectRequestTypes = [...new Set(options.supportedSubjectRequestTypes ?? OPENDSR_SUBJECT_REQUEST_TYPES)];
  if (supportedSubjectRequestTypes.length === 0) throw new Error('OpenDSR: supportedSubjectRequestTypes is empty');
  for (const type of supportedSubjectRequestTypes) {
    if (!(OPENDSR_SUBJECT_REQUEST_TYPES as readonly string[]).includes(type))
      throw new Error(`OpenDSR: ${type} is not a §6.2 request type`);
  }

  const supportedIdentities = options.supportedIdentities ?? [{ type: 'email', format: 'raw' }];
  if (supportedIdentities.length === 0) throw new Error('OpenDSR: supportedIdentities is empty');
  for (const { type, format } of supportedIdentities) {
    if (!(OPENDSR_IDENTITY_TYPES as readonly string[]).includes(type)) throw new Error(`OpenDSR: ${type} is not a §5.1 identity type`);
    if (!(OPENDSR_IDENTITY_FORMATS as readonly string[]).includes(format)) throw new Error(`OpenDSR: ${format} is not a §5.2 format`);
  }

  const basePath = (options.basePath ?? '').replace(/^\/+|\/+$/g, '');
  if (basePath && !/^[A-Za-z0-9._~-]+(\/[A-Za-z0-9._~-]+)*$/.test(basePath)) throw new Error('OpenDSR: basePath is not a plain path');

  const retry = options.callbackRetry ?? {};
  return {
    processorDomain,
    privateKeyPem: options.privateKeyPem,
    processorCertificateUrl: options.processorCertificateUrl,
    authenticateController: options.authenticateController,
    supportedSubjectRequestTypes,
    supportedIdentities: supportedIdentities.filter(
      (identity, index) =>
        supportedIdentities.findIndex((other) => other.type === identity.type && other.format === identity.format) === index,
    ),
    basePath,
    rsaPadding: options.rsaPadding ?? 'pkcs1-v1_5',
    allowHttpCallbacks: options.allowHttpCallbacks ?? false,
    allowPrivateCallbacks: options.allowPrivateCallbacks ?? false,
    callbackRetry: {
      maxAttempts: positiveInteger('callbackRetry.maxAttempts', retry.maxAttempts ?? 5),
      initialDelayMs: positiveInteger('callbackRetry.initialDelayMs', retry.initialDelayMs ?? 1_000),
      maxDelayMs: positiveInteger('callbackRetry.maxDelayMs', retry.maxDelayMs ?? 60_000),
      timeoutMs: positiveInteger('callbackRetry.timeoutMs', retry.timeoutMs ?? 10_000),
    },
    clock: options.clock ?? (() => new Date()),
  };
}
