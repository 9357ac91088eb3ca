/**
 * The floor of npm run bench:gateway: a bare socket.io server (no NestJS, no TypeORM) that stores each
 * `message:send` with one INSERT through pg and acks it. It takes the next sequence number from the
 * conversation's counter in the same statement (the row lock serializes one conversation's appends),
 * into the same migrated schema the service uses. No authentication, validation, idempotency check or
 * fan-out: only what no implementation on this stack can avoid.
 * Environment: DATABASE_URL, PORT, POOL_SIZE. Prints "listening <port>" once it accepts connections.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Pool } from 'pg';
import { Server } from 'socket.io';

const APPEND_SQL = `
  WITH conversation AS (
    UPDATE conversations SET last_seq = last_seq + 1, last_message_at = now()
    WHERE id = $1
    RETURNING id, workspace_id, last_seq
  )
  INSERT INTO messages (workspace_id, conversation_id, seq, author, text, client_message_id)
  SELECT workspace_id, id, last_seq, 'customer', $2, $3 FROM conversation
  RETURNING id, conversation_id, seq, text, client_message_id, created_at`;

interface AppendedRow {
  id: string;
  conversation_id: string;
  seq: number;
  text: string;
  client_message_id: string;
  created_at: Date;
}

interface SendPayload {
  conversationId: string;
  clientMessageId: string;
  text: string;
}

type AckFn = (answer: unknown) => void;

const pool = new Pool({ connectionString: process.env.DATABASE_URL, max: Number(process.env.POOL_SIZE ?? 10) });
const http = createServer();
const io = new Server(http, { transports: ['websocket'], maxHttpBufferSize: 64 * 1024, serveClient: false });

io.of('/visitor').on('connection', (socket) => {
  socket.on('message:send', (payload: SendPayload, ack: AckFn) => {
    pool.query<AppendedRow>(APPEND_SQL, [payload.conversationId, payload.text, payload.clientMessageId]).then(
      ({ rows: [row] }) =>
        ack(
          row === undefined
            ? { ok: false, error: { code: 'CONVERSATION_NOT_FOUND', message: 'No such conversation' } }
            : {
                ok: true,
                data: {
                  id: row.id,
                  conversationId: row.conversation_id,
                  seq: row.seq,
                  author: 'customer',
                  authorUserId: null,
                  authorName: null,
                  text: row.text,
                  clientMessageId: row.client_message_id,
                  generation: null,
                  feedback: null,
                  createdAt: row.created_at.toISOString(),
                },
              },
        ),
      (error: Error) => ack({ ok: false, error: { code: 'INTERNAL_ERROR', message: error.message } }),
    );
  });
  socket.emit('session:ready', {});
});

// --cpu-prof writes its profile on a normal exit only.
process.once('SIGTERM', () => {
  void io.close(() => void pool.end().finally(() => process.exit(0)));
});

http.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  process.stdout.write(`listening ${(http.address() as AddressInfo).port}\n`);
});
