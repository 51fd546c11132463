import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService, type Actor } from '../audit/audit.service';
import { ApplicationsRepository, type ApplicationRecord } from '../applications/applications.repository';
import { sourcesOf, targetOf, type ApplicationStatus } from '../applications/domain/application-state';
import { IssueLicenceService } from '../licences/issue-licence.service';
import { auditEntryOf, ReviewTransitionService } from './review-transition.service';

interface Approval {
  actor: Actor & { id: string };
  applicationId: string;
  resolve: (approved: ApplicationRecord) => void;
  reject: (error: unknown) => void;
}

/** The one state an application is approved from, and the state it moves to (the state machine's). */
const [APPROVABLE] = sourcesOf('approve') as [ApplicationStatus];
const APPROVED = targetOf('approve');

/** More approvals than this wait for the next transaction: it bounds one statement's size and one wait. */
const MOST_PER_TRANSACTION = 100;

/**
 * Approval and licence issuance, with group commit. Gapless codes and the linear audit chain mean every
 * issuing transaction holds the code counter row and the audit head row until it commits, so one
 * transaction per approval caps a whole deployment at about one approval per commit round trip (~120/s
 * here). Instead, approvals that arrive while a transaction is running wait (a few milliseconds) and go
 * together in the next one: one guarded UPDATE, one counter update for all their codes, one statement for
 * all their rows, one audit append, one commit. Each reviewer still gets their answer only after the
 * commit, and exactly one of several approvals of the same application succeeds.
 *
 * If a transaction fails, its approvals are retried one by one, so a single bad application (or a
 * constraint that catches a bug) fails only its own request.
 */
@Injectable()
export class ApproveApplicationsService {
  private readonly waiting: Approval[] = [];
  /**
   * One transaction at a time per instance. Two (the next doing its unlocked part while the first holds
   * the counter row) measured slower: each got half the approvals, and the locked part is most of the work.
   */
  private running = false;

  constructor(
    private readonly dataSource: DataSource,
    private readonly applications: ApplicationsRepository,
    private readonly transitions: ReviewTransitionService,
    private readonly issuance: IssueLicenceService,
    private readonly audit: AuditService,
  ) {}

  /**
   * Approves the application the reviewer holds, issuing its licence; resolves once both are committed.
   * Nothing is read first: the guarded UPDATE is the check, and only a refused approval looks at the
   * application to say why.
   */
  approve(actor: Actor, id: string): Promise<ApplicationRecord> {
    return new Promise<ApplicationRecord>((resolve, reject) => {
      this.waiting.push({ actor: { ...actor, id: actor.id ?? '' }, applicationId: id, resolve, reject });
      void this.drain();
    });
  }

  private async drain(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      while (this.waiting.length > 0) await this.run(this.waiting.splice(0, MOST_PER_TRANSACTION));
    } finally {
      this.running = false;
    }
  }

  private async run(batch: Approval[]): Promise<void> {
    let approved: Map<Approval, ApplicationRecord>;
    try {
      approved = await this.dataSource.transaction((manager) => this.approveAll(manager, batch));
    } catch (error) {
      if (batch.length === 1) return batch[0]?.reject(error);
      for (const approval of batch) await this.run([approval]);
      return;
    }
    for (const approval of batch) {
      const moved = approved.get(approval);
      if (moved) approval.resolve(moved);
      else approval.reject(await this.refusal(approval));
    }
  }

  /** Why an approval did not happen: not found, forbidden, or who changed the application first. */
  private async refusal({ actor, applicationId }: Approval): Promise<unknown> {
    try {
      const current = await this.transitions.check(actor, applicationId, 'approve', actor.id);
      // It is approvable now: it was not when the UPDATE ran, and moved back since (released and claimed again).
      return await this.transitions.conflict(actor, current, 'approve');
    } catch (error) {
      return error;
    }
  }

  private async approveAll(manager: EntityManager, batch: Approval[]): Promise<Map<Approval, ApplicationRecord>> {
    // Two approvals of one application in one batch: only the first can win; the other loses as it would
    // to a committed approval.
    const contenders = batch.filter((a, i) => batch.findIndex((b) => b.applicationId === a.applicationId) === i);
    const moved = await this.applications.transitionHeld(
      manager,
      'approve',
      contenders.map((a) => ({ id: a.applicationId, from: APPROVABLE, reviewer: a.actor })),
      APPROVED,
      { decided: true },
    );
    const byId = new Map(moved.map((m) => [m.id, m]));
    const winners = contenders.filter((a) => byId.has(a.applicationId));
    const approved = new Map(winners.map((a) => [a, byId.get(a.applicationId)!]));
    if (winners.length === 0) return approved;
    const issued = await this.issuance.issueAll(
      manager,
      winners.map((a) => approved.get(a)!),
    );
    // Last: from here to the commit every other audited change in the deployment waits.
    await this.audit.append(
      manager,
      winners.flatMap((a, i) => {
        const licence = issued[i];
        return [
          { actor: a.actor, entry: licence.audit },
          {
            actor: a.actor,
            entry: auditEntryOf('approve', APPROVABLE, approved.get(a)!, { code: licence.code, licenceId: licence.licenceId }),
          },
        ];
      }),
    );
    return approved;
  }
}
