import { HttpStatus } from '@nestjs/common';
import { checkRequestDetails, checkRequester, ControllerProfile, RequestDetails, rightOffered } from '@dsar/domain';
import { fieldProblems, ProblemException } from '@dsar/platform';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { CreateRequestDto } from './dto/create-request.dto';
import { DETAILS_DTO_BY_TYPE } from './dto/request-details.dto';

/**
 * Checks what the body's shape cannot: the details of its type, who may ask, and what
 * the controller offers. Returns the details as their DTO instance (unknown fields refused).
 */
export async function validateRequest(body: CreateRequestDto, profile: ControllerProfile, today: Date): Promise<RequestDetails> {
  const details = plainToInstance(DETAILS_DTO_BY_TYPE[body.type], body.details);
  const shape = fieldProblems(await validate(details, { whitelist: true, forbidNonWhitelisted: true }), 'details');
  if (shape.length > 0) throw new ProblemException(HttpStatus.BAD_REQUEST, 'validation-failed', 'The request is not valid.', shape);

  const requester = body.requester
    ? { kind: body.requester.kind, person: body.requester, relationship: body.requester.relationship }
    : { kind: 'subject' as const, person: body.subject };
  const rules = [
    ...checkRequestDetails(body.type, details as RequestDetails),
    ...checkRequester(body.type, requester, body.subject, { minorAgeThreshold: profile.minors.guardianActsBelowAge, today }),
  ];
  if (rules.length > 0)
    throw new ProblemException(HttpStatus.UNPROCESSABLE_ENTITY, 'request-not-admissible', 'The request cannot be made this way.', rules);
  if (!rightOffered(profile, body.type)) {
    throw new ProblemException(
      HttpStatus.UNPROCESSABLE_ENTITY,
      'right-not-offered',
      `This controller does not take "${body.type}" requests.`,
      [{ field: 'type', message: 'not among the rights this controller offers' }],
    );
  }
  return JSON.parse(JSON.stringify(details)) as RequestDetails;
}
