import type { IncomingMessage } from 'node:http';

/**
 * The public lane's way of giving a request it began to the full request pipeline: with the error that
 * stopped it, for the pipeline's one error responder to answer (configure-app's handover middleware).
 */
const failures = new WeakMap<IncomingMessage, { error: unknown }>();

export function handOverFailure(req: IncomingMessage, error: unknown): void {
  failures.set(req, { error });
}

export function laneFailure(req: IncomingMessage): { error: unknown } | undefined {
  return failures.get(req);
}
