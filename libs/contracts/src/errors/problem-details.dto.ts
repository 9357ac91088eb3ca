import { z } from 'zod';

/** One field of a request that failed validation: where (`body.text`, `query.limit`, `header.Idempotency-Key`) and why. */
export const fieldErrorSchema = z.object({
  field: z.string(),
  message: z.string(),
});
export type FieldError = z.infer<typeof fieldErrorSchema>;

/** RFC 9457 problem details: every error of the HTTP API has this shape (`application/problem+json`). */
export const problemDetailsSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.int(),
    detail: z.string().optional(),
    instance: z.string().optional(),
    /** Also in the log line of the request; quote it when reporting a problem. */
    requestId: z.string().optional(),
    /** A stable, machine-readable reason (`CONVERSATION_NOT_FOUND`, `VALIDATION_FAILED`, ...). */
    code: z.string().optional(),
    /** Present on 400 validation errors. */
    errors: z.array(fieldErrorSchema).optional(),
  })
  .meta({
    examples: [
      {
        type: 'about:blank',
        title: 'Bad Request',
        status: 400,
        code: 'VALIDATION_FAILED',
        detail: 'body.text: Too small: expected string to have >=1 characters',
        errors: [{ field: 'body.text', message: 'Too small: expected string to have >=1 characters' }],
        instance: '/api/v1/conversations/6c1f9a3e-2b7d-4c59-9a51-1f0e8d2b7c44/messages',
        requestId: '3f2b8c1e-7d4a-4b9e-8f21-6a0c5d9e1b72',
      },
    ],
  });
export type ProblemDetailsDto = z.infer<typeof problemDetailsSchema>;
