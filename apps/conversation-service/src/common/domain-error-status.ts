import { HttpStatus } from '@nestjs/common';
import { AdminAppError, AdminAppErrorCode } from '../admin-app/admin-app.error';
import { ApiKeyError, ApiKeyErrorCode } from '../api-keys/api-key.error';
import { BotPreviewError, BotPreviewErrorCode } from '../bot/bot-preview.error';
import { CannedReplyError, CannedReplyErrorCode } from '../canned-replies/canned-reply.error';
import { KnowledgeError, KnowledgeErrorCode } from '../knowledge/knowledge.error';
import { AuthError, AuthErrorCode } from '../auth/auth.error';
import { ConversationError, ConversationErrorCode } from '../conversations/conversation.error';
import { MessagePostError, MessagePostErrorCode } from '../messages/message-post.error';
import { MetricsError, MetricsErrorCode } from '../metrics/metrics.error';
import { RateLimitError, RateLimitErrorCode } from '../rate-limit/rate-limit.error';
import { UserError, UserErrorCode } from '../users/user.error';
import { WebhookError, WebhookErrorCode } from '../webhooks/webhook.error';
import { WidgetError, WidgetErrorCode } from '../widget/widget.error';
import { WidgetSettingsError, WidgetSettingsErrorCode } from '../widget-settings/widget-settings.error';
import { WidgetAssetError, WidgetAssetErrorCode } from '../widget-assets/widget-assets.error';
import { SatisfactionError, SatisfactionErrorCode } from '../satisfaction/satisfaction.error';
import { WorkspaceError, WorkspaceErrorCode } from '../workspaces/workspace.error';
import { assertUnreachable } from './assert-unreachable';
import { HttpRequestError, HttpRequestErrorCode } from './http-request.error';

export interface DomainErrorStatus {
  status: HttpStatus;
  code: string;
}

/** The HTTP status of each feature's domain error codes; null for anything that is not a domain error. */
export function domainErrorStatus(error: unknown): DomainErrorStatus | null {
  if (error instanceof WidgetError) {
    return { status: widgetStatus(error.code), code: error.code };
  }
  if (error instanceof AuthError) {
    return { status: authStatus(error.code), code: error.code };
  }
  if (error instanceof ConversationError) {
    return { status: conversationStatus(error.code), code: error.code };
  }
  if (error instanceof WorkspaceError) {
    return { status: workspaceStatus(error.code), code: error.code };
  }
  if (error instanceof UserError) {
    return { status: userStatus(error.code), code: error.code };
  }
  if (error instanceof ApiKeyError) {
    return { status: apiKeyStatus(error.code), code: error.code };
  }
  if (error instanceof RateLimitError) {
    return { status: rateLimitStatus(error.code), code: error.code };
  }
  if (error instanceof HttpRequestError) {
    return { status: httpRequestStatus(error.code), code: error.code };
  }
  if (error instanceof MessagePostError) {
    return { status: messagePostStatus(error.code), code: error.code };
  }
  if (error instanceof WebhookError) {
    return { status: webhookStatus(error.code), code: error.code };
  }
  if (error instanceof WidgetSettingsError) {
    return { status: widgetSettingsStatus(error.code), code: error.code };
  }
  if (error instanceof WidgetAssetError) {
    return { status: widgetAssetStatus(error.code), code: error.code };
  }
  if (error instanceof SatisfactionError) {
    return { status: satisfactionStatus(error.code), code: error.code };
  }
  if (error instanceof AdminAppError) {
    return { status: adminAppStatus(error.code), code: error.code };
  }
  if (error instanceof CannedReplyError) {
    return { status: cannedReplyStatus(error.code), code: error.code };
  }
  if (error instanceof KnowledgeError) {
    return { status: knowledgeStatus(error.code), code: error.code };
  }
  if (error instanceof MetricsError) {
    return { status: metricsStatus(error.code), code: error.code };
  }
  if (error instanceof BotPreviewError) {
    return { status: botPreviewStatus(error.code), code: error.code };
  }
  return null;
}

function widgetStatus(code: WidgetErrorCode): HttpStatus {
  switch (code) {
    case WidgetErrorCode.UnknownWidgetKey:
    case WidgetErrorCode.InvalidVisitorToken:
      return HttpStatus.UNAUTHORIZED;
    case WidgetErrorCode.OriginNotAllowed:
      return HttpStatus.FORBIDDEN;
    default:
      return assertUnreachable(code);
  }
}

function authStatus(code: AuthErrorCode): HttpStatus {
  switch (code) {
    case AuthErrorCode.InvalidCredentials:
    case AuthErrorCode.InvalidToken:
    case AuthErrorCode.MissingCredentials:
    case AuthErrorCode.InvalidApiKey:
    case AuthErrorCode.InvalidRefreshToken:
      return HttpStatus.UNAUTHORIZED;
    case AuthErrorCode.InsufficientScope:
      return HttpStatus.FORBIDDEN;
    default:
      return assertUnreachable(code);
  }
}

function conversationStatus(code: ConversationErrorCode): HttpStatus {
  switch (code) {
    case ConversationErrorCode.NotFound:
    case ConversationErrorCode.MessageNotFound:
      return HttpStatus.NOT_FOUND;
    case ConversationErrorCode.InvalidTransition:
    case ConversationErrorCode.BotNotAllowed:
    case ConversationErrorCode.ReplySuperseded:
    case ConversationErrorCode.ClientMessageIdConflict:
      return HttpStatus.CONFLICT;
    case ConversationErrorCode.AgentRequired:
    case ConversationErrorCode.AgentNotInWorkspace:
    case ConversationErrorCode.InvalidInput:
    case ConversationErrorCode.InvalidMessage:
    case ConversationErrorCode.FeedbackNotAllowed:
      return HttpStatus.UNPROCESSABLE_ENTITY;
    default:
      return assertUnreachable(code);
  }
}

function workspaceStatus(code: WorkspaceErrorCode): HttpStatus {
  switch (code) {
    case WorkspaceErrorCode.NotFound:
      return HttpStatus.NOT_FOUND;
    case WorkspaceErrorCode.InvalidName:
    case WorkspaceErrorCode.InvalidOrigin:
      return HttpStatus.UNPROCESSABLE_ENTITY;
    default:
      return assertUnreachable(code);
  }
}

function userStatus(code: UserErrorCode): HttpStatus {
  switch (code) {
    case UserErrorCode.NotFound:
      return HttpStatus.NOT_FOUND;
    case UserErrorCode.EmailTaken:
    case UserErrorCode.LastAdmin:
      return HttpStatus.CONFLICT;
    case UserErrorCode.InvalidEmail:
    case UserErrorCode.WeakPassword:
    case UserErrorCode.InvalidName:
      return HttpStatus.UNPROCESSABLE_ENTITY;
    default:
      return assertUnreachable(code);
  }
}

function apiKeyStatus(code: ApiKeyErrorCode): HttpStatus {
  switch (code) {
    case ApiKeyErrorCode.NotFound:
      return HttpStatus.NOT_FOUND;
    case ApiKeyErrorCode.InvalidExpiry:
      return HttpStatus.UNPROCESSABLE_ENTITY;
    default:
      return assertUnreachable(code);
  }
}

function rateLimitStatus(code: RateLimitErrorCode): HttpStatus {
  switch (code) {
    case RateLimitErrorCode.TooManyRequests:
    case RateLimitErrorCode.LoginLocked:
      return HttpStatus.TOO_MANY_REQUESTS;
    default:
      return assertUnreachable(code);
  }
}

function httpRequestStatus(code: HttpRequestErrorCode): HttpStatus {
  switch (code) {
    case HttpRequestErrorCode.MalformedJson:
      return HttpStatus.BAD_REQUEST;
    case HttpRequestErrorCode.PayloadTooLarge:
      return HttpStatus.PAYLOAD_TOO_LARGE;
    case HttpRequestErrorCode.UnsupportedMediaType:
      return HttpStatus.UNSUPPORTED_MEDIA_TYPE;
    default:
      return assertUnreachable(code);
  }
}

function messagePostStatus(code: MessagePostErrorCode): HttpStatus {
  switch (code) {
    case MessagePostErrorCode.BotUnavailable:
      return HttpStatus.SERVICE_UNAVAILABLE;
    default:
      return assertUnreachable(code);
  }
}

function webhookStatus(code: WebhookErrorCode): HttpStatus {
  switch (code) {
    case WebhookErrorCode.NotFound:
    case WebhookErrorCode.DeliveryNotFound:
      return HttpStatus.NOT_FOUND;
    case WebhookErrorCode.DeliveryInFlight:
      return HttpStatus.CONFLICT;
    case WebhookErrorCode.UrlNotAllowed:
    case WebhookErrorCode.UrlUnresolvable:
      return HttpStatus.UNPROCESSABLE_ENTITY;
    default:
      return assertUnreachable(code);
  }
}

function widgetSettingsStatus(code: WidgetSettingsErrorCode): HttpStatus {
  switch (code) {
    case WidgetSettingsErrorCode.UnknownWidgetKey:
      return HttpStatus.NOT_FOUND;
    default:
      return assertUnreachable(code);
  }
}

function widgetAssetStatus(code: WidgetAssetErrorCode): HttpStatus {
  switch (code) {
    case WidgetAssetErrorCode.NotFound:
      return HttpStatus.NOT_FOUND;
    case WidgetAssetErrorCode.NotBuilt:
      return HttpStatus.SERVICE_UNAVAILABLE;
    default:
      return assertUnreachable(code);
  }
}

function satisfactionStatus(code: SatisfactionErrorCode): HttpStatus {
  switch (code) {
    case SatisfactionErrorCode.NotFound:
      return HttpStatus.NOT_FOUND;
    default:
      return assertUnreachable(code);
  }
}

function metricsStatus(code: MetricsErrorCode): HttpStatus {
  switch (code) {
    case MetricsErrorCode.LoopbackOnly:
      return HttpStatus.FORBIDDEN;
    default:
      return assertUnreachable(code);
  }
}

function adminAppStatus(code: AdminAppErrorCode): HttpStatus {
  switch (code) {
    case AdminAppErrorCode.NotFound:
      return HttpStatus.NOT_FOUND;
    case AdminAppErrorCode.NotBuilt:
      return HttpStatus.SERVICE_UNAVAILABLE;
    default:
      return assertUnreachable(code);
  }
}

function cannedReplyStatus(code: CannedReplyErrorCode): HttpStatus {
  switch (code) {
    case CannedReplyErrorCode.NotFound:
      return HttpStatus.NOT_FOUND;
    case CannedReplyErrorCode.ShortcutTaken:
    case CannedReplyErrorCode.LimitReached:
      return HttpStatus.CONFLICT;
    default:
      return assertUnreachable(code);
  }
}

function knowledgeStatus(code: KnowledgeErrorCode): HttpStatus {
  switch (code) {
    case KnowledgeErrorCode.NotFound:
      return HttpStatus.NOT_FOUND;
    case KnowledgeErrorCode.TitleTaken:
    case KnowledgeErrorCode.LimitReached:
      return HttpStatus.CONFLICT;
    case KnowledgeErrorCode.ImportUnreadable:
      return HttpStatus.UNPROCESSABLE_ENTITY;
    case KnowledgeErrorCode.ImportTooLarge:
      return HttpStatus.PAYLOAD_TOO_LARGE;
    case KnowledgeErrorCode.ImportUnsupportedType:
      return HttpStatus.UNSUPPORTED_MEDIA_TYPE;
    default:
      return assertUnreachable(code);
  }
}

function botPreviewStatus(code: BotPreviewErrorCode): HttpStatus {
  switch (code) {
    case BotPreviewErrorCode.NoWorker:
      return HttpStatus.SERVICE_UNAVAILABLE;
    case BotPreviewErrorCode.TimedOut:
      return HttpStatus.GATEWAY_TIMEOUT;
    case BotPreviewErrorCode.Failed:
      return HttpStatus.BAD_GATEWAY;
    case BotPreviewErrorCode.TooMany:
      return HttpStatus.TOO_MANY_REQUESTS;
    default:
      return assertUnreachable(code);
  }
}
