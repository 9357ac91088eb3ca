import { randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { Repositories, UnitOfWork, WorkspaceEntity } from '@neodesk/persistence';
import { defaultBotSettings } from './default-bot-settings';
import { WorkspaceError, WorkspaceErrorCode } from './workspace.error';

export interface WorkspaceView {
  id: string;
  name: string;
  slug: string;
  widgetKey: string;
  allowedOrigins: string[];
  createdAt: string;
}

export interface CreateWorkspaceInput {
  name: string;
  allowedOrigins?: string[];
}

const MAX_ORIGINS = 50;

@Injectable()
export class WorkspacesService {
  constructor(
    @Inject(UnitOfWork) private readonly unitOfWork: UnitOfWork,
    @Inject(Repositories) private readonly repositories: Repositories,
  ) {}

  /** Creates a tenant with a fresh widget key and default bot settings, atomically (or inside `tx`). */
  async create(input: CreateWorkspaceInput, tx?: Repositories): Promise<WorkspaceView> {
    const name = input.name.trim();
    if (name.length === 0 || name.length > 120) {
      throw new WorkspaceError(WorkspaceErrorCode.InvalidName, 'A workspace name must have 1 to 120 characters');
    }
    const allowedOrigins = normalizeOrigins(input.allowedOrigins ?? []);
    const work = async (repositories: Repositories): Promise<WorkspaceView> => {
      const slug = await uniqueSlug(name, (candidate) => repositories.workspaces.existsBySlug(candidate));
      const workspace = await repositories.workspaces.create({ name, slug, widgetKey: newWidgetKey(), allowedOrigins });
      await repositories.botSettings.create(defaultBotSettings(workspace.id));
      return toView(workspace);
    };
    return tx === undefined ? this.unitOfWork.run(work) : work(tx);
  }

  async get(id: string): Promise<WorkspaceView> {
    const workspace = await this.repositories.workspaces.findById(id);
    if (workspace === null) {
      throw new WorkspaceError(WorkspaceErrorCode.NotFound, `Workspace ${id} does not exist`);
    }
    return toView(workspace);
  }

  async findByWidgetKey(widgetKey: string): Promise<WorkspaceView | null> {
    const workspace = await this.repositories.workspaces.findByWidgetKey(widgetKey);
    return workspace === null ? null : toView(workspace);
  }

  async setAllowedOrigins(id: string, origins: string[]): Promise<WorkspaceView> {
    const workspace = await this.repositories.workspaces.updateAllowedOrigins(id, normalizeOrigins(origins));
    if (workspace === null) {
      throw new WorkspaceError(WorkspaceErrorCode.NotFound, `Workspace ${id} does not exist`);
    }
    return toView(workspace);
  }
}

/** Accepts only bare origins (scheme://host[:port]) over http or https, deduplicated. */
export function normalizeOrigins(origins: string[]): string[] {
  if (origins.length > MAX_ORIGINS) {
    throw new WorkspaceError(WorkspaceErrorCode.InvalidOrigin, `At most ${MAX_ORIGINS} allowed origins`);
  }
  const normalized = origins.map((origin) => {
    let url: URL;
    try {
      url = new URL(origin);
    } catch {
      throw new WorkspaceError(WorkspaceErrorCode.InvalidOrigin, `"${origin}" is not a URL`);
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      throw new WorkspaceError(WorkspaceErrorCode.InvalidOrigin, `"${origin}" must use http or https`);
    }
    if (url.origin !== origin.replace(/\/$/, '').toLowerCase()) {
      throw new WorkspaceError(
        WorkspaceErrorCode.InvalidOrigin,
        `"${origin}" must be an origin only (scheme://host[:port]), like ${url.origin}`,
      );
    }
    return url.origin;
  });
  return [...new Set(normalized)];
}

function newWidgetKey(): string {
  return `nd_pk_${randomBytes(18).toString('base64url')}`;
}

async function uniqueSlug(name: string, exists: (slug: string) => Promise<boolean>): Promise<string> {
  const base =
    name
      .normalize('NFKD')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 48) || 'workspace';
  for (let suffix = 1; ; suffix++) {
    const candidate = suffix === 1 ? base : `${base}-${suffix}`;
    if (suffix > 20) {
      return `${base}-${randomBytes(4).toString('hex')}`;
    }
    if (!(await exists(candidate))) {
      return candidate;
    }
  }
}

function toView(workspace: WorkspaceEntity): WorkspaceView {
  return {
    id: workspace.id,
    name: workspace.name,
    slug: workspace.slug,
    widgetKey: workspace.widgetKey,
    allowedOrigins: workspace.allowedOrigins,
    createdAt: workspace.createdAt.toISOString(),
  };
}
