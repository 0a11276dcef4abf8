// Every migration, in order. Listed by hand: a folder scan of .ts files fails under Vitest.
// Migrations are frozen in time: they never import from src/.
import type { Migration } from 'kysely';
import * as createUsers from './2026-11-23-0001-create-users.ts';
import * as createSessions from './2026-11-23-0002-create-sessions.ts';
import * as createSettings from './2026-11-23-0003-create-settings.ts';
import * as createAuditLog from './2026-11-23-0004-create-audit-log.ts';
import * as createMasterData from './2026-11-23-0005-create-master-data.ts';
import * as createHarvestsAndStock from './2026-11-23-0006-create-harvests-and-stock.ts';
import * as createRecipientsAndDistributions from './2026-11-23-0007-create-recipients-and-distributions.ts';
import * as createMonthlyReports from './2026-11-23-0008-create-monthly-reports.ts';
import * as createStockMonthTotals from './2026-11-23-0009-create-stock-month-totals.ts';
import * as addReportIndexes from './2026-11-23-0010-add-report-indexes.ts';
import * as addCoveringIndexes from './2026-11-23-0011-add-covering-indexes.ts';
import * as indexReversals from './2026-11-23-0012-index-reversals.ts';
import * as oneFinalReportPerMonth from './2026-11-23-0013-one-final-report-per-month.ts';
import * as createStockDayTotals from './2026-11-30-0001-create-stock-day-totals.ts';
import * as createNikAccessLog from './2026-11-30-0002-create-nik-access-log.ts';
import * as receiptPrintTokens from './2026-11-30-0004-receipt-print-tokens.ts';
import * as onePersonOneHousehold from './2026-11-30-0012-one-person-one-household.ts';
import * as reportNumbersAndPublicAddress from './2026-11-30-0014-report-numbers-and-public-address.ts';
import * as receiptYearToDate from './2026-11-30-0015-receipt-year-to-date.ts';
import * as backupSchedule from './2026-11-30-0016-backup-schedule.ts';
import * as offlineEntries from './2026-11-30-0017-offline-entries.ts';
import * as sharedProcessState from './2026-11-30-0018-shared-process-state.ts';
import * as storedFiles from './2026-11-30-0019-stored-files.ts';
import * as units from './2026-11-30-0020-units.ts';
import * as unitOwnedRecords from './2026-11-30-0021-unit-owned-records.ts';
import * as rolesOnUnits from './2026-11-30-0022-roles-on-units.ts';
import * as nationalCatalogue from './2026-11-30-0023-national-catalogue.ts';
import * as rowLevelSecurity from './2026-11-30-0024-row-level-security.ts';
import * as reportReviews from './2026-11-30-0025-report-reviews.ts';
import * as reportingLoop from './2026-12-01-0026-reporting-loop.ts';
import * as harvestTimeIndex from './2026-12-01-0027-harvest-time-index.ts';

export const migrations: Record<string, Migration> = {
  '2026-11-23-0001-create-users': createUsers,
  '2026-11-23-0002-create-sessions': createSessions,
  '2026-11-23-0003-create-settings': createSettings,
  '2026-11-23-0004-create-audit-log': createAuditLog,
  '2026-11-23-0005-create-master-data': createMasterData,
  '2026-11-23-0006-create-harvests-and-stock': createHarvestsAndStock,
  '2026-11-23-0007-create-recipients-and-distributions': createRecipientsAndDistributions,
  '2026-11-23-0008-create-monthly-reports': createMonthlyReports,
  '2026-11-23-0009-create-stock-month-totals': createStockMonthTotals,
  '2026-11-23-0010-add-report-indexes': addReportIndexes,
  '2026-11-23-0011-add-covering-indexes': addCoveringIndexes,
  '2026-11-23-0012-index-reversals': indexReversals,
  '2026-11-23-0013-one-final-report-per-month': oneFinalReportPerMonth,
  '2026-11-30-0001-create-stock-day-totals': createStockDayTotals,
  '2026-11-30-0002-create-nik-access-log': createNikAccessLog,
  '2026-11-30-0004-receipt-print-tokens': receiptPrintTokens,
  '2026-11-30-0012-one-person-one-household': onePersonOneHousehold,
  '2026-11-30-0014-report-numbers-and-public-address': reportNumbersAndPublicAddress,
  '2026-11-30-0015-receipt-year-to-date': receiptYearToDate,
  '2026-11-30-0016-backup-schedule': backupSchedule,
  '2026-11-30-0017-offline-entries': offlineEntries,
  '2026-11-30-0018-shared-process-state': sharedProcessState,
  '2026-11-30-0019-stored-files': storedFiles,
  '2026-11-30-0020-units': units,
  '2026-11-30-0021-unit-owned-records': unitOwnedRecords,
  '2026-11-30-0022-roles-on-units': rolesOnUnits,
  '2026-11-30-0023-national-catalogue': nationalCatalogue,
  '2026-11-30-0024-row-level-security': rowLevelSecurity,
  '2026-11-30-0025-report-reviews': reportReviews,
  '2026-12-01-0026-reporting-loop': reportingLoop,
  '2026-12-01-0027-harvest-time-index': harvestTimeIndex,
};
