import { z } from 'zod';
import { MAX_ALLOWED_ORIGINS, parseAllowedOrigin } from './allowed-origin';

/** One allowed-origin entry, canonicalised (lower case, default port dropped) or refused with the reason. */
const allowedOriginSchema = z.string().transform((value, context) => {
  const parsed = parseAllowedOrigin(value);
  if (!parsed.ok) {
    context.addIssue({ code: 'custom', message: `"${value.slice(0, 80)}" ${parsed.reason}` });
    return z.NEVER;
  }
  return parsed.origin;
});

/** `GET /api/v1/workspace` (admin): the caller's workspace, its widget key and what to paste on a site. */
export const workspaceSettingsSchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    slug: z.string(),
    widgetKey: z.string().meta({ description: "Public key of the workspace's chat widget (goes in the script tag)" }),
    widgetSnippet: z.string().meta({ description: 'The script tag to paste into a website, before </body>' }),
    allowedOrigins: z.array(z.string()).meta({
      description:
        'Websites allowed to embed the widget: scheme://host[:port], or https://*.example.com for every subdomain',
    }),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
  })
  .meta({
    examples: [
      {
        id: '9a3c1a2e-4a8f-4f44-b1f0-2d8a8f3f5c11',
        name: 'Alder & Finch',
        slug: 'alder-finch',
        widgetKey: 'nd_pk_Q2hhdFdpZGdldEtleUV4YW1wbGU',
        widgetSnippet:
          '<script src="https://chat.example.com/widget.js" data-widget-key="nd_pk_Q2hhdFdpZGdldEtleUV4YW1wbGU" async></script>',
        allowedOrigins: ['https://shop.example.com', 'https://*.example.com'],
        createdAt: '2026-11-26T10:00:00.000Z',
        updatedAt: '2026-11-26T10:00:00.000Z',
      },
    ],
  });
export type WorkspaceSettingsDto = z.infer<typeof workspaceSettingsSchema>;

/** `PATCH /api/v1/workspace` (admin): only the fields sent change; `allowedOrigins` replaces the list. */
export const updateWorkspaceRequestSchema = z.strictObject({
  name: z
    .string()
    .trim()
    .min(1)
    .max(120)
    .refine((text) => !text.includes('\u0000') && text.isWellFormed(), { message: 'must be valid Unicode text' })
    .optional(),
  allowedOrigins: z
    .array(allowedOriginSchema)
    .max(MAX_ALLOWED_ORIGINS)
    .transform((origins) => [...new Set(origins)])
    .optional(),
});
export type UpdateWorkspaceRequest = z.infer<typeof updateWorkspaceRequestSchema>;
