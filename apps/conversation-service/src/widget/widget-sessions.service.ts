import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { CreateWidgetSessionRequest, WidgetSessionDto } from '@neodesk/contracts';
import { SignedTokens } from '../auth/signed-tokens';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { ConversationsService } from '../conversations/conversations.service';
import { WorkspacesService, type WorkspaceView } from '../workspaces/workspaces.service';
import { type PageOrigin, isOriginAllowed } from './origin-policy';
import { WidgetError, WidgetErrorCode } from './widget.error';

/** Who a visitor socket or request acts as. */
export interface VisitorIdentity {
  workspaceId: string;
  visitorId: string;
}

/** Long enough to survive a visitor closing the tab for a while; a new session renews it. */
export const VISITOR_TOKEN_TTL_SECONDS = 7 * 24 * 60 * 60;

/** Anonymous widget visitors: public by design, gated by the widget key and the page's origin. */
@Injectable()
export class WidgetSessionsService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(WorkspacesService) private readonly workspaces: WorkspacesService,
    @Inject(ConversationsService) private readonly conversations: ConversationsService,
    @Inject(SignedTokens) private readonly tokens: SignedTokens,
  ) {}

  /** A new visitor, or a returning one proven by its token, with its newest open conversation. */
  /**
   * `pageAllowed` runs once the page's origin is accepted, before the visitor token is checked, so the
   * edge can let that page read a refusal of its token too (the widget then starts a new visitor).
   */
  async create(
    input: CreateWidgetSessionRequest,
    page: PageOrigin,
    pageAllowed: () => void = () => undefined,
  ): Promise<WidgetSessionDto> {
    const workspace = await this.workspaceFor(input.widgetKey, page);
    pageAllowed();
    let visitorId: string = randomUUID();
    if (input.visitorToken !== undefined) {
      visitorId = this.visitorIdFrom(workspace.id, input.visitorToken);
      if (input.visitorId !== undefined && input.visitorId !== visitorId) {
        throw new WidgetError(WidgetErrorCode.InvalidVisitorToken, 'The visitor token belongs to another visitor');
      }
    }
    const open = (await this.conversations.list(workspace.id, { visitorId, limit: 20 })).find(
      (conversation) => conversation.status !== 'resolved',
    );
    const conversation = open ?? (await this.conversations.create(workspace.id, { visitorId, channel: 'web' }));
    return {
      visitorId,
      visitorToken: this.tokens.sign('visitor', workspace.id, visitorId, VISITOR_TOKEN_TTL_SECONDS),
      expiresIn: VISITOR_TOKEN_TTL_SECONDS,
      conversation,
    };
  }

  /** Checks a socket's widget key, page origin and visitor token. */
  async authenticate(widgetKey: string, visitorToken: string, page: PageOrigin): Promise<VisitorIdentity> {
    const workspace = await this.workspaceFor(widgetKey, page);
    return { workspaceId: workspace.id, visitorId: this.visitorIdFrom(workspace.id, visitorToken) };
  }

  private async workspaceFor(widgetKey: string, page: PageOrigin): Promise<WorkspaceView> {
    const workspace = await this.workspaces.findByWidgetKey(widgetKey);
    if (workspace === null) {
      throw new WidgetError(WidgetErrorCode.UnknownWidgetKey, 'Unknown widget key');
    }
    if (!isOriginAllowed(page, workspace.allowedOrigins, this.config.nodeEnv)) {
      throw new WidgetError(
        WidgetErrorCode.OriginNotAllowed,
        `The origin ${page.origin ?? ''} may not use this widget`,
      );
    }
    return workspace;
  }

  private visitorIdFrom(workspaceId: string, visitorToken: string): string {
    const claims = this.tokens.verify('visitor', visitorToken);
    // A token of another workspace is as good as a forged one here.
    if (claims === null || claims.workspaceId !== workspaceId) {
      throw new WidgetError(WidgetErrorCode.InvalidVisitorToken, 'The visitor token is invalid or expired');
    }
    return claims.subject;
  }
}
