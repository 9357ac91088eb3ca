import { randomBytes } from 'node:crypto';
import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { Repositories, UnitOfWork } from '@neodesk/persistence';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/app-config';
import { KnowledgeArticlesService } from '../knowledge/knowledge-articles.service';
import { sampleKnowledgeArticles } from '../knowledge/sample/sample-knowledge-base';
import { UsersService } from '../users/users.service';
import { WorkspacesService } from '../workspaces/workspaces.service';

export interface BootstrapOutcome {
  created: boolean;
  workspaceId?: string;
  adminEmail?: string;
  /** Public: it goes in the widget's script tag on the customer's site. */
  widgetKey?: string;
  /** Only when the password was generated: shown once, never stored in clear. */
  generatedPassword?: string;
}

/**
 * On the first start against an empty database, creates the default workspace and its first admin,
 * then prints how to log in. Replicas starting together take an advisory lock, so only one creates them.
 */
@Injectable()
export class BootstrapService implements OnApplicationBootstrap {
  private readonly logger = new Logger(BootstrapService.name);

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(UnitOfWork) private readonly unitOfWork: UnitOfWork,
    @Inject(Repositories) private readonly repositories: Repositories,
    @Inject(WorkspacesService) private readonly workspaces: WorkspacesService,
    @Inject(UsersService) private readonly users: UsersService,
    @Inject(KnowledgeArticlesService) private readonly knowledge: KnowledgeArticlesService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const outcome = await this.ensureDefaultWorkspace();
    if (!outcome.created) {
      return;
    }
    this.logger.log(`Created workspace ${outcome.workspaceId} and admin ${outcome.adminEmail}`);
    const password = outcome.generatedPassword ?? '(the value of BOOTSTRAP_ADMIN_PASSWORD)';
    // Printed on the console, not in the structured log: a generated password is shown this once only.
    process.stdout.write(
      [
        '',
        '  Neodesk is set up. Log in as the first admin:',
        `    URL:      ${this.config.http.publicUrl}`,
        `    E-mail:   ${outcome.adminEmail}`,
        `    Password: ${password}`,
        `  Widget key of the workspace (for the chat widget's script tag): ${outcome.widgetKey}`,
        '  (admins find it, with the script tag to paste and the allowed websites, at GET /api/v1/workspace)',
        outcome.generatedPassword === undefined
          ? ''
          : '  The password is shown only now: store it or change it after logging in.',
        '',
      ].join('\n') + '\n',
    );
  }

  async ensureDefaultWorkspace(): Promise<BootstrapOutcome> {
    if ((await this.repositories.workspaces.count()) > 0) {
      return { created: false };
    }
    return this.unitOfWork.run(async (tx) => {
      await tx.locks.lockForTransaction('neodesk.bootstrap');
      if ((await tx.workspaces.count()) > 0) {
        return { created: false };
      }
      const { workspaceName, adminEmail, adminPassword, allowedOrigins } = this.config.bootstrap;
      // The service's own address too, so its demo page (and a site on the same origin) works at once.
      const workspace = await this.workspaces.create(
        { name: workspaceName, allowedOrigins: [new URL(this.config.http.publicUrl).origin, ...allowedOrigins] },
        tx,
      );
      const generatedPassword = adminPassword === undefined ? randomBytes(15).toString('base64url') : undefined;
      await this.users.create(
        workspace.id,
        {
          email: adminEmail,
          displayName: 'Administrator',
          password: adminPassword ?? generatedPassword ?? '',
          role: 'admin',
        },
        tx,
      );
      // The sample help centre of a fictional shop, so the bot has articles to answer from at once; only here,
      // when the workspace is made, so articles an admin deletes stay deleted.
      await this.knowledge.importArticles(workspace.id, { ...sampleKnowledgeArticles(), mode: 'create' }, tx);
      return {
        created: true,
        workspaceId: workspace.id,
        adminEmail,
        widgetKey: workspace.widgetKey,
        generatedPassword,
      };
    });
  }
}
