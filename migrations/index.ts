import { CreateAccounts1764230400000 } from './1764230400000-CreateAccounts';
import { CreateAuditLog1764230500000 } from './1764230500000-CreateAuditLog';
import { CreateCreditCodeLedger1764230600000 } from './1764230600000-CreateCreditCodeLedger';
import { AddAuditSearch1764230700000 } from './1764230700000-AddAuditSearch';
import { CreateApplications1764230800000 } from './1764230800000-CreateApplications';
import { AddReviewColumns1764230900000 } from './1764230900000-AddReviewColumns';
import { CreateRegister1764231000000 } from './1764231000000-CreateRegister';
import { CreateNotifications1764231100000 } from './1764231100000-CreateNotifications';
import { RaiseDocumentSizeLimit1764231200000 } from './1764231200000-RaiseDocumentSizeLimit';
import { AddEnterpriseStatistics1764231300000 } from './1764231300000-AddEnterpriseStatistics';
import { AddStatisticsIndexes1764231400000 } from './1764231400000-AddStatisticsIndexes';
import { CreateGovstack1764231500000 } from './1764231500000-CreateGovstack';
import { AddApiTokenExpiry1764231650000 } from './1764231650000-AddApiTokenExpiry';
import { AddScaleIndexes1764231700000 } from './1764231700000-AddScaleIndexes';
import { AddTradeNameBigrams1764231800000 } from './1764231800000-AddTradeNameBigrams';
import { UnloggedRateLimits1764231900000 } from './1764231900000-UnloggedRateLimits';
import { AddReviewerListIndex1764232000000 } from './1764232000000-AddReviewerListIndex';
import { FixDailyCountSubtraction1764232100000 } from './1764232100000-FixDailyCountSubtraction';

/** Listed explicitly (not globbed) so the same list works from src/ under tests and from dist/. */
export const MIGRATIONS = [
  CreateAccounts1764230400000,
  CreateAuditLog1764230500000,
  CreateCreditCodeLedger1764230600000,
  AddAuditSearch1764230700000,
  CreateApplications1764230800000,
  AddReviewColumns1764230900000,
  CreateRegister1764231000000,
  CreateNotifications1764231100000,
  RaiseDocumentSizeLimit1764231200000,
  AddEnterpriseStatistics1764231300000,
  AddStatisticsIndexes1764231400000,
  CreateGovstack1764231500000,
  AddApiTokenExpiry1764231650000,
  AddScaleIndexes1764231700000,
  AddTradeNameBigrams1764231800000,
  UnloggedRateLimits1764231900000,
  AddReviewerListIndex1764232000000,
  FixDailyCountSubtraction1764232100000,
];
