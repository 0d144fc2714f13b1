import { Inject, Injectable, Logger, RawBodyRequest } from '@nestjs/common';
import type { Request, Response } from 'express';
import { fieldError, OpenDsrError } from './opendsr-error';
import { OpenDsrRequestGateway } from './opendsr-request.gateway';
import { validateOpenDsrRequest } from './opendsr-request.validation';
import { OpenDsrSigner } from './opendsr-signer';
import { toOpenDsrStatus, toRfc3339 } from './opendsr-status';
import { LOWERCASE_UUID_V4, OpenDsrProtocol } from './opendsr.constants';
import { OPENDSR_OPTIONS, ResolvedOpenDsrOptions } from './opendsr.options';

/** A successful answer, signed when it is sent. */
export interface OpenDsrReply {
  status: 200 | 201 | 202;
  body: Record<string, unknown>;
  /** Request-specific answers must not be cached by intermediaries. */
  noStore: boolean;
}

/**
 * The processor side of OpenDSR 2.0 and OpenGDPR 1.0: discovery (§6), request creation
 * (§7), status (§8.1-8.4) and cancellation (§9), for one protocol version at a time. The
 * lifecycle itself is the gateway's.
 */
@Injectable()
export class OpenDsrService {
  private readonly logger = new Logger('OpenDSR');

  constructor(
    @Inject(OPENDSR_OPTIONS) private readonly options: ResolvedOpenDsrOptions,
    private readonly signer: OpenDsrSigner,
    private readonly gateway: OpenDsrRequestGateway,
  ) {}

  /** §6.3 discovery response. */
  discovery(protocol: OpenDsrProtocol): OpenDsrReply {
    return {
      status: 200,
      noStore: false,
      body: {
        api_version: protocol.apiVersion,
        supported_identities: this.options.supportedIdentities.map(({ type, format }) => ({
          identity_type: type,
          identity_format: format,
        })),
        supported_subject_request_types: this.options.supportedSubjectRequestTypes,
        processor_certificate: this.options.processorCertificateUrl,
      },
    };
  }

  /** §7: 201 with the §7.3 receipt, whose `encoded_request` is the request body as received. */
  async create(protocol: OpenDsrProtocol, request: RawBodyRequest<Request>): Promise<OpenDsrReply> {
    const controllerId = await this.controllerOf(request);
    const length = request.headers['content-length'];
    if (request.headers['transfer-encoding'] === undefined && (length === undefined || Number(length) === 0)) {
      throw OpenDsrError.badRequest('MissingBody', 'The request needs a JSON body');
    }
    if (!request.is('application/json')) throw OpenDsrError.badRequest('UnsupportedContentType', 'Content-Type must be application/json');

    const valid = await validateOpenDsrRequest(request.body, protocol, this.options);
    const result = await this.gateway.create({
      requestType: valid.requestType,
      subjectIdentities: valid.subjectIdentities,
      submittedTime: valid.submittedTime,
      regulation: valid.regulation,
      callbackUrls: valid.callbackUrls,
      controllerId,
      subjectRequestId: valid.subjectRequestId,
      requestFingerprint: valid.requestFingerprint,
      apiVersion: valid.apiVersion,
      ...(valid.extension ? { extensions: valid.extension } : {}),
    });
    if (result.outcome === 'conflict') {
      throw new OpenDsrError(400, 'subject_request_id was already used for a different request', [
        {
          domain: 'Validation',
          reason: 'DuplicateSubjectRequestId',
          message: 'subject_request_id was already used by this controller for a different request.',
        },
      ]);
    }
    this.logger.log(
      { requestId: result.requestId, controllerId, outcome: result.outcome, api: protocol.apiVersion },
      'OpenDSR request accepted',
    );
    return {
      status: 201,
      noStore: true,
      body: {
        controller_id: controllerId,
        expected_completion_time: toRfc3339(result.expectedCompletionAt),
        received_time: toRfc3339(result.receivedAt),
        encoded_request: this.rawBodyOf(request).toString('base64'),
        subject_request_id: valid.subjectRequestId,
      },
    };
  }

  /** §8.1-8.4: 200 with the status object. */
  async status(protocol: OpenDsrProtocol, request: Request, subjectRequestId: string): Promise<OpenDsrReply> {
    const controllerId = await this.controllerOf(request);
    this.checkId(subjectRequestId);
    const state = await this.gateway.status(subjectRequestId, controllerId);
    if (!state) throw OpenDsrError.notFound();
    return {
      status: 200,
      noStore: true,
      body: {
        controller_id: controllerId,
        expected_completion_time: toRfc3339(state.expectedCompletionAt),
        subject_request_id: subjectRequestId,
        request_status: toOpenDsrStatus(state.status),
        api_version: protocol.apiVersion,
        ...(state.resultsUrl !== undefined ? { results_url: state.resultsUrl } : {}),
        ...(protocol.hasResultsCount && state.resultsCount !== undefined ? { results_count: state.resultsCount } : {}),
      },
    };
  }

  /** §9: 202 with the §9.2 cancellation receipt; only a pending request may be cancelled. */
  async cancel(protocol: OpenDsrProtocol, request: Request, subjectRequestId: string): Promise<OpenDsrReply> {
    const receivedAt = this.options.clock();
    const controllerId = await this.controllerOf(request);
    this.checkId(subjectRequestId);
    const outcome = await this.gateway.cancel(subjectRequestId, controllerId);
    if (outcome === 'not-found') throw OpenDsrError.notFound();
    if (outcome === 'not-cancellable') {
      throw OpenDsrError.badRequest('NotCancellable', 'The request can no longer be cancelled: only a pending request may be (section 9)');
    }
    return {
      status: 202,
      noStore: true,
      body: {
        controller_id: controllerId,
        subject_request_id: subjectRequestId,
        received_time: toRfc3339(receivedAt),
        api_version: protocol.apiVersion,
      },
    };
  }

  /**
   * Serialises once, signs those very bytes (§7.3 `processor_signature`, §8.3) and sends
   * them with the signature headers.
   */
  send(response: Response, reply: OpenDsrReply): void {
    const body = Buffer.from(JSON.stringify(reply.body), 'utf8');
    response.status(reply.status);
    response.setHeader('Content-Type', 'application/json');
    for (const [name, value] of Object.entries(this.signer.signatureHeaders(body))) response.setHeader(name, value);
    if (reply.noStore) response.setHeader('Cache-Control', 'no-store');
    response.setHeader('Content-Length', String(body.length));
    response.end(body);
  }

  private async controllerOf(request: Request): Promise<string> {
    const controllerId = await this.options.authenticateController(request);
    if (typeof controllerId !== 'string' || controllerId === '') throw OpenDsrError.unauthenticated();
    return controllerId;
  }

  private checkId(subjectRequestId: string): void {
    if (!LOWERCASE_UUID_V4.test(subjectRequestId)) {
      throw OpenDsrError.validation([fieldError('subject_request_id', 'must be a lowercase UUID v4')]);
    }
  }

  /**
   * The body exactly as received when the application keeps raw bodies
   * (NestFactory.create(..., { rawBody: true })); otherwise its JSON re-serialisation.
   */
  private rawBodyOf(request: RawBodyRequest<Request>): Buffer {
    return Buffer.isBuffer(request.rawBody) ? request.rawBody : Buffer.from(JSON.stringify(request.body), 'utf8');
  }
}
