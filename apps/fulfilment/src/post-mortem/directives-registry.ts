import { Injectable } from '@nestjs/common';
import { applyDirectiveRequest, DirectiveChange, PostMortemDirectiveDetails, PostMortemPolicy, RegisteredDirective } from '@dsar/domain';
import { EntityManager } from 'typeorm';
import { PostMortemDirectiveEntity, PostMortemDirectiveHistoryEntity } from './post-mortem-directive.entity';

export interface DirectiveRequest {
  requestId: string;
  reference: string;
  controllerId: string;
  /** The author's proven address. */
  subjectEmail: string;
  details: PostMortemDirectiveDetails;
}

const normalised = (email: string) => email.trim().toLowerCase();

function asDirective(row: PostMortemDirectiveEntity): RegisteredDirective {
  return { reference: row.reference, subjectEmail: row.subjectEmail, status: row.status, version: row.version, content: row.content };
}

/**
 * The post-mortem directives registered through the platform, per controller, with every
 * version kept: what a directive request changes follows the domain's rules, and the requests
 * of heirs and designated persons are answered from what is in force.
 */
@Injectable()
export class DirectivesRegistry {
  async record(manager: EntityManager, policy: PostMortemPolicy, request: DirectiveRequest, now: Date): Promise<DirectiveChange> {
    const existing = request.details.directiveReference
      ? await manager.findOne(PostMortemDirectiveEntity, {
          where: { reference: request.details.directiveReference, controllerId: request.controllerId },
          lock: { mode: 'pessimistic_write' },
        })
      : null;
    const change = applyDirectiveRequest(
      policy,
      { reference: request.reference, subjectEmail: normalised(request.subjectEmail), details: request.details },
      existing ? asDirective(existing) : undefined,
    );
    if (change.outcome === 'refused') return change;
    const { directive } = change;
    await manager.save(PostMortemDirectiveEntity, {
      reference: directive.reference,
      controllerId: request.controllerId,
      subjectEmail: directive.subjectEmail,
      status: directive.status,
      version: directive.version,
      content: directive.content,
      updatedAt: now,
    });
    await manager.insert(PostMortemDirectiveHistoryEntity, {
      reference: directive.reference,
      version: directive.version,
      requestId: request.requestId,
      change: change.outcome,
      status: directive.status,
      content: directive.content,
      at: now,
    });
    return change;
  }

  async inForceFor(manager: EntityManager, controllerId: string, subjectEmail: string): Promise<RegisteredDirective[]> {
    const rows = await manager.find(PostMortemDirectiveEntity, {
      where: { controllerId, subjectEmail: normalised(subjectEmail), status: 'active' },
      order: { updatedAt: 'DESC' },
    });
    return rows.map(asDirective);
  }

  async historyOf(manager: EntityManager, reference: string): Promise<PostMortemDirectiveHistoryEntity[]> {
    return manager.find(PostMortemDirectiveHistoryEntity, { where: { reference }, order: { version: 'ASC' } });
  }
}
