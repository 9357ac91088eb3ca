import type { WidgetConfigDto } from '@neodesk/contracts';

export type ConfigResult = { ok: true; config: WidgetConfigDto } | { ok: false; permanent: boolean; status: number };

/** `GET /api/v1/widget/config`: a 4xx (unknown key, origin not allowed) is final, anything else is retried. */
export async function fetchConfig(serviceOrigin: string, widgetKey: string): Promise<ConfigResult> {
  try {
    const response = await fetch(`${serviceOrigin}/api/v1/widget/config?widgetKey=${encodeURIComponent(widgetKey)}`, {
      credentials: 'omit',
    });
    if (!response.ok) {
      return { ok: false, permanent: response.status >= 400 && response.status < 500, status: response.status };
    }
    return { ok: true, config: (await response.json()) as WidgetConfigDto };
  } catch {
    return { ok: false, permanent: false, status: 0 };
  }
}
