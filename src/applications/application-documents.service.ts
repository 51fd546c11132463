import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditService, type Actor } from '../audit/audit.service';
import { DomainError } from '../common/errors/domain-error';
import { ApplicationAccessService } from './application-access.service';
import { ApplicationsRepository, type DocumentRecord } from './applications.repository';
import type { DocumentKind } from './domain/answers';
import { isEditable } from './domain/application-state';
import { checkDocumentContent, safeFileName } from './domain/document-content';

/** Uploading, removing and reading the documents an application carries. */
@Injectable()
export class ApplicationDocumentsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly applications: ApplicationsRepository,
    private readonly access: ApplicationAccessService,
    private readonly audit: AuditService,
  ) {}

  upload(actor: Actor, id: string, kind: DocumentKind, file: { originalName: string; content: Buffer }): Promise<string> {
    const check = checkDocumentContent(file.content);
    if (!check.ok) throw new DomainError(`document.${check.reason}`);
    return this.dataSource.transaction(async (manager) => {
      const application = await this.access.owned(actor, id, manager);
      if (!isEditable(application.status)) throw new DomainError('application.not_editable', { status: application.status });
      // Serialise with submission: a document cannot slip in after the application has left the applicant.
      const locked = await this.applications.transition(manager, id, ['draft', 'returned'], application.status);
      if (!locked) throw new DomainError('application.changed');
      const sha256 = createHash('sha256').update(file.content).digest('hex');
      const fileName = safeFileName(file.originalName);
      const documentId = await this.applications.addDocument(manager, {
        applicationId: id,
        kind,
        fileName,
        contentType: check.contentType,
        sha256,
        content: file.content,
      });
      await this.audit.record(manager, actor, {
        action: 'application.document_uploaded',
        subjectType: 'application',
        subjectId: id,
        details: { documentId, kind, fileName, contentType: check.contentType, sizeBytes: file.content.length, sha256 },
      });
      return documentId;
    });
  }

  remove(actor: Actor, id: string, documentId: string): Promise<void> {
    return this.dataSource.transaction(async (manager) => {
      const application = await this.access.owned(actor, id, manager);
      if (!isEditable(application.status)) throw new DomainError('application.not_editable', { status: application.status });
      const removed = await this.applications.removeDocument(manager, id, documentId);
      if (!removed) throw new DomainError('application.item_not_found');
      await this.audit.record(manager, actor, {
        action: 'application.document_removed',
        subjectType: 'application',
        subjectId: id,
        details: { documentId, kind: removed.kind, fileName: removed.fileName },
      });
    });
  }

  async list(actor: Actor, id: string): Promise<DocumentRecord[]> {
    await this.access.readable(actor, id);
    return this.applications.documents(id);
  }

  async read(actor: Actor, id: string, documentId: string): Promise<DocumentRecord & { content: Buffer }> {
    await this.access.readable(actor, id);
    const document = await this.applications.documentContent(id, documentId);
    if (!document) throw new DomainError('application.item_not_found');
    return document;
  }
}
