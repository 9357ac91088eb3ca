import type { NestExpressApplication } from '@nestjs/platform-express';
import type { BotReplyDeltaEvent, BotReplyEndEvent } from '@neodesk/contracts';
import { type Socket, io } from 'socket.io-client';
import { BotReplyService } from '../../../apps/conversation-service/src/bot/bot-reply.service';
import type { ServiceProcess } from '../../support/service-process';

/** What a gate needs of a test stack: the in-process service, its address and the worker process. */
export interface GatedStack {
  app: NestExpressApplication;
  origin: string;
  worker: ServiceProcess | undefined;
}

/** How a hold ended: the worker frozen with the reply still being written, or the reply over first. */
export interface Hold {
  /** True when the service still holds the reply unfinished with the worker frozen. */
  frozen: boolean;
  /** The token the hold acted on (for an end: the armed index). */
  index: number;
  replyId: string;
  conversationId: string;
}

/**
 * Time for what the worker had sent before it stopped to reach the service: after it, the service's view
 * of the reply no longer changes.
 */
const SETTLE_MS = 300;

/** Freezes or thaws a worker process. */
export function pauseWorker(stack: GatedStack, paused: boolean): void {
  if (stack.worker !== undefined) {
    process.kill(stack.worker.pid, paused ? 'SIGSTOP' : 'SIGCONT');
  }
}

/**
 * Stops the worker right after a reply's `index`-th token, seen over an agent socket of the workspace, so a
 * test can act while the reply is being written. The socket sees the token milliseconds after the worker
 * sent it, and the bundled model writes a whole reply in about 100 ms: the reply may be over before the
 * freeze lands. A hold therefore says whether it caught the reply (`frozen`), checked in the service after
 * the worker's last bytes arrived; a test that needs a reply mid-stream asks again with another message.
 * `release()` lets the worker go on.
 */
export class ReplyGate {
  private armed: { index: number; settle: (hold: Hold) => void } | undefined;
  private paused = false;

  private constructor(
    private readonly stack: GatedStack,
    private readonly workspaceId: string,
    private readonly socket: Socket,
  ) {
    socket.on('bot:reply:delta', (delta: BotReplyDeltaEvent) => {
      const armed = this.armed;
      if (armed === undefined || delta.index < armed.index) {
        return;
      }
      this.armed = undefined;
      pauseWorker(this.stack, true);
      this.paused = true;
      void this.stillWriting(delta).then((frozen) =>
        armed.settle({ frozen, index: delta.index, replyId: delta.replyId, conversationId: delta.conversationId }),
      );
    });
    socket.on('bot:reply:end', (end: BotReplyEndEvent) => {
      // Over before it reached the armed token.
      const armed = this.armed;
      if (armed !== undefined) {
        this.armed = undefined;
        armed.settle({ frozen: false, index: armed.index, replyId: end.replyId, conversationId: end.conversationId });
      }
    });
  }

  /** A gate over an agent socket signed in with `accessToken` (any member of workspace `workspaceId`). */
  static async connect(stack: GatedStack, workspaceId: string, accessToken: string): Promise<ReplyGate> {
    const socket = io(`${stack.origin}/agent`, {
      transports: ['websocket'],
      auth: { token: accessToken },
      forceNew: true,
    });
    await new Promise<void>((resolve, reject) => {
      socket.once('session:ready', () => resolve());
      socket.once('connect_error', reject);
    });
    return new ReplyGate(stack, workspaceId, socket);
  }

  static async login(stack: GatedStack, workspaceId: string, email: string, password: string): Promise<ReplyGate> {
    const login = await fetch(`${stack.origin}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password }),
    });
    const { accessToken } = (await login.json()) as { accessToken: string };
    return ReplyGate.connect(stack, workspaceId, accessToken);
  }

  /** Arms the gate for the next reply token at `index` or later; resolves once frozen or the reply ended. */
  holdAt(index: number): Promise<Hold> {
    return new Promise((settle) => {
      this.armed = { index, settle };
    });
  }

  release(): void {
    this.armed = undefined;
    if (this.paused) {
      this.paused = false;
      pauseWorker(this.stack, false);
    }
  }

  close(): void {
    this.release();
    this.socket.disconnect();
  }

  private async stillWriting(delta: BotReplyDeltaEvent): Promise<boolean> {
    await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
    const streaming = await this.stack.app.get(BotReplyService).snapshots(this.workspaceId, delta.conversationId);
    return streaming.some((reply) => reply.replyId === delta.replyId && reply.text !== '');
  }
}
