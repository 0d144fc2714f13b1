import { Injectable } from '@nestjs/common';
import { CollectionAction } from '@dsar/contracts';
import {
  answerDeceasedSubjectRequest,
  ControllerProfile,
  DeceasedSubjectDetails,
  outcomeOfWork,
  PostMortemDirectiveDetails,
  PostMortemWork,
} from '@dsar/domain';
import { EntityManager } from 'typeorm';
import { FulfilmentEntity, PostMortemDecision } from '../fulfilments/fulfilment.entity';
import { FulfilmentPlan, PlannedTask, tasksFor } from '../orchestration/fulfilment-plan';
import { DirectivesRegistry } from './directives-registry';

export interface PostMortemPlan {
  plan: FulfilmentPlan;
  decision: PostMortemDecision;
}

const ACTION_OF_WORK: Record<PostMortemWork, CollectionAction> = {
  communicate: 'export',
  erase: 'erase',
  object: 'object',
  update: 'rectify',
};

const NOTHING_TO_COLLECT: FulfilmentPlan = { kind: 'action-report', tasks: [] };

/**
 * Post-mortem requests (LIL arts. 84-86): a directive is recorded in the registry; a request for
 * a deceased subject is answered from the directives in force and the law the profile names, by
 * the existing collection actions. A refusal the law calls for is put to the DPO.
 */
@Injectable()
export class PostMortemPlanner {
  constructor(private readonly registry: DirectivesRegistry) {}

  async plan(
    manager: EntityManager,
    profile: ControllerProfile,
    fulfilment: FulfilmentEntity,
    now: Date,
  ): Promise<PostMortemPlan | undefined> {
    if (fulfilment.requestType === 'post-mortem-directive') return this.recordDirective(manager, profile, fulfilment, now);
    if (fulfilment.requestType === 'deceased-subject') return this.answerForDeceased(manager, profile, fulfilment);
    return undefined;
  }

  private async recordDirective(
    manager: EntityManager,
    profile: ControllerProfile,
    fulfilment: FulfilmentEntity,
    now: Date,
  ): Promise<PostMortemPlan> {
    const change = await this.registry.record(
      manager,
      profile.postMortem,
      {
        requestId: fulfilment.requestId,
        reference: fulfilment.reference ?? fulfilment.requestId,
        controllerId: fulfilment.controllerId,
        subjectEmail: fulfilment.subjectEmail ?? fulfilment.email ?? '',
        details: fulfilment.details as unknown as PostMortemDirectiveDetails,
      },
      now,
    );
    const decision: PostMortemDecision =
      change.outcome === 'refused'
        ? { proposedRefusal: { reason: 'right-not-applicable', explanation: change.refusal, basis: change.basis } }
        : { outcome: change.outcome, basis: 'Loi Informatique et Libertés art. 85-I', directiveReference: change.directive.reference };
    return { plan: NOTHING_TO_COLLECT, decision };
  }

  private async answerForDeceased(
    manager: EntityManager,
    profile: ControllerProfile,
    fulfilment: FulfilmentEntity,
  ): Promise<PostMortemPlan> {
    const details = fulfilment.details as unknown as DeceasedSubjectDetails;
    const directives = await this.registry.inForceFor(manager, fulfilment.controllerId, fulfilment.subjectEmail ?? '');
    const answer = answerDeceasedSubjectRequest(
      profile.postMortem,
      { kind: fulfilment.requesterKind ?? 'subject', email: fulfilment.email ?? '' },
      details,
      directives,
    );
    if (answer.decision === 'refuse') {
      const { reason, explanation, basis } = answer;
      return { plan: NOTHING_TO_COLLECT, decision: { proposedRefusal: { reason, explanation, basis } } };
    }
    const decision: PostMortemDecision = {
      outcome: outcomeOfWork(answer.work),
      basis: answer.basis,
      ...(answer.directiveReference ? { directiveReference: answer.directiveReference } : {}),
    };
    if (!answer.work) return { plan: NOTHING_TO_COLLECT, decision };
    const categories = answer.categories ?? profile.register.dataCategories.map((c) => c.id);
    const extras: Pick<PlannedTask, 'rectifications'> =
      answer.work === 'update' ? { rectifications: [{ field: 'date-of-death', value: details.dateOfDeath }] } : {};
    const tasks = tasksFor(profile, ACTION_OF_WORK[answer.work], categories, extras);
    return { plan: { kind: answer.work === 'communicate' ? 'access' : 'action-report', tasks }, decision };
  }
}
