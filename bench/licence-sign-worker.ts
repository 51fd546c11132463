/**
 * A worker thread of the scale loader: signs licence data with the portal's own signer, so that a million
 * licences can be signed on every core while the main thread feeds PostgreSQL. Not run on its own.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { canonicalLicencePayload, type LicenceData } from '../src/licences/domain/licence-data';
import { LicenceSigner } from '../src/licences/licence-signer';

export interface SignRequest {
  id: number;
  licences: LicenceData[];
}

export interface SignResponse {
  id: number;
  signatures: string[];
}

const port = parentPort;
if (port) {
  const signer = new LicenceSigner((workerData as { pem: string }).pem);
  port.on('message', (request: SignRequest) => {
    const response: SignResponse = { id: request.id, signatures: request.licences.map((l) => signer.sign(canonicalLicencePayload(l))) };
    port.postMessage(response);
  });
}
