import { SIMPLE_SECTIONS } from '../applications/application-sections';
import type { ApplicationRecord, DocumentRecord } from '../applications/applications.repository';
import type { SubmissionProblem } from '../applications/domain/answers';
import type { ApplicationStatus } from '../applications/domain/application-state';
import { formatYuan } from '../applications/domain/money';
import type { Readiness } from '../applications/submit-application.service';
import { eFormIdOf } from './govstack-catalogue.service';
import type { FileRow, GovstackService } from './govstack.repository';
import { GOVSTACK_PREFIX } from './govstack-settings';

export interface StatusModel {
  code: 'PENDING' | 'APPROVED' | 'SENDBACK' | 'REJECTED';
  title: string;
}

const STATUS: Readonly<Record<ApplicationStatus, StatusModel>> = {
  draft: { code: 'PENDING', title: 'Draft' },
  submitted: { code: 'PENDING', title: 'Submitted' },
  in_review: { code: 'PENDING', title: 'In review' },
  returned: { code: 'SENDBACK', title: 'Sent back' },
  approved: { code: 'APPROVED', title: 'Approved' },
  rejected: { code: 'REJECTED', title: 'Rejected' },
  withdrawn: { code: 'REJECTED', title: 'Withdrawn' },
};

export const statusModel = (status: ApplicationStatus): StatusModel => STATUS[status];
export const isEnded = (status: ApplicationStatus): boolean => ['approved', 'rejected', 'withdrawn'].includes(status);

export interface FileJson {
  fileId: string;
  reference: string;
  registered?: string;
  serviceId: string | null;
  serviceName: string | null;
  status: StatusModel;
  ended: boolean;
  applicationData: {
    applicationName: string;
    applicantId: string;
    created: string;
    formData: { eFormId: string | null; data: Record<string, unknown> };
    documentUrls: string[];
  };
  /** While the applicant works on it: what still stands between the application and its submission. */
  missing?: string[];
}

export interface FileListItem {
  fileId: string;
  mainTaskId: string;
  taskTitle: string;
  roleId: string;
  roleName: string;
  assigneeId: string | null;
  operatorName: string | null;
  status: StatusModel;
  applicantId: string;
  created: string;
  registered?: string;
  description: string;
  serviceName: string | null;
  serviceId: string | null;
  eformId: string | null;
}

export function documentUrl(applicationId: string, documentId: string): string {
  return `${GOVSTACK_PREFIX}/applications/${applicationId}/documents/${documentId}`;
}

export function fileJson(
  application: ApplicationRecord,
  service: GovstackService | undefined,
  documents: DocumentRecord[],
  readiness: Readiness | undefined,
): FileJson {
  const missing = readiness
    ? [...readiness.problems.map(problemText), ...(readiness.name?.available === false ? ['name is not available'] : [])]
    : [];
  return {
    fileId: application.id,
    reference: application.reference,
    ...(application.submittedAt ? { registered: application.submittedAt.toISOString() } : {}),
    serviceId: service?.id ?? null,
    serviceName: service?.name ?? null,
    status: statusModel(application.status),
    ended: isEnded(application.status),
    applicationData: {
      applicationName: application.proposedName ?? application.reference,
      applicantId: application.applicantId,
      created: application.createdAt.toISOString(),
      formData: { eFormId: service ? eFormIdOf(service) : null, data: formDataOf(application) },
      documentUrls: documents.map((d) => documentUrl(application.id, d.id)),
    },
    ...(readiness && !readiness.ready ? { missing } : {}),
  };
}

export function fileListItem(row: FileRow, service: GovstackService | undefined): FileListItem {
  return {
    fileId: row.id,
    mainTaskId: row.id,
    taskTitle: `Application ${row.reference}`,
    roleId: 'reviewer',
    roleName: 'Reviewer',
    assigneeId: row.assigneeId,
    operatorName: row.assigneeName,
    status: statusModel(row.status),
    applicantId: row.applicantId,
    created: row.createdAt.toISOString(),
    ...(row.submittedAt ? { registered: row.submittedAt.toISOString() } : {}),
    description: row.proposedName ?? row.reference,
    serviceName: service?.name ?? null,
    serviceId: service?.id ?? null,
    eformId: service ? eFormIdOf(service) : null,
  };
}

/** The saved answers in the e-form's shape: each section as its page shows it. */
export function formDataOf(application: ApplicationRecord): Record<string, unknown> {
  const a = application.answers;
  const data: Record<string, unknown> = {};
  for (const section of SIMPLE_SECTIONS) {
    if (a[section.key as keyof typeof a] === undefined) continue;
    data[section.key] = section.key === 'entityType' ? a.entityType : section.values(a);
  }
  if (a.industry) data['industry'] = { classCode: a.industry.classCode, scope: a.industry.scope };
  if (a.shareholders) {
    data['shareholders'] = a.shareholders.map(({ id: _id, contributionFen, ...rest }) => ({
      ...rest,
      contribution: formatYuan(BigInt(contributionFen)),
    }));
  }
  if (a.officers) data['officers'] = a.officers.map(({ id: _id, ...rest }) => rest);
  return data;
}

function problemText(problem: SubmissionProblem): string {
  switch (problem.code) {
    case 'section_incomplete':
      return problem.section === 'documents' ? 'documents: upload the required documents' : `${problem.section}: not answered`;
    case 'contributions_mismatch':
      return 'shareholders: contributions do not add up to the registered capital';
    case 'sole_proprietor_count':
      return 'shareholders: a sole proprietorship has one investor';
  }
}
