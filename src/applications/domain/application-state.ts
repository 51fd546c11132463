/**
 * The application's life (DESIGN.md): the one table of which action may move an application from which
 * state, by whom. Services apply a transition with a guarded UPDATE (… WHERE status = :from), so this table
 * decides what is allowed and the database decides who wins a race.
 */
export const APPLICATION_STATUSES = ['draft', 'submitted', 'in_review', 'returned', 'approved', 'rejected', 'withdrawn'] as const;
export type ApplicationStatus = (typeof APPLICATION_STATUSES)[number];

export const APPLICATION_ACTIONS = [
  'submit',
  'resubmit',
  'claim',
  'release',
  'reassign',
  'approve',
  'reject',
  'return',
  'withdraw',
] as const;
export type ApplicationAction = (typeof APPLICATION_ACTIONS)[number];

export type ActorRole = 'applicant' | 'reviewer' | 'admin';

interface Transition {
  from: readonly ApplicationStatus[];
  to: ApplicationStatus;
  by: readonly ActorRole[];
}

const TRANSITIONS: Readonly<Record<ApplicationAction, Transition>> = {
  submit: { from: ['draft'], to: 'submitted', by: ['applicant'] },
  resubmit: { from: ['returned'], to: 'submitted', by: ['applicant'] },
  claim: { from: ['submitted'], to: 'in_review', by: ['reviewer'] },
  // A reviewer hands the application back to the queue; an administrator may do it for an absent one.
  release: { from: ['in_review'], to: 'submitted', by: ['reviewer', 'admin'] },
  reassign: { from: ['in_review'], to: 'in_review', by: ['admin'] },
  approve: { from: ['in_review'], to: 'approved', by: ['reviewer'] },
  reject: { from: ['in_review'], to: 'rejected', by: ['reviewer'] },
  return: { from: ['in_review'], to: 'returned', by: ['reviewer'] },
  withdraw: { from: ['draft', 'submitted', 'returned'], to: 'withdrawn', by: ['applicant'] },
};

export type TransitionCheck =
  | { allowed: true; from: ApplicationStatus; to: ApplicationStatus }
  | { allowed: false; reason: 'wrong_role' | 'wrong_state'; allowedFrom: readonly ApplicationStatus[] };

export function checkTransition(action: ApplicationAction, from: ApplicationStatus, role: ActorRole): TransitionCheck {
  const transition = TRANSITIONS[action];
  if (!transition.by.includes(role)) return { allowed: false, reason: 'wrong_role', allowedFrom: transition.from };
  if (!transition.from.includes(from)) return { allowed: false, reason: 'wrong_state', allowedFrom: transition.from };
  return { allowed: true, from, to: transition.to };
}

export function targetOf(action: ApplicationAction): ApplicationStatus {
  return TRANSITIONS[action].to;
}

export function sourcesOf(action: ApplicationAction): readonly ApplicationStatus[] {
  return TRANSITIONS[action].from;
}

/** The applicant may change answers only while the application is theirs to work on. */
export function isEditable(status: ApplicationStatus): boolean {
  return status === 'draft' || status === 'returned';
}

/** Final states: nothing moves an application out of them. */
export function isFinal(status: ApplicationStatus): boolean {
  return status === 'approved' || status === 'rejected' || status === 'withdrawn';
}

/** Actions that are open to the given role from the given state, for showing the right buttons. */
export function availableActions(from: ApplicationStatus, role: ActorRole): ApplicationAction[] {
  return APPLICATION_ACTIONS.filter((action) => checkTransition(action, from, role).allowed);
}
