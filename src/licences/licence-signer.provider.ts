import type { Provider } from '@nestjs/common';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { LicenceSigner } from './licence-signer';

export const LICENCE_SIGNER = Symbol('LICENCE_SIGNER');

/** The authority's signing key: configured, or generated once and kept in the data directory. */
export const licenceSignerProvider: Provider = {
  provide: LICENCE_SIGNER,
  inject: [APP_CONFIG],
  useFactory: (config: AppConfig) => LicenceSigner.loadOrCreate(config.dataDir, config.licenceSigningKey),
};
