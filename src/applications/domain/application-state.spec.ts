import fc from 'fast-check';
import {
  APPLICATION_ACTIONS,
  APPLICATION_STATUSES,
  availableActions,
  checkTransition,
  isEditable,
  isFinal,
  type ActorRole,
  type ApplicationAction,
  type ApplicationStatus,
} from './application-state';

const ROLES: ActorRole[] = ['applicant', 'reviewer', 'admin'];

/** The whole table written out independently of the implementation: [action, from, role] → to. */
const ALLOWED: [ApplicationAction, ApplicationStatus, ActorRole, ApplicationStatus][] = [
  ['submit', 'draft', 'applicant', 'submitted'],
  ['resubmit', 'returned', 'applicant', 'submitted'],
  ['claim', 'submitted', 'reviewer', 'in_review'],
  ['release', 'in_review', 'reviewer', 'submitted'],
  ['release', 'in_review', 'admin', 'submitted'],
  ['reassign', 'in_review', 'admin', 'in_review'],
  ['approve', 'in_review', 'reviewer', 'approved'],
  ['reject', 'in_review', 'reviewer', 'rejected'],
  ['return', 'in_review', 'reviewer', 'returned'],
  ['withdraw', 'draft', 'applicant', 'withdrawn'],
  ['withdraw', 'submitted', 'applicant', 'withdrawn'],
  ['withdraw', 'returned', 'applicant', 'withdrawn'],
];

const every = APPLICATION_ACTIONS.flatMap((action) =>
  APPLICATION_STATUSES.flatMap((from) => ROLES.map((role) => [action, from, role] as [ApplicationAction, ApplicationStatus, ActorRole])),
);

describe('application transitions', () => {
  it.each(every)('%s from %s by %s', (action, from, role) => {
    const expected = ALLOWED.find(([a, f, r]) => a === action && f === from && r === role);
    const result = checkTransition(action, from, role);
    if (expected) {
      expect(result).toEqual({ allowed: true, from, to: expected[3] });
    } else {
      expect(result.allowed).toBe(false);
      const roleAllowed = ALLOWED.some(([a, , r]) => a === action && r === role);
      expect(result).toMatchObject({ reason: roleAllowed ? 'wrong_state' : 'wrong_role' });
    }
  });

  it('covers all 189 combinations', () => {
    expect(every).toHaveLength(APPLICATION_ACTIONS.length * APPLICATION_STATUSES.length * ROLES.length);
    expect(every).toHaveLength(189);
  });

  it('never moves an application out of a final state', () => {
    for (const from of APPLICATION_STATUSES.filter(isFinal)) {
      for (const role of ROLES) expect(availableActions(from, role)).toEqual([]);
    }
  });

  it('lets the applicant edit only drafts and returned applications', () => {
    expect(APPLICATION_STATUSES.filter(isEditable)).toEqual(['draft', 'returned']);
  });

  it('reaches a final state from any state along some path, and only approval issues a licence', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.constantFrom(...APPLICATION_ACTIONS), fc.constantFrom(...ROLES)), { maxLength: 30 }), (steps) => {
        let status: ApplicationStatus = 'draft';
        let approvals = 0;
        for (const [action, role] of steps) {
          const result = checkTransition(action, status, role);
          if (result.allowed) {
            if (result.to === 'approved') approvals += 1;
            status = result.to;
          }
        }
        // Approval is final, so no sequence of actions approves twice.
        return approvals <= 1;
      }),
    );
  });
});
