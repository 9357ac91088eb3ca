import { randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { MAX_ALLOWED_ORIGINS, parseAllowedOrigin } from '@neodesk/contracts';
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
  updatedAt: string;
}

export interface WorkspaceChanges {
  name?: string;
  /** Replaces the list; each entry already canonical or checked here. */
  allowedOrigins?: string[];
}

export interface CreateWorkspaceInput {
  name: string;
  allowedOrigins?: string[];
}

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
    return this.update(id, { allowedOrigins: origins });
  }

  /** Renames the workspace or replaces its allowed origins (the widget accepts the new list at once). */
  async update(id: string, changes: WorkspaceChanges): Promise<WorkspaceView> {
    const name = changes.name?.trim();
    if (name !== undefined && (name.length === 0 || name.length > 120)) {
      throw new WorkspaceError(WorkspaceErrorCode.InvalidName, 'A workspace name must have 1 to 120 characters');
    }
    const allowedOrigins = changes.allowedOrigins === undefined ? undefined : normalizeOrigins(changes.allowedOrigins);
    return this.found(
      id,
      await this.repositories.workspaces.update(id, {
        ...(name === undefined ? {} : { name }),
        ...(allowedOrigins === undefined ? {} : { allowedOrigins }),
      }),
    );
  }

  /** A new widget key; the old one is refused from the next request on. */
  async rotateWidgetKey(id: string): Promise<WorkspaceView> {
    return this.found(id, await this.repositories.workspaces.update(id, { widgetKey: newWidgetKey() }));
  }

  private found(id: string, workspace: WorkspaceEntity | null): WorkspaceView {
    if (workspace === null) {
      throw new WorkspaceError(WorkspaceErrorCode.NotFound, `Workspace ${id} does not exist`);
    }
    return toView(workspace);
  }
}

/** Canonical allowed-origin entries (see parseAllowedOrigin), deduplicated; the first bad one is refused. */
export function normalizeOrigins(origins: string[]): string[] {
  if (origins.length > MAX_ALLOWED_ORIGINS) {
    throw new WorkspaceError(WorkspaceErrorCode.InvalidOrigin, `At most ${MAX_ALLOWED_ORIGINS} allowed origins`);
  }
  const normalized = origins.map((origin) => {
    const parsed = parseAllowedOrigin(origin);
    if (!parsed.ok) {
      throw new WorkspaceError(WorkspaceErrorCode.InvalidOrigin, `"${origin}" ${parsed.reason}`);
    }
    return parsed.origin;
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
    updatedAt: workspace.updatedAt.toISOString(),
  };
}
